//! Offline after the first visit: the service worker serves the app when the network (here:
//! the relay) is gone, the offline banner says what still works, and keys are still made.

use std::time::Duration;

use fantoccini::wd::WebDriverCompatibleCommand;
use klucznik_e2e::{screenshot, text_of, Driver, Relay};

/// ChromeDriver's network emulation, so `navigator.onLine` turns false as on a real outage.
#[derive(Debug)]
struct Offline;

impl WebDriverCompatibleCommand for Offline {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/chromium/network_conditions",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = r#"{"network_conditions":{"offline":true,"latency":0,"download_throughput":0,"upload_throughput":0}}"#;
        (http::Method::POST, Some(body.into()))
    }
}

async fn eventually(browser: &fantoccini::Client, script: &str) {
    for _ in 0..200 {
        let v = browser.execute_async(script, vec![]).await.unwrap();
        if v == serde_json::Value::Bool(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never true: {script}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_app_opens_and_makes_keys_without_network() {
    let mut relay = Relay::start().await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    text_of(&browser, "h1").await;
    // The service worker controls the page and has cached the key worker's files.
    eventually(
        &browser,
        "const done = arguments[0]; done(!!navigator.serviceWorker.controller);",
    )
    .await;
    eventually(
        &browser,
        "const done = arguments[0]; caches.open('klucznik-v1').then(c => c.match('/keygen-worker_bg.wasm')).then(r => done(!!r), () => done(false));",
    )
    .await;

    relay.stop().await;
    browser.issue_cmd(Offline).await.unwrap();
    browser.goto(&relay.url("/certyfikaty")).await.unwrap();
    assert_eq!(text_of(&browser, "h1").await, "Klucznik");
    let banner = text_of(&browser, "#offline-banner").await;
    assert!(banner.contains("Brak połączenia"), "{banner}");
    screenshot(&browser, "offline-pl").await;

    let out = browser
        .execute_async(
            "const done = arguments[0]; window.wasmBindings.klucznik_keygen('EcP256', 'Haslo-offline-1!').then(done, e => done('error: ' + e));",
            vec![],
        )
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(out.as_str().unwrap_or_default())
        .unwrap_or_else(|_| panic!("keygen offline: {out}"));
    assert!(json["result"]["key_pem"]
        .as_str()
        .unwrap()
        .contains("ENCRYPTED PRIVATE KEY"));
    browser.close().await.unwrap();
}
