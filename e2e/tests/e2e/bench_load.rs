//! `cargo xtask bench load`: the first and the second visit on slow 4G (ignored in normal test
//! runs). Chromium throttled to 1.6 Mbit/s down, 750 kbit/s up and 150 ms round trip, a fresh
//! profile, the release build served by the relay. It measures the bytes on the wire until the
//! login form is usable (the page's `transferSize`s: the document and every resource it loaded),
//! the time to that point (`#get-challenge` in the page: the app is running and its handlers
//! are attached), the time until the key worker first answered (`klucznik-worker-ready`, a
//! user-timing mark the app sets) and until the full app has arrived (`klucznik-app-loaded`).

use std::time::Duration;

use fantoccini::wd::TimeoutConfiguration;
use klucznik_e2e::{Driver, Relay};

use crate::support::{Cdp, NetworkConditions};

/// Slow 4G as the issue defines it; throughput in bytes per second.
const DOWN: u64 = 1_600_000 / 8;
const UP: u64 = 750_000 / 8;
const LATENCY_MS: u64 = 150;

/// Runs in every document before the app: polls for the login form and the worker's mark and
/// notes the time (from navigation start) and the bytes transferred so far at each.
const PROBE: &str = r#"
(() => {
  const entries = () => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
  const bytes = () => entries().reduce((s, e) => s + (e.transferSize || 0), 0);
  const files = () => entries().map(e => [new URL(e.name).pathname, e.transferSize || 0, e.encodedBodySize || 0, Math.round(e.responseEnd)]);
  const load = window.__klucznikLoad = {};
  const tick = () => {
    if (load.formMs === undefined && document.querySelector('#get-challenge')) {
      load.formMs = performance.now();
      load.formBytes = bytes();
      load.formFiles = files();
    }
    const mark = performance.getEntriesByName('klucznik-worker-ready')[0];
    if (load.workerMs === undefined && mark) {
      load.workerMs = mark.startTime;
      load.workerBytes = bytes();
    }
    const app = performance.getEntriesByName('klucznik-app-loaded')[0];
    if (load.appMs === undefined && app) load.appMs = app.startTime;
    if ([load.formMs, load.workerMs, load.appMs].includes(undefined)) setTimeout(tick, 5);
  };
  tick();
})();
"#;

struct Visit {
    form_ms: f64,
    form_bytes: f64,
    /// `None` when the build sets no `klucznik-worker-ready` mark (before this bench existed).
    worker_ms: Option<f64>,
    /// `None` when the build sets no `klucznik-app-loaded` mark (before the app was split).
    app_ms: Option<f64>,
    files: Vec<serde_json::Value>,
}

async fn visit(browser: &fantoccini::Client, url: &str) -> Visit {
    browser.goto(url).await.unwrap();
    let mut form_seen = None;
    for _ in 0..1800 {
        let v = browser
            .execute(
                "return JSON.stringify(window.__klucznikLoad || {});",
                vec![],
            )
            .await
            .unwrap();
        let r: serde_json::Value = serde_json::from_str(v.as_str().unwrap_or("{}")).unwrap();
        let (worker_ms, app_ms) = (r["workerMs"].as_f64(), r["appMs"].as_f64());
        if r["formMs"].is_number() {
            let since = *form_seen.get_or_insert_with(std::time::Instant::now);
            let all = worker_ms.is_some() && app_ms.is_some();
            if all || since.elapsed() > Duration::from_secs(90) {
                return Visit {
                    form_ms: r["formMs"].as_f64().unwrap(),
                    form_bytes: r["formBytes"].as_f64().unwrap(),
                    worker_ms,
                    app_ms,
                    files: r["formFiles"].as_array().cloned().unwrap_or_default(),
                };
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the login form never appeared within 180 s");
}

/// Today's numbers before the work on issue 21 (bench/README.md).
const BASELINE_KIB: f64 = 1417.0;
const BASELINE_S: f64 = 7.9;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run with cargo xtask bench load"]
async fn bench_load() {
    let relay = Relay::start().await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(120)),
            Some(Duration::from_secs(120)),
            None,
        ))
        .await
        .unwrap();
    browser
        .issue_cmd(NetworkConditions {
            offline: false,
            latency_ms: LATENCY_MS,
            down: DOWN,
            up: UP,
        })
        .await
        .unwrap();
    browser
        .issue_cmd(Cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": PROBE }),
        ))
        .await
        .unwrap();
    let first = visit(&browser, &relay.url("/")).await;
    let second = visit(&browser, &relay.url("/")).await;
    println!(
        "\nslow 4G ({} kbit/s down, {} kbit/s up, {LATENCY_MS} ms round trip), fresh profile:",
        DOWN * 8 / 1000,
        UP * 8 / 1000
    );
    println!("files of the first visit until the login form (path, transferred, body, done ms):");
    for f in &first.files {
        let n = |i: usize| f[i].as_f64().unwrap_or_default();
        println!(
            "  {:<44}{:>10.0}{:>10.0}{:>8.0}",
            f[0].as_str().unwrap_or_default(),
            n(1),
            n(2),
            n(3)
        );
    }
    println!(
        "{:<14}{:>16}{:>20}{:>18}{:>18}",
        "", "KiB on the wire", "login form usable s", "worker ready s", "full app loaded s"
    );
    for (label, v) in [("first visit", &first), ("second visit", &second)] {
        let secs =
            |m: Option<f64>| m.map_or_else(|| "no mark".into(), |ms| format!("{:.2}", ms / 1000.0));
        let (worker, app) = (secs(v.worker_ms), secs(v.app_ms));
        println!(
            "{label:<14}{:>16.0}{:>20.2}{worker:>18}{app:>18}",
            v.form_bytes / 1024.0,
            v.form_ms / 1000.0,
        );
    }
    let kib = first.form_bytes / 1024.0;
    let s = first.form_ms / 1000.0;
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!(
        "\nfirst visit: {kib:.0} KiB ({:.2} of {BASELINE_KIB} KiB; goal ≤ 300) {}, {s:.2} s ({:.2} of {BASELINE_S} s; goal ≤ 2.5) {}",
        kib / BASELINE_KIB,
        verdict(kib <= 300.0),
        s / BASELINE_S,
        verdict(s <= 2.5)
    );
    browser.close().await.unwrap();
}
