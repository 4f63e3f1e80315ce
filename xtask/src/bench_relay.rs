//! `cargo xtask bench relay`: the relay against nginx, both proxying to the same simulator,
//! loaded by the same `wrk` in one run. Goal: throughput ≥ nginx, p99 ≤ 1.2 × nginx.

use std::process::{Command, Stdio};

use crate::bench::{need, sim_config, start};
use crate::util::{cmd, Result};

const SIM: u16 = 18090;
const RELAY: u16 = 18091;
const NGINX: u16 = 18092;

struct Numbers {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

fn nginx_conf(prefix: &std::path::Path) -> String {
    format!(
        "daemon off; worker_processes 2; pid {p}/nginx.pid; error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {p}/body; proxy_temp_path {p}/proxy; fastcgi_temp_path {p}/fcgi;
  uwsgi_temp_path {p}/uwsgi; scgi_temp_path {p}/scgi;
  upstream sim {{ server 127.0.0.1:{SIM}; keepalive 64; }}
  server {{
    listen 127.0.0.1:{NGINX};
    location /sim/v2/ {{
      proxy_pass http://sim/v2/;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      add_header Access-Control-Allow-Origin $http_origin always;
      add_header Access-Control-Expose-Headers \"Retry-After, x-continuation-token, X-System-Warning\" always;
    }}
  }}
}}
",
        p = prefix.display()
    )
}

/// Alternating measurement rounds per server.
const ROUNDS: usize = 5;

/// Each figure's median over the rounds.
fn median(rounds: &[Numbers]) -> Numbers {
    let mid = |f: fn(&Numbers) -> f64| {
        let mut v: Vec<f64> = rounds.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Numbers {
        rps: mid(|n| n.rps),
        p50_ms: mid(|n| n.p50_ms),
        p99_ms: mid(|n| n.p99_ms),
    }
}

/// Parses `Requests/sec:` and the 50% / 99% latency lines of `wrk --latency`.
fn parse_wrk(out: &str) -> Option<Numbers> {
    let ms = |v: &str| -> Option<f64> {
        let (n, unit) = v
            .find(|c: char| c.is_ascii_alphabetic())
            .map(|i| v.split_at(i))?;
        let n: f64 = n.parse().ok()?;
        Some(match unit {
            "us" => n / 1000.0,
            "ms" => n,
            "s" => n * 1000.0,
            _ => return None,
        })
    };
    let field = |prefix: &str| {
        out.lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(|r| r.trim().to_string()))
    };
    Some(Numbers {
        rps: field("Requests/sec:")?.parse().ok()?,
        p50_ms: ms(&field("50%")?)?,
        p99_ms: ms(&field("99%")?)?,
    })
}

fn wrk(port: u16, script: &std::path::Path) -> Result<Numbers> {
    let url = format!("http://127.0.0.1:{port}/sim/v2/auth/challenge");
    let out = cmd("wrk")
        .args(["-t2", "-c32", "-d8s", "--latency", "-s"])
        .arg(script)
        .arg(&url)
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    parse_wrk(&text).ok_or_else(|| format!("could not read wrk output:\n{text}"))
}

