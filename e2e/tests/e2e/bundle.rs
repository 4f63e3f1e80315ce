//! One file to copy and run: `ksef-relay bundle` writes the relay with the built app inside; the
//! file alone, started in an empty directory, serves the app to a real Chromium, which then
//! opens it again offline from its service worker's cache.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{until_cached_for_offline, NetworkConditions};
use klucznik_e2e::{dist_dir, text_of, Driver};

/// The relay binary Cargo built next to this test (`cargo test --workspace` builds it; alone:
/// `cargo build -p ksef-relay`).
fn relay_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    let bin = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps")
        .join("ksef-relay");
    assert!(
        bin.is_file(),
        "{} missing: build it with the tests (cargo test --workspace, or cargo build -p ksef-relay)",
        bin.display()
    );
    bin
}

/// The head of a GET answer for `path`, with `accept` as Accept-Encoding.
fn head(addr: &str, path: &str, accept: &str) -> String {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: {accept}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let text = String::from_utf8_lossy(&out).to_lowercase();
    text.split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_single_relay_file_serves_the_app_and_it_reloads_offline() {
    let dist = dist_dir();
    let dir = std::env::temp_dir().join(format!("klucznik-bundle-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let single = dir.join("klucznik-relay");
    let made = Command::new(relay_binary())
        .arg("bundle")
        .arg("--static-dir")
        .arg(&dist)
        .arg("--out")
        .arg(&single)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");

    // Only the one file, run from its own otherwise empty directory.
    let mut relay = Command::new(&single)
        .args(["--listen", "127.0.0.1:0"])
        .current_dir(&dir)
        .env_remove("KLUCZNIK_RELAY_STATIC_DIR")
        .env_remove("KLUCZNIK_RELAY_SIM")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(relay.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the relay printed its address")
            .unwrap();
        if let Some(a) = line.strip_prefix("Klucznik: http://") {
            break a.trim_end_matches('/').to_string();
        }
    };
    // The rest of its output is read, so the relay never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let entries: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(entries.len(), 1, "the relay wrote into its directory");

    // The app's wasm as dist has it: the brotli copy when there is one (cargo xtask makes them).
    let wasm = std::fs::read_dir(&dist)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("klucznik-web-") && n.ends_with("_bg.wasm"))
        .expect("the app's wasm in dist");
    let answer = head(&addr, &format!("/{wasm}"), "gzip, br");
    assert!(answer.starts_with("http/1.1 200"), "{answer}");
    assert!(answer.contains("cache-control: public, max-age=31536000, immutable"));
    if dist.join(format!("{wasm}.br")).exists() {
        assert!(answer.contains("content-encoding: br"), "{answer}");
    }

    let driver = Driver::start().await;
    let browser = driver.browser().await;
    let url = format!("http://{addr}/");
    browser.goto(&url).await.unwrap();
    assert_eq!(text_of(&browser, "h1").await, "Klucznik");
    until_cached_for_offline(&browser).await;

    // The relay stops cleanly and takes its unpacked copy of the app with it.
    let pid = relay.id();
    assert!(Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap()
        .success());
    let started = Instant::now();
    while relay.try_wait().unwrap().is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "relay did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let leftovers: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with(&format!("klucznik-relay-{pid}-")))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Offline, with the relay gone: the reload comes from the service worker.
    browser.issue_cmd(NetworkConditions::OFFLINE).await.unwrap();
    browser.refresh().await.unwrap();
    assert_eq!(text_of(&browser, "h1").await, "Klucznik");
    let banner = text_of(&browser, "#offline-banner").await;
    assert!(banner.contains("Brak połączenia"), "{banner}");
    klucznik_e2e::screenshot(&browser, "bundle-offline-pl").await;
    browser.close().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
