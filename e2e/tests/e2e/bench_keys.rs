//! `cargo xtask bench keys`: key generation in headless Chromium (ignored in normal test runs).
//! RSA-2048 through our worker path against raw WebCrypto (p50/p95 of 20), P-256 with CSR,
//! key encryption, and the longest task on the UI thread meanwhile. It needs the build with the
//! benchmark hooks (feature `bench`, in `dist-bench/`), which that command makes.

use std::time::Duration;

use fantoccini::wd::TimeoutConfiguration;
use klucznik_e2e::{text_of, Driver, Relay};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run with cargo xtask bench keys"]
async fn bench_keys() {
    let relay = Relay::start().await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(600)),
            None,
            None,
        ))
        .await
        .unwrap();
    browser.goto(&relay.url("/")).await.unwrap();
    text_of(&browser, "h1").await;
    let hooks = browser
        .execute(
            "return typeof window.wasmBindings.klucznik_bench_keys === 'function';",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        hooks,
        serde_json::Value::Bool(true),
        "no benchmark hooks in this build: trunk build --release --features bench (cargo xtask bench keys does it)"
    );
    let out = browser
        .execute_async("const done = arguments[0]; window.wasmBindings.klucznik_bench_keys(20).then(done, e => done('error: ' + e));", vec![])
        .await
        .unwrap();
    let text = out.as_str().unwrap_or_default();
    let r: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|_| panic!("{text}"));
    let ms = |k: &str, p: &str| r[k][p].as_f64().unwrap();
    println!(
        "\nkey generation in headless Chromium (release build), ms over {} runs:",
        r["runs"]
    );
    println!("{:<34}{:>9}{:>9}", "", "p50", "p95");
    for (label, key) in [
        ("RSA-2048, our path (worker)", "rsa_ours_ms"),
        (
            "RSA-2048, our path incl. round trip",
            "rsa_ours_roundtrip_ms",
        ),
        ("RSA-2048, raw WebCrypto", "rsa_webcrypto_ms"),
        ("P-256 key + CSR", "ec_keygen_and_csr_ms"),
        ("key encryption (PBKDF2 100k)", "encrypt_key_ms"),
    ] {
        println!("{label:<34}{:>9.1}{:>9.1}", ms(key, "p50"), ms(key, "p95"));
    }
    let longest = r["ui_longest_task_ms"].as_f64().unwrap();
    // The worker path uses WebCrypto for RSA wherever the browser has it (Chromium does).
    assert_eq!(r["rsa_in_webcrypto"], true, "RSA keys were made in Rust");
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    let rsa_ratio = ms("rsa_ours_ms", "p50") / ms("rsa_webcrypto_ms", "p50");
    println!(
        "\nRSA ours/WebCrypto p50: {rsa_ratio:.2} (goal ≤ 1.3) {}",
        verdict(rsa_ratio <= 1.3)
    );
    println!(
        "P-256 + CSR p50: {:.2} ms (goal < 5) {}",
        ms("ec_keygen_and_csr_ms", "p50"),
        verdict(ms("ec_keygen_and_csr_ms", "p50") < 5.0)
    );
    println!(
        "encryption p50: {:.1} ms (goal < 100) {}",
        ms("encrypt_key_ms", "p50"),
        verdict(ms("encrypt_key_ms", "p50") < 100.0)
    );
    println!(
        "longest UI-thread task: {longest:.0} ms (goal ≤ 50) {}",
        verdict(longest <= 50.0)
    );
    browser.close().await.unwrap();
}