pub fn relay() -> Result {
    need("wrk", "wrk")?;
    need("nginx", "nginx-light")?;
    let (mut sim, _) = start("ksef-sim", &["--port", &SIM.to_string()])?;
    // Both proxies must forward real answers, not the simulator's 429s (60 requests/s per client).
    sim_config(&format!("127.0.0.1:{SIM}"), r#"{"rateLimits":"off"}"#)?;
    let sim_url = format!("http://127.0.0.1:{SIM}/v2");
    let relay_args = [
        "--listen",
        &format!("127.0.0.1:{RELAY}"),
        "--sim",
        &sim_url,
        "--rate-limit",
        "0",
        "--max-concurrent",
        "1024",
    ];
    std::env::set_var("RUST_LOG", "warn");
    let (mut relay, _) = start("ksef-relay", &relay_args)?;
    let prefix = std::env::temp_dir().join("klucznik-bench-nginx");
    std::fs::create_dir_all(&prefix).map_err(|e| e.to_string())?;
    std::fs::write(prefix.join("nginx.conf"), nginx_conf(&prefix)).map_err(|e| e.to_string())?;
    let nginx_bin = if std::path::Path::new("/usr/sbin/nginx").exists() {
        "/usr/sbin/nginx"
    } else {
        "nginx"
    };
    // `-s stop` lets the master take its workers down (killing the master would orphan them).
    let stop_nginx = || {
        let conf = prefix.join("nginx.conf");
        let quiet = Command::new(nginx_bin)
            .arg("-p")
            .arg(&prefix)
            .arg("-c")
            .arg(&conf)
            .args(["-s", "stop"])
            .stderr(Stdio::null())
            .status();
        drop(quiet);
    };
    stop_nginx();
    let mut nginx = Command::new(nginx_bin)
        .arg("-p")
        .arg(&prefix)
        .arg("-c")
        .arg(prefix.join("nginx.conf"))
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("nginx: {e}"))?;
    std::thread::sleep(std::time::Duration::from_millis(500));
    let script = std::env::temp_dir().join("klucznik-post-origin.lua");
    std::fs::write(
        &script,
        "wrk.method = \"POST\"\nwrk.headers[\"Origin\"] = \"http://127.0.0.1:8080\"\n",
    )
    .map_err(|e| e.to_string())?;
    let result = (|| -> Result {
        // Warm both, then measure alternately so background noise hits both alike; the median
        // of the rounds, because one stall of this shared machine can triple a round's p99.
        wrk(NGINX, &script)?;
        wrk(RELAY, &script)?;
        let (mut nginx_rounds, mut relay_rounds) = (Vec::new(), Vec::new());
        for round in 1..=ROUNDS {
            nginx_rounds.push(wrk(NGINX, &script)?);
            relay_rounds.push(wrk(RELAY, &script)?);
            let (n, r) = (&nginx_rounds[round - 1], &relay_rounds[round - 1]);
            println!(
                "round {round}: nginx {:.0} req/s p99 {:.2} ms, relay {:.0} req/s p99 {:.2} ms",
                n.rps, n.p99_ms, r.rps, r.p99_ms
            );
        }
        let (n, r) = (median(&nginx_rounds), median(&relay_rounds));
        println!(
            "\n{:<12}{:>12}{:>10}{:>10}",
            "", "req/s", "p50 ms", "p99 ms"
        );
        println!(
            "{:<12}{:>12.0}{:>10.2}{:>10.2}",
            "nginx", n.rps, n.p50_ms, n.p99_ms
        );
        println!(
            "{:<12}{:>12.0}{:>10.2}{:>10.2}",
            "ksef-relay", r.rps, r.p50_ms, r.p99_ms
        );
        let (tput, p99) = (r.rps / n.rps, r.p99_ms / n.p99_ms);
        println!(
            "\nthroughput relay/nginx: {tput:.2} (goal ≥ 1.00) {}",
            if tput >= 1.0 { "met" } else { "NOT met" }
        );
        println!(
            "p99 relay/nginx:        {p99:.2} (goal ≤ 1.20) {}",
            if p99 <= 1.2 { "met" } else { "NOT met" }
        );
        Ok(())
    })();
    stop_nginx();
    let _ = nginx.wait();
    for child in [&mut relay, &mut sim] {
        let _ = child.kill();
        let _ = child.wait();
    }
    result
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_wrk_output() {
        let out = "  Latency Distribution\n     50%  512.00us\n     75%    1.20ms\n     90%    2.00ms\n     99%    4.50ms\n\
                   Requests/sec:  12345.67\nTransfer/sec:      2.00MB\n";
        let n = super::parse_wrk(out).unwrap();
        assert_eq!((n.rps, n.p50_ms, n.p99_ms), (12345.67, 0.512, 4.5));
    }

    #[test]
    fn a_stalled_round_does_not_move_the_median() {
        let n = |rps, p99_ms| super::Numbers {
            rps,
            p50_ms: 1.0,
            p99_ms,
        };
        let m = super::median(&[n(100.0, 5.0), n(90.0, 90.0), n(110.0, 6.0)]);
        assert_eq!((m.rps, m.p99_ms), (100.0, 6.0));
    }
}
