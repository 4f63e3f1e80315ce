//! The relay binary: `--help` explains the flags, a bad `--sim` stops it at start, and SIGTERM
//! stops it cleanly.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn help_explains_each_flag() {
    let out = Command::new(env!("CARGO_BIN_EXE_ksef-relay"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--listen",
        "--static-dir",
        "--sim",
        "--allowed-origin",
        "--body-limit",
        "--upstream-timeout",
        "--rate-limit",
        "--forwarded-for",
        "--log-json",
        "--max-connections-per-client",
        "--header-timeout",
        "bundle",
    ] {
        assert!(help.contains(flag), "{flag} missing from --help");
    }
    assert!(help.contains("KSeF sees the relay's IP address"));
    // The simulator is off unless asked for, and the help says how to ask.
    assert!(help.contains("[default: off]"), "{help}");
    assert!(help.contains("--sim in-process"), "{help}");
}

#[test]
fn the_simulator_is_off_by_default() {
    let (mut child, addr, _) = start(&[]);
    let off = status_of(&addr);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(off, 404, "the simulator answered without --sim in-process");
    let (mut child, addr, _) = start(&["--sim", "in-process"]);
    let on = status_of(&addr);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(on, 200);
}

#[test]
fn a_malformed_simulator_url_is_refused_at_start() {
    for url in [
        "http://127.0.0.1:99999/v2",
        "http://127.0.0.1 x/v2",
        "https://example.com/v2",
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ksef-relay"))
            .args(["--listen", "127.0.0.1:0", "--sim", url])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // A relay that accepted the URL would serve on; it must exit at once instead.
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(10) {
                let _ = child.kill();
                panic!("{url} was accepted");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
        assert_eq!(status.code(), Some(2), "{url}: {err}");
        assert!(err.contains("--sim must be"), "{url}: {err}");
    }
}

type Lines = std::io::Lines<BufReader<std::process::ChildStdout>>;

/// Starts the relay on a free port with `args`; returns it, its address and its further output.
fn start(args: &[&str]) -> (std::process::Child, String, Lines) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ksef-relay"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first
        .strip_prefix("Klucznik: http://")
        .unwrap_or_else(|| panic!("{first}"))
        .trim_end_matches('/')
        .to_string();
    (child, addr, lines)
}

#[test]
fn sigterm_stops_it_cleanly() {
    let (mut child, addr, mut lines) = start(&[]);
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let code = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "relay did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(code.success(), "{code}");
    assert_eq!(lines.next().unwrap().unwrap(), "ksef-relay stopped");
}

/// One request on a fresh connection (so the kernel may pick any worker's socket).
fn status_of(addr: &str) -> u16 {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(b"GET /sim/v2/security/public-key-certificates HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out[9..12].parse().unwrap()
}

#[test]
fn workers_share_one_port_and_one_rate_limit() {
    let (mut child, addr, _) = start(&[
        "--workers",
        "4",
        "--client-rate-limit",
        "6",
        "--sim",
        "in-process",
    ]);
    let statuses: Vec<u16> = (0..12).map(|_| status_of(&addr)).collect();
    let _ = child.kill();
    let _ = child.wait();
    // Four workers, yet the client gets its six requests a minute, not six per worker (these
    // carry no token: the address's ceiling counts them).
    assert_eq!(
        statuses.iter().filter(|&&s| s == 200).count(),
        6,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&s| s == 429).count(),
        6,
        "{statuses:?}"
    );
}
