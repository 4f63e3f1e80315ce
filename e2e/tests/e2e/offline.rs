//! Offline after the first visit: the service worker serves the app when the network (here:
//! the relay) is gone, the offline banner says what still works, and keys are still made.

use crate::support::{until_cached_for_offline, NetworkConditions};
use klucznik_e2e::{screenshot, text_of, Driver, Relay};

#[tokio::test(flavor = "multi_thread")]
async fn the_app_opens_and_makes_keys_without_network() {
    let mut relay = Relay::start().await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    text_of(&browser, "h1").await;
    // The service worker controls the page and has cached the key worker's files.
    until_cached_for_offline(&browser).await;

    relay.stop().await;
    browser.issue_cmd(NetworkConditions::OFFLINE).await.unwrap();
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

/// The banner promises only what works offline, and it does: from the banner's link, code I
/// of an invoice is made with the relay gone and the browser offline, without logging in.
#[tokio::test(flavor = "multi_thread")]
async fn what_the_offline_banner_promises_works_offline() {
    let mut relay = Relay::start().await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    text_of(&browser, "h1").await;
    until_cached_for_offline(&browser).await;
    relay.stop().await;
    browser.issue_cmd(NetworkConditions::OFFLINE).await.unwrap();
    browser.goto(&relay.url("/")).await.unwrap();
    let banner = text_of(&browser, "#offline-banner").await;
    assert!(banner.contains("kody QR do faktur"), "{banner}");
    assert!(
        !banner.contains("Klucze") && !banner.contains("CSR"),
        "no promise of keys or requests: {banner}"
    );
    screenshot(&browser, "offline-banner-pl").await;

    klucznik_e2e::click(&browser, "#offline-banner a").await;
    let dir = std::env::temp_dir().join(format!("klucznik-offline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let invoice = dir.join("faktura.xml");
    std::fs::write(
        &invoice,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Faktura xmlns=\"http://crd.gov.pl/wzor/2025/06/25/13775/\"><Podmiot1><DaneIdentyfikacyjne><NIP>5265877635</NIP></DaneIdentyfikacyjne></Podmiot1><Fa><P_1>2026-02-01</P_1><P_2>FV/1/2026</P_2></Fa></Faktura>",
    )
    .unwrap();
    klucznik_e2e::element(&browser, "#qr-invoice-file")
        .await
        .send_keys(invoice.to_str().unwrap())
        .await
        .unwrap();
    assert_eq!(text_of(&browser, "#code1-label").await, "OFFLINE");
    assert!(text_of(&browser, "#code1-url").await.contains("5265877635"));
    screenshot(&browser, "offline-qr-pl").await;
    let _ = std::fs::remove_dir_all(&dir);
    browser.close().await.unwrap();
}
