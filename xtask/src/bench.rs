//! `cargo xtask bench [NAME]`: benchmarks that print numbers, not pass/fail.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::{cmd, output, run, step, Result};

const BENCHES: [&str; 5] = ["sim", "relay", "keys", "load", "office"];

pub fn bench(args: &[String]) -> Result {
    let names: Vec<&str> = match args.first() {
        Some(n) if BENCHES.contains(&n.as_str()) => vec![n.as_str()],
        Some(n) => {
            return Err(format!(
                "unknown benchmark {n}; available: {}",
                BENCHES.join(", ")
            ))
        }
        None => BENCHES.to_vec(),
    };
    // `bench load --dist DIR`: measure a build made elsewhere (compressed here) instead of dist/;
    // for `keys` that build needs the benchmark hooks (`trunk build --release --features bench`).
    let dist = match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("--dist"), Some(dir)) => Some(std::path::PathBuf::from(dir)),
        (Some(flag), _) => return Err(format!("unknown option {flag}; only --dist DIR")),
        _ => None,
    };
    for name in names {
        match name {
            "sim" => step("bench sim", sim)?,
            "relay" => step("bench relay (against nginx)", crate::bench_relay::relay)?,
            "keys" => step("bench keys (headless Chromium)", || {
                browser_bench("bench_keys::bench_keys", dist.as_deref(), Build::WithHooks)
            })?,
            "office" => step("bench office (the desk in headless Chromium)", || {
                browser_bench(
                    "bench_office::bench_office",
                    dist.as_deref(),
                    Build::Production,
                )
            })?,
            "load" => step("bench load (Chromium on slow 4G)", || {
                browser_bench("bench_load::bench_load", dist.as_deref(), Build::Production)
            })?,
            _ => unreachable!("listed in BENCHES"),
        }
    }
    Ok(())
}

/// Installs a Debian package when `program` is missing (benchmarks only; not part of setup).
pub fn need(program: &str, package: &str) -> Result {
    let mut c = cmd("sh");
    c.args([
        "-c",
        &format!("command -v {program} || test -x /usr/sbin/{program}"),
    ]);
    if output(c).is_some() {
        return Ok(());
    }
    let mut c = cmd("sh");
    let install =
        format!("apt-get install -y {package} || (apt-get update && apt-get install -y {package})");
    c.args(["-c", &install]);
    run(c)
}

/// Starts a release binary and waits for its first line (the address it listens on).
pub fn start(bin: &str, args: &[&str]) -> Result<(Child, Duration)> {
    let mut c = cmd("cargo");
    c.args(["build", "--release", "-q", "-p", bin]);
    run(c)?;
    let t = Instant::now();
    let mut child = cmd(&crate::util::root()
        .join("target/release")
        .join(bin)
        .display()
        .to_string())
    .args(args)
    .stdout(Stdio::piped())
    .spawn()
    .map_err(|e| e.to_string())?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok((child, t.elapsed()))
}

/// Simulator start-up time and challenge throughput on loopback (goal: < 1 s, ≥ 1000 req/s).
fn sim() -> Result {
    need("wrk", "wrk")?;
    let (mut child, startup) = start("ksef-sim", &["--port", "18090"])?;
    println!("ksef-sim started in {startup:.1?}");
    // Throughput, not KSeF's 60 requests/s per client, is what is measured here.
    sim_config("127.0.0.1:18090", r#"{"rateLimits":"off"}"#)?;
    let script = std::env::temp_dir().join("klucznik-post.lua");
    std::fs::write(&script, "wrk.method = \"POST\"\n").map_err(|e| e.to_string())?;
    let mut c = cmd("wrk");
    c.args(["-t2", "-c32", "-d10s", "--latency", "-s"])
        .arg(&script)
        .arg("http://127.0.0.1:18090/v2/auth/challenge");
    let result = run(c);
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// `POST /__sim/config` over a bare socket (xtask carries no HTTP client).
pub fn sim_config(addr: &str, json: &str) -> Result {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).map_err(|e| e.to_string())?;
    write!(
        s,
        "POST /__sim/config HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
        json.len()
    )
    .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    s.read_to_string(&mut answer).map_err(|e| e.to_string())?;
    match answer.starts_with("HTTP/1.1 200") {
        true => Ok(()),
        false => Err(format!("simulator refused the configuration: {answer}")),
    }
}

/// Which build of the app a browser benchmark measures.
#[derive(Clone, Copy)]
enum Build {
    /// `dist/`, as deployed (the load benchmark measures what users download).
    Production,
    /// `dist-bench/`: the release build with the JavaScript hooks of `src/bench.rs` (feature
    /// `bench`). Its own directory, so the production build that `run` and the e2e tests use
    /// never carries them.
    WithHooks,
}

/// Builds the release app (`Production`: into `dist/`, with brotli and gzip copies as the relay
/// serves them; `WithHooks`: into `dist-bench/`) and runs one ignored e2e test that prints
/// numbers: `bench_keys` (key generation in headless Chromium) or `bench_load` (the first and
/// second visit on slow 4G). With `dist`, that build is measured instead (compressed first).
fn browser_bench(test: &str, dist: Option<&std::path::Path>, build: Build) -> Result {
    crate::setup::setup()?;
    let dist = match (dist, build) {
        (Some(dir), _) => {
            crate::tasks::compress::compress_dir(dir)?;
            dir.to_path_buf()
        }
        (None, Build::Production) => {
            crate::tasks::trunk_build()?;
            crate::util::root().join("dist")
        }
        (None, Build::WithHooks) => {
            let dir = crate::util::root().join("dist-bench");
            let mut c = cmd("trunk");
            c.args(["build", "--release", "--features", "bench", "--dist"])
                .arg(&dir);
            run(c)?;
            dir
        }
    };
    let mut c = cmd("cargo");
    c.args([
        "test",
        "-q",
        "-p",
        "klucznik-e2e",
        "--test",
        "e2e",
        "--",
        "--ignored",
        "--exact",
        test,
        "--nocapture",
    ])
    .env("KLUCZNIK_DIST", dist);
    run(c)
}
