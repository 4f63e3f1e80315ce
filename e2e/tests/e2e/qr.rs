//! QR codes in real Chromium: code I from an invoice picked in the tab (and its caption once a
//! KSeF number is typed), a login certificate refused for code II with the reason, and code II
//! signed with an Offline certificate the simulator issued — accepted by the simulator's
//! verification, byte-identical images, and nothing of the invoice or key sent anywhere.

use crate::support;

use base64::Engine;
use fantoccini::{Client, Locator};
use klucznik_e2e::{click, element, screenshot, text_containing, text_of, Driver, Relay};
use ksef_core::environment::Environment;
use ksef_core::qr::{render, verify_code2, Code1, InvoiceHash};
use support::*;

const PASSWORD: &str = "Haslo-do-klucza-1!";

/// Writes the key (encrypted) and certificate files, loads them and returns nothing: the page
/// answers in `#qr-signer-loaded` or `#qr-signer-error`.
async fn load_signer(
    browser: &Client,
    dir: &std::path::Path,
    name: &str,
    key: &ksef_core::keys::PrivateKey,
    cert: &ksef_core::certificate::Certificate,
) {
    let (key_file, cert_file) = (
        dir.join(format!("{name}.key")),
        dir.join(format!("{name}.crt")),
    );
    let pem = ksef_core::keystore::encrypt_key(key, PASSWORD, &mut rand_core::OsRng).unwrap();
    std::fs::write(&key_file, pem).unwrap();
    std::fs::write(&cert_file, cert.to_pem()).unwrap();
    element(browser, "#qr-key")
        .await
        .send_keys(key_file.to_str().unwrap())
        .await
        .unwrap();
    element(browser, "#qr-cert")
        .await
        .send_keys(cert_file.to_str().unwrap())
        .await
        .unwrap();
    let password = element(browser, "#qr-password").await;
    password.clear().await.unwrap();
    password.send_keys(PASSWORD).await.unwrap();
    click(browser, "#qr-load").await;
}

