//! Offline after the first visit: the service worker serves the app when the network (here:
//! the relay) is gone, the offline banner says what still works, and the crypto worker still
//! does its jobs (an Offline certificate's key is loaded and code II signed with it).

use crate::support::{nip, temp_dir, until_cached_for_offline, Api, NetworkConditions};
use klucznik_e2e::{click, element, screenshot, text_containing, text_of, Driver, Relay};

#[tokio::test(flavor = "multi_thread")]
async fn the_app_opens_and_its_worker_signs_without_network() {
    let mut relay = Relay::start().await;
    let nip = nip();
    // Issued while KSeF is still reachable; everything after happens offline.
    let (key, cert) = Api::new(&relay).issued_certificate(&nip, "Offline").await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    text_of(&browser, "h1").await;
    // The service worker controls the page and has cached the key worker's files.
    until_cached_for_offline(&browser).await;

    relay.stop().await;
    browser.issue_cmd(NetworkConditions::OFFLINE).await.unwrap();
    browser.goto(&relay.url("/kody-qr")).await.unwrap();
    assert_eq!(text_of(&browser, "h1").await, "Klucznik");
    let banner = text_of(&browser, "#offline-banner").await;
    assert!(banner.contains("Brak połączenia"), "{banner}");
    screenshot(&browser, "offline-pl").await;

    let dir = temp_dir("offline-code2");
    let password = "Haslo-offline-1!";
    let (key_file, cert_file, invoice) = (
        dir.join("offline.key"),
        dir.join("offline.crt"),
        dir.join("faktura.xml"),
    );
    let pem = ksef_core::keystore::encrypt_key(&key, password, &mut rand_core::OsRng).unwrap();
    std::fs::write(&key_file, pem).unwrap();
    std::fs::write(&cert_file, cert.to_pem()).unwrap();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Faktura xmlns=\"http://crd.gov.pl/wzor/2025/06/25/13775/\"><Podmiot1><DaneIdentyfikacyjne><NIP>{nip}</NIP></DaneIdentyfikacyjne></Podmiot1><Fa><P_1>2026-02-01</P_1><P_2>FV/2/2026</P_2></Fa></Faktura>"
    );
    std::fs::write(&invoice, &xml).unwrap();
    for (css, path) in [
        ("#qr-invoice-file", &invoice),
        ("#qr-key", &key_file),
        ("#qr-cert", &cert_file),
    ] {
        let input = element(&browser, css).await;
        input.send_keys(path.to_str().unwrap()).await.unwrap();
    }
    element(&browser, "#qr-password")
        .await
        .send_keys(password)
        .await
        .unwrap();
    click(&browser, "#qr-load").await;
    text_containing(&browser, "#qr-signer-loaded", &cert.serial_hex()).await;
    let url = text_of(&browser, "#code2-url").await;
    let link = ksef_core::qr::verify_code2(&url, &cert).unwrap();
    assert_eq!(
        link.code.hash,
        ksef_core::qr::InvoiceHash::of(xml.as_bytes())
    );
    assert_eq!(text_of(&browser, "#code2-label").await, "CERTYFIKAT");
    let _ = std::fs::remove_dir_all(&dir);
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

    click(&browser, "#offline-banner a").await;
    let dir = std::env::temp_dir().join(format!("klucznik-offline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let invoice = dir.join("faktura.xml");
    std::fs::write(
        &invoice,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Faktura xmlns=\"http://crd.gov.pl/wzor/2025/06/25/13775/\"><Podmiot1><DaneIdentyfikacyjne><NIP>5265877635</NIP></DaneIdentyfikacyjne></Podmiot1><Fa><P_1>2026-02-01</P_1><P_2>FV/1/2026</P_2></Fa></Faktura>",
    )
    .unwrap();
    element(&browser, "#qr-invoice-file")
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
