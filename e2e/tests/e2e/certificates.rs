//! KSeF certificates in real Chromium: requested with EC and RSA keys made in the tab, the key
//! file downloaded before the request is sent (openssl decrypts it with the password), the
//! certificate as .crt/.cer/.p12 (openssl opens the .p12), a login with the new certificate,
//! and revocation making that login fail.

use crate::support;

use base64::Engine;
use fantoccini::{Client, Locator};
use klucznik_e2e::{click, fill, screenshot, text_containing, text_of, Driver, Relay};
use support::*;

const PASSWORD: &str = "Haslo-Testowe-123!";

/// The bytes behind a `data:…;base64,` download link.
async fn download(browser: &Client, css: &str) -> Vec<u8> {
    let href = browser
        .wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    let b64 = href.split_once("base64,").unwrap().1;
    base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap()
}

fn openssl(args: &[&str]) -> bool {
    std::process::Command::new("openssl")
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

async fn request(browser: &Client, name: &str, alg_css: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    fill(browser, "#cert-name", name).await;
    click(browser, alg_css).await;
    fill(browser, "#key-password-new", PASSWORD).await;
    fill(browser, "#key-password-confirm", PASSWORD).await;
    click(browser, "#request-submit").await;
    // The links of this request (a previous one's stay until the new key exists).
    text_containing(
        browser,
        "#download-crt",
        &format!("{}.crt", name.replace(' ', "-")),
    )
    .await;
    (
        download(browser, "#download-key").await,
        download(browser, "#download-crt").await,
        download(browser, "#download-p12").await,
    )
}

async fn login_with(
    relay: &Relay,
    driver: &Driver,
    nip: &str,
    key: &std::path::Path,
    crt: &std::path::Path,
) -> (Client, String) {
    let b = driver.browser().await;
    b.goto(&relay.url("/")).await.unwrap();
    click(&b, "#tab-certificate").await;
    fill(&b, "#ctx-value", nip).await;
    b.find(Locator::Css("#key-file"))
        .await
        .unwrap()
        .send_keys(key.to_str().unwrap())
        .await
        .unwrap();
    b.wait()
        .for_element(Locator::Css("#cert-file"))
        .await
        .unwrap()
        .send_keys(crt.to_str().unwrap())
        .await
        .unwrap();
    fill(&b, "#key-password", PASSWORD).await;
    click(&b, "#certificate-submit").await;
    let outcome = tokio::select! {
        t = async { text_of(&b, "#session-method").await } => t,
        e = async { text_containing(&b, "#login-error", "460").await } => e,
    };
    (b, outcome)
}

/// Nothing that reached KSeF carries a private key (DER, PEM or Base64, plain or as the
/// encrypted file) or a password.
fn assert_no_secret_reached_ksef(relay: &Relay, key_files: &[&[u8]]) {
    let mut secrets: Vec<Vec<u8>> = vec![
        PASSWORD.as_bytes().to_vec(),
        b"Haslo-do-klucza-1!".to_vec(),
        b"PRIVATE KEY".to_vec(),
    ];
    for file in key_files {
        let der = ksef_core::keystore::decrypt_key(file, Some(PASSWORD))
            .unwrap()
            .key
            .to_pkcs8_der()
            .to_vec();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
        secrets.extend([der, b64.as_bytes()[..64].to_vec(), file[40..120].to_vec()]);
    }
    let bodies = relay.bodies.all();
    assert!(
        bodies.len() > 10,
        "the runs sent requests: {}",
        bodies.len()
    );
    for body in &bodies {
        for secret in &secrets {
            assert!(
                !body.windows(secret.len()).any(|w| w == secret.as_slice()),
                "a request body carries a secret"
            );
        }
    }
}

/// A fresh person logged in by signature, on the certificates page.
async fn certificates_page(relay: &Relay, driver: &Driver) -> (Client, String) {
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    let nip = nip();
    login_with_certificate(&browser, &nip).await;
    click(&browser, "nav a[href='/certyfikaty']").await;
    (browser, nip)
}

#[tokio::test(flavor = "multi_thread")]
async fn request_save_use_and_revoke_certificates() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let (browser, nip) = certificates_page(&relay, &driver).await;
    text_containing(&browser, "#certificate-limits", "zostało").await;
    let subject = text_of(&browser, "#enrollment-subject").await;
    assert!(subject.contains(&format!("TINPL-{nip}")), "{subject}");
    screenshot(&browser, "certificates-request-pl").await;

    let dir = temp_dir("certificates");
    let (key, crt, p12) = request(&browser, "Certyfikat EC", "#alg-ec").await;
    let (key_path, crt_path, p12_path) =
        (dir.join("ec.key"), dir.join("ec.crt"), dir.join("ec.p12"));
    std::fs::write(&key_path, &key).unwrap();
    std::fs::write(&crt_path, &crt).unwrap();
    std::fs::write(&p12_path, &p12).unwrap();
    let pass = format!("pass:{PASSWORD}");
    assert!(
        openssl(&[
            "pkey",
            "-in",
            key_path.to_str().unwrap(),
            "-passin",
            &pass,
            "-noout"
        ]),
        "the .key decrypts"
    );
    assert!(
        openssl(&[
            "pkcs12",
            "-in",
            p12_path.to_str().unwrap(),
            "-passin",
            &pass,
            "-nokeys",
            "-info"
        ]),
        "the .p12 opens"
    );
    assert!(!openssl(&[
        "pkey",
        "-in",
        key_path.to_str().unwrap(),
        "-passin",
        "pass:wrong-password-1A!",
        "-noout"
    ]));
    screenshot(&browser, "certificates-issued-pl").await;

    // The RSA one starts in 2030 (validFrom).
    browser
        .execute("const i = document.getElementById('cert-valid-from'); i.value = '2030-01-01T10:00'; i.dispatchEvent(new Event('input', {bubbles: true}));", vec![])
        .await
        .unwrap();
    let (rsa_key, rsa_crt, _) = request(&browser, "Certyfikat RSA", "#alg-rsa").await;
    let rsa_cert = ksef_core::certificate::Certificate::from_bytes(&rsa_crt).unwrap();
    assert_eq!(rsa_cert.not_before().year(), 2030);
    let rsa_key_path = dir.join("rsa.key");
    std::fs::write(&rsa_key_path, &rsa_key).unwrap();
    assert!(openssl(&[
        "rsa",
        "-in",
        rsa_key_path.to_str().unwrap(),
        "-passin",
        &pass,
        "-noout",
        "-check"
    ]));
    assert!(String::from_utf8_lossy(&rsa_crt).starts_with("-----BEGIN CERTIFICATE-----"));

    // The new EC certificate logs in.
    let (other, method) = login_with(&relay, &driver, &nip, &key_path, &crt_path).await;
    assert_eq!(method, "Certyfikat KSeF");
    other.close().await.unwrap();

    // Revoked, it does not.
    let issued = ksef_core::certificate::Certificate::from_bytes(&crt).unwrap();
    let serial = issued.serial_hex();
    let row = format!("#certificate-list tr[data-serial='{serial}']");
    // Details show the SHA-256 fingerprint; filters narrow the list.
    click(&browser, &format!("{row} button.details")).await;
    assert_eq!(
        text_of(&browser, "#cert-fingerprint").await,
        issued.fingerprint().to_string()
    );
    let name_filter = browser
        .find(Locator::Css("#cert-filter-name"))
        .await
        .unwrap();
    name_filter.send_keys("RSA\u{E004}").await.unwrap();
    text_containing(&browser, "#certificate-list tbody", "Certyfikat RSA").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(!text_of(&browser, "#certificate-list tbody")
        .await
        .contains("Certyfikat EC"));
    name_filter.clear().await.unwrap();
    name_filter.send_keys("\u{E004}").await.unwrap();
    text_containing(&browser, "#certificate-list tbody", "Certyfikat EC").await;
    // "Log in with this certificate": the certificate is loaded, the key and password are asked.
    click(&browser, &format!("{row} button.details")).await;
    click(&browser, "#use-for-login").await;
    text_containing(&browser, "#cert-loaded", &format!("{serial}.crt")).await;
    fill(&browser, "#ctx-value", &nip).await;
    let key_input = browser.find(Locator::Css("#key-file")).await.unwrap();
    key_input
        .send_keys(key_path.to_str().unwrap())
        .await
        .unwrap();
    fill(&browser, "#key-password", PASSWORD).await;
    click(&browser, "#certificate-submit").await;
    assert_eq!(
        text_of(&browser, "#session-method").await,
        "Certyfikat KSeF"
    );
    click(&browser, "nav a[href='/certyfikaty']").await;
    click(&browser, &format!("{row} button.revoke")).await;
    let reason = format!("{row} select.revoke-reason option[value='KeyCompromise']");
    browser
        .find(Locator::Css(&reason))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    click(&browser, &format!("{row} button.confirm-revoke")).await;
    text_containing(&browser, &row, "Unieważniony").await;
    screenshot(&browser, "certificates-list-pl").await;
    let (other, error) = login_with(&relay, &driver, &nip, &key_path, &crt_path).await;
    // KSeF's detail "Certyfikat odwołany", said plainly and first.
    assert!(
        error.starts_with("Certyfikat został unieważniony (status 460)"),
        "{error}"
    );
    other.close().await.unwrap();
    browser.close().await.unwrap();

    assert_no_secret_reached_ksef(&relay, &[&key, &rsa_key]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reload_mid_request_can_be_resumed_with_the_key_from_indexeddb() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let (browser, nip) = certificates_page(&relay, &driver).await;
    // KSeF takes its time: the tab is reloaded while the request is being processed.
    relay.sim.state().config.enrollment_delay_ms = 600_000;
    fill(&browser, "#cert-name", "Przerwany wniosek").await;
    fill(&browser, "#key-password-new", PASSWORD).await;
    fill(&browser, "#key-password-confirm", PASSWORD).await;
    click(&browser, "#request-submit").await;
    text_containing(&browser, "#login-progress", "KSeF wystawia certyfikat").await;
    let key = download(&browser, "#download-key").await;

    relay.sim.clock.advance(time::Duration::minutes(11));
    browser.goto(&relay.url("/")).await.unwrap();
    login_with_certificate(&browser, &nip).await;
    click(&browser, "nav a[href='/certyfikaty']").await;
    let panel = text_containing(&browser, "#certificate-resume", "Numer wniosku").await;
    assert!(panel.contains("Przerwany wniosek"), "{panel}");
    screenshot(&browser, "certificates-resume-pl").await;
    fill(&browser, "#resume-password", PASSWORD).await;
    click(&browser, "#resume-request").await;
    text_containing(&browser, "#certificate-resume #download-crt", ".crt").await;
    assert_eq!(
        download(&browser, "#certificate-resume #download-key").await,
        key,
        "the same key, from IndexedDB"
    );
    let crt = download(&browser, "#certificate-resume #download-crt").await;
    let cert = ksef_core::certificate::Certificate::from_bytes(&crt).unwrap();
    let loaded = ksef_core::keystore::decrypt_key(&key, Some(PASSWORD)).unwrap();
    assert!(cert.matches(&loaded.key));
    download(&browser, "#certificate-resume #download-p12").await;
    click(&browser, "#certificate-resume #files-saved").await;
    text_of(&browser, "#copy-dropped").await;
    assert_no_secret_reached_ksef(&relay, &[&key]);

    // Saved and confirmed: nothing left to resume.
    browser.goto(&relay.url("/")).await.unwrap();
    login_with_certificate(&browser, &nip).await;
    click(&browser, "nav a[href='/certyfikaty']").await;
    text_of(&browser, "#certificate-list").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(browser
        .find(Locator::Css("#certificate-resume"))
        .await
        .is_err());
    browser.close().await.unwrap();
}
