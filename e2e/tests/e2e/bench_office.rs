//! `cargo xtask bench office` (ignored in normal test runs): the office desk in headless
//! Chromium against the simulator through the relay.
//! - **switch**: opening a client that has no session yet (challenge, signature in the worker,
//!   submit, status, redeem), timed in the page from the click to the desk saying so; the
//!   simulator's authentication delay set to 0. Goal: p50 ≤ 250 ms.
//! - **overview**: "check all" over 25 clients end to end, with the simulator's default delays
//!   and production rate limits. Goal: ≤ 10 s.

use fantoccini::Client;
use futures::future::join_all;
use klucznik_e2e::{click, text_containing, Driver, Relay};

use crate::desk::{certificate_files, load_certificate};
use crate::support::*;

/// Clicks `click_css` and returns the milliseconds until `done_css` contains `needle`, measured
/// in the page (no WebDriver round trip in the number).
async fn timed(browser: &Client, click_css: &str, done_css: &str, needle: &str) -> f64 {
    let script = r#"
        const [clickCss, doneCss, needle, done] = arguments;
        const start = performance.now();
        document.querySelector(clickCss).click();
        const tick = () => {
            const el = document.querySelector(doneCss);
            if (el && el.textContent.includes(needle)) return done(performance.now() - start);
            if (performance.now() - start > 120000) return done(-1);
            requestAnimationFrame(tick);
        };
        tick();
    "#;
    let args = vec![click_css.into(), done_css.into(), needle.into()];
    let ms = browser
        .execute_async(script, args)
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(ms >= 0.0, "{done_css} never said {needle}");
    ms
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// An office with `n` clients in its desk, the certificate loaded and the book from KSeF.
async fn desk_with_clients(relay: &Relay, browser: &Client, n: usize) -> Vec<String> {
    let api = Api::new(relay);
    let office = nip();
    let clients: Vec<String> = (0..n).map(|_| nip()).collect();
    join_all(clients.iter().map(|c| api.grant_office(c, &office))).await;
    browser.goto(&relay.url("/")).await.unwrap();
    login_with_certificate(browser, &office).await;
    click(browser, "nav a[href='/biuro']").await;
    load_certificate(browser, &certificate_files(&office)).await;
    click(browser, "#desk-from-ksef").await;
    text_containing(browser, "#desk-notice", &format!("{n} nowych")).await;
    clients
}

#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn bench_office() {
    let driver = Driver::start().await;

    let relay = Relay::start().await;
    relay.sim.state().config.auth_delay_ms = 0;
    let browser = driver.browser().await;
    let clients = desk_with_clients(&relay, &browser, 21).await;
    let mut switch = Vec::new();
    for c in &clients {
        let row = format!("#desk-table tr[data-nip='{c}'] button.open");
        switch.push(timed(&browser, &row, "#desk-opened", c).await);
    }
    // The first login also warms the worker's code paths: leave it out.
    let mut sorted = switch[1..].to_vec();
    sorted.sort_by(f64::total_cmp);
    browser.close().await.unwrap();

    let relay = Relay::start().await;
    let browser = driver.browser().await;
    desk_with_clients(&relay, &browser, 25).await;
    let overview = timed(
        &browser,
        "#desk-check",
        "#desk-progress-text",
        "Sprawdzono 25 klientów",
    )
    .await;
    browser.close().await.unwrap();

    println!(
        "office switch (auth delay 0, {} clients): p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms (goal p50 ≤ 250 ms)",
        sorted.len(),
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.95),
        sorted[sorted.len() - 1],
    );
    println!(
        "office overview (25 clients, default delays, production limits): {:.1} s (goal ≤ 10 s)",
        overview / 1000.0
    );
}