/// The PNG the page shows, as bytes.
async fn png_of(browser: &Client, css: &str) -> Vec<u8> {
    let src = element(browser, css)
        .await
        .attr("src")
        .await
        .unwrap()
        .unwrap();
    let b64 = src
        .strip_prefix("data:image/png;base64,")
        .expect("a PNG data URL");
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

/// What the simulator's verification (the portal's stand-in) says about a scanned link.
async fn sim_verdict(relay: &Relay, url: &str) -> serde_json::Value {
    use axum::body::Body;
    use tower::ServiceExt;
    let q = format!(
        "/__sim/qr/verify?url={}",
        url::form_urlencoded::byte_serialize(url.as_bytes()).collect::<String>()
    );
    let resp = ksef_sim::router(relay.sim.clone())
        .oneshot(http::Request::get(q).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 16)
        .await
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn code1_and_code2_for_an_offline_invoice() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let browser = driver.browser().await;
    let nip = nip();
    let dir = temp_dir("qr");
    let invoice = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Faktura xmlns=\"http://crd.gov.pl/wzor/2025/06/25/13775/\"><Podmiot1><DaneIdentyfikacyjne><NIP>{nip}</NIP></DaneIdentyfikacyjne></Podmiot1><Fa><P_1>2026-02-01</P_1><P_2>FV/12/2026</P_2></Fa></Faktura>\n"
    );
    let invoice_file = dir.join("faktura.xml");
    std::fs::write(&invoice_file, &invoice).unwrap();
    browser.goto(&relay.url("/kody-qr")).await.unwrap();

    // Bad input first: not XML is named, and nothing is drawn.
    let broken = dir.join("zla.xml");
    std::fs::write(&broken, "<Faktura><Fa>").unwrap();
    element(&browser, "#qr-invoice-file")
        .await
        .send_keys(broken.to_str().unwrap())
        .await
        .unwrap();
    text_containing(&browser, "#qr-invoice-error", "nie jest poprawnym XML").await;
    assert!(browser.find(Locator::Css("#code1")).await.is_err());

    element(&browser, "#qr-invoice-file")
        .await
        .send_keys(invoice_file.to_str().unwrap())
        .await
        .unwrap();
    let expected = Code1 {
        env: Environment::Sim,
        seller_nip: nip.parse().unwrap(),
        issue_date: time::macros::date!(2026 - 02 - 01),
        hash: InvoiceHash::of(invoice.as_bytes()),
    }
    .url();
    assert_eq!(text_of(&browser, "#code1-url").await, expected);
    assert_eq!(text_of(&browser, "#code1-label").await, "OFFLINE");
    assert_eq!(
        png_of(&browser, "#code1-image").await,
        render(&expected, "OFFLINE").unwrap().png
    );
    let download = element(&browser, "#code1-png")
        .await
        .attr("download")
        .await
        .unwrap();
    assert_eq!(download.as_deref(), Some("FV_12_2026-code1-OFFLINE.png"));

    // A typo in the KSeF number is caught; the right one becomes the caption.
    let number = element(&browser, "#qr-ksef-number").await;
    number
        .send_keys("5265877635-20250826-0100001AF629-AA")
        .await
        .unwrap();
    text_containing(&browser, "#qr-ksef-number-error", "suma kontrolna").await;
    number.clear().await.unwrap();
    number
        .send_keys("5265877635-20250826-0100001AF629-AF")
        .await
        .unwrap();
    text_containing(
        &browser,
        "#code1-label",
        "5265877635-20250826-0100001AF629-AF",
    )
    .await;
    number.clear().await.unwrap();
    text_containing(&browser, "#code1-label", "OFFLINE").await;

    // A login certificate cannot sign code II, and the page says which one is needed.
    let (auth_key, auth_cert) = key_and_cert(&nip);
    load_signer(&browser, &dir, "logowanie", &auth_key, &auth_cert).await;
    let refusal = text_containing(&browser, "#qr-signer-error", "Authentication").await;
    assert!(refusal.contains("Offline"), "{refusal}");

    // An Offline certificate from the simulator's CA, picked from the certificate list (which
    // offers it for QR codes, not for logging in); only its key file is added here.
    let api = Api::new(&relay);
    let (key, cert) = api.issued_certificate(&nip, "Offline").await;
    let serial = cert.serial_hex();
    browser.goto(&relay.url("/")).await.unwrap();
    login_with_certificate(&browser, &nip).await;
    click(&browser, "nav a[href='/certyfikaty']").await;
    let row = format!("#certificate-list tr[data-serial='{serial}']");
    click(&browser, &format!("{row} button.details")).await;
    click(&browser, "#use-for-qr").await;
    assert!(browser.find(Locator::Css("#use-for-login")).await.is_err());
    text_containing(&browser, "#qr-cert-loaded", &format!("{serial}.crt")).await;
    let key_file = dir.join("offline.key");
    let pem = ksef_core::keystore::encrypt_key(&key, PASSWORD, &mut rand_core::OsRng).unwrap();
    std::fs::write(&key_file, pem).unwrap();
    element(&browser, "#qr-key")
        .await
        .send_keys(key_file.to_str().unwrap())
        .await
        .unwrap();
    element(&browser, "#qr-password")
        .await
        .send_keys(PASSWORD)
        .await
        .unwrap();
    click(&browser, "#qr-load").await;
    text_containing(&browser, "#qr-signer-loaded", &serial).await;
    // The invoice is picked again (the page was left); the key stays in the worker.
    element(&browser, "#qr-invoice-file")
        .await
        .send_keys(invoice_file.to_str().unwrap())
        .await
        .unwrap();
    text_containing(&browser, "#qr-context", "Kontekst bieżącej sesji").await;
    let url = text_of(&browser, "#code2-url").await;
    let link = verify_code2(&url, &cert).unwrap();
    assert_eq!(link.code.hash, InvoiceHash::of(invoice.as_bytes()));
    assert_eq!(link.code.context.value(), nip);
    let verdict = sim_verdict(&relay, &url).await;
    assert_eq!(verdict["valid"], true, "{verdict}");
    assert_eq!(text_of(&browser, "#code2-label").await, "CERTYFIKAT");
    assert_eq!(
        png_of(&browser, "#code2-image").await,
        render(&url, "CERTYFIKAT").unwrap().png
    );
    screenshot(&browser, "qr-codes-pl").await;

    // Another context than the certificate's: signed, but the portal would refuse it.
    let value = element(&browser, "#qr-context-value").await;
    value.clear().await.unwrap();
    let other = support::nip();
    value.send_keys(&other).await.unwrap();
    let changed = loop {
        let u = text_of(&browser, "#code2-url").await;
        if u.contains(&other) {
            break u;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(sim_verdict(&relay, &changed).await["valid"], false);

    // Forgetting the key takes code II away; the invoice and the key never left the tab.
    click(&browser, "#qr-forget").await;
    element(&browser, "#qr-key").await;
    assert!(browser.find(Locator::Css("#code2")).await.is_err());
    let hash = InvoiceHash::of(invoice.as_bytes());
    for body in relay.bodies.all() {
        let text = String::from_utf8_lossy(&body);
        assert!(!text.contains("<Faktura") && !text.contains(hash.as_str()));
        assert!(!text.contains(PASSWORD) && !text.contains("ENCRYPTED PRIVATE KEY"));
    }
}
