//! The office desk in real Chromium: the office's certificate is loaded once; its clients come
//! from KSeF's own grants (and one added by hand, which granted nothing); "check all" logs in to
//! every client with nothing typed again and says where there is no permission; a client is
//! opened and the other pages act for it.

use crate::support;

use fantoccini::Client;
use klucznik_e2e::{click, element, fill, screenshot, text_containing, Driver, Relay};
use support::*;

/// The office person's key file and certificate, as files.
pub fn certificate_files(office: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = temp_dir("desk");
    let (key, cert) = key_and_cert(office);
    let key_file = dir.join("biuro.key");
    let encrypted = ksef_core::keystore::encrypt_key(&key, PASSWORD, &mut rand_core::OsRng);
    std::fs::write(&key_file, encrypted.unwrap()).unwrap();
    let cert_file = dir.join("biuro.crt");
    std::fs::write(&cert_file, cert.to_pem()).unwrap();
    (key_file, cert_file)
}

const PASSWORD: &str = "Haslo-do-klucza-1!";

/// The certificate, once: the worker keeps the key until "Forget" (or a reload).
pub async fn load_certificate(
    browser: &Client,
    (key, cert): &(std::path::PathBuf, std::path::PathBuf),
) {
    for (css, path) in [("#desk-key", key), ("#desk-cert", cert)] {
        element(browser, css)
            .await
            .send_keys(path.to_str().unwrap())
            .await
            .unwrap();
    }
    fill(browser, "#desk-password", PASSWORD).await;
    click(browser, "#desk-load").await;
    text_containing(browser, "#desk-signer-loaded", "Anna").await;
}

/// The office's clients from KSeF, every one checked.
async fn clients_checked(browser: &Client, n: usize) {
    click(browser, "#desk-from-ksef").await;
    text_containing(browser, "#desk-notice", &format!("{n} nowych")).await;
    click(browser, "#desk-check").await;
    text_containing(
        browser,
        "#desk-progress-text",
        &format!("Sprawdzono {n} klientów"),
    )
    .await;
}

/// What `client` holds of tokens whose description contains `text` (via KSeF, as its owner).
async fn tokens_named(api: &Api, client: &str, text: &str) -> usize {
    let access = api.owner_access(client).await;
    let path = format!(
        "/tokens?pageSize=100&description={}",
        text.replace(' ', "%20")
    );
    let (status, list) = api.call("GET", &path, Some(&access), None, false).await;
    assert_eq!(status, 200, "{list}");
    list["tokens"].as_array().unwrap().len()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_batch_survives_a_reload_and_offers_every_secret_once() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let api = Api::new(&relay);
    let office = nip();
    let clients = [nip(), nip(), nip()];
    for c in &clients {
        api.grant_office(c, &office).await;
    }
    // Slow activation, so the page can be reloaded in the middle of the batch.
    relay.sim.state().config.token_activation_ms = 2_500;
    let browser = driver.browser().await;
    let downloads = Downloads::allow(&browser).await;
    browser.goto(&relay.url("/")).await.unwrap();
    login_with_certificate(&browser, &office).await;
    click(&browser, "nav a[href='/biuro']").await;
    let files = certificate_files(&office);
    load_certificate(&browser, &files).await;
    clients_checked(&browser, 3).await;

    click(&browser, "#desk-select-shown").await;
    text_containing(&browser, "#batch-form", "Zaznaczonych klientów: 3").await;
    fill(&browser, "#batch-text", "ERP biura wysyłka").await;
    click(&browser, "#batch-start").await;
    text_containing(&browser, "#batch-progress", "Zrobione 1 z 3").await;

    // A reload mid-batch: the key is gone with the worker, the batch is not.
    browser.goto(&relay.url("/biuro")).await.unwrap();
    text_containing(&browser, "#desk-batch", "Niedokończone działanie").await;
    load_certificate(&browser, &files).await;
    click(&browser, "#batch-resume").await;
    text_containing(&browser, "#batch-progress", "Zrobione 3 z 3").await;
    screenshot(&browser, "desk-batch-done-pl").await;

    // One file with every secret; the secrets leave the browser once the user says it is kept.
    click(&browser, "#batch-download").await;
    let (_, file) = downloads.first_named("tokeny-ksef-").await;
    let text = String::from_utf8_lossy(&file).to_string();
    for c in &clients {
        assert!(text.contains(c.as_str()), "{c} missing in {text}");
        assert_eq!(
            tokens_named(&api, c, "ERP biura").await,
            1,
            "one token in {c}"
        );
    }
    click(&browser, "#batch-saved").await;
    text_containing(&browser, "#desk-batch", "Nowe działanie").await;
    assert!(browser
        .find(fantoccini::Locator::Css("#batch-download"))
        .await
        .is_err());
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn one_certificate_checks_and_opens_every_client() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let api = Api::new(&relay);
    let office = nip();
    let clients = [nip(), nip(), nip()];
    for c in &clients {
        api.grant_office(c, &office).await;
    }
    let stranger = nip();

    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    login_with_certificate(&browser, &office).await;
    click(&browser, "nav a[href='/biuro']").await;

    // The certificate, once: the same person's key file and certificate.
    let dir = temp_dir("desk");
    let (key, cert) = key_and_cert(&office);
    let password = "Haslo-do-klucza-1!";
    let key_file = dir.join("biuro.key");
    std::fs::write(
        &key_file,
        ksef_core::keystore::encrypt_key(&key, password, &mut rand_core::OsRng).unwrap(),
    )
    .unwrap();
    let cert_file = dir.join("biuro.crt");
    std::fs::write(&cert_file, cert.to_pem()).unwrap();
    element(&browser, "#desk-key")
        .await
        .send_keys(key_file.to_str().unwrap())
        .await
        .unwrap();
    element(&browser, "#desk-cert")
        .await
        .send_keys(cert_file.to_str().unwrap())
        .await
        .unwrap();
    fill(&browser, "#desk-password", password).await;
    click(&browser, "#desk-load").await;
    text_containing(&browser, "#desk-signer-loaded", "Anna").await;

    // Clients from KSeF, and one by hand (a bad NIP first: refused, said why).
    click(&browser, "#desk-from-ksef").await;
    text_containing(&browser, "#desk-notice", "3 nowych").await;
    fill(&browser, "#desk-add-nip", "1234567890").await;
    click(&browser, "#desk-add button[type='submit']").await;
    text_containing(&browser, "#desk-notice", "NIP").await;
    fill(&browser, "#desk-add-nip", &stranger).await;
    fill(&browser, "#desk-add-name", "Klient bez uprawnień").await;
    click(&browser, "#desk-add button[type='submit']").await;
    text_containing(&browser, "#desk-table", &stranger).await;

    // Every client checked with nothing typed again.
    click(&browser, "#desk-check").await;
    text_containing(&browser, "#desk-progress-text", "Sprawdzono 4 klientów").await;
    for c in &clients {
        let row = format!("#desk-table tr[data-nip='{c}'][data-status='ready']");
        text_containing(&browser, &row, "Przeglądanie faktur").await;
    }
    let refused = format!("#desk-table tr[data-nip='{stranger}'][data-status='no-permission']");
    element(&browser, &refused).await;
    screenshot(&browser, "desk-overview-pl").await;

    // Open one client: the header switches, and the tokens page acts there.
    click(
        &browser,
        &format!("#desk-table tr[data-nip='{}'] button.open", clients[1]),
    )
    .await;
    text_containing(&browser, "#desk-opened", &clients[1]).await;
    element(&browser, "#client-switcher").await;
    click(&browser, "nav a[href='/tokeny']").await;
    text_containing(&browser, "#token-context", &clients[1]).await;
    screenshot(&browser, "desk-switched-pl").await;

    // Back in the office's context (the switcher kept its session), an employee gets read
    // access to two of the clients in one batch; the third stays closed to her.
    click(&browser, "nav a[href='/biuro']").await;
    element(&browser, "#client-switcher")
        .await
        .select_by_value(&office)
        .await
        .unwrap();
    text_containing(&browser, "#desk-opened", &office).await;
    let employee = nip();
    for c in &clients[..2] {
        click(
            &browser,
            &format!("#desk-table tr[data-nip='{c}'] input.select"),
        )
        .await;
    }
    element(&browser, "#batch-kind")
        .await
        .select_by_value("grant")
        .await
        .unwrap();
    element(&browser, "#grant-subject-kind")
        .await
        .select_by_value("Nip")
        .await
        .unwrap();
    fill(&browser, "#grant-subject", &employee).await;
    fill(&browser, "#grant-first-name", "Ewa").await;
    fill(&browser, "#grant-last-name", "Księgowa").await;
    click(&browser, "#grant-InvoiceRead").await;
    fill(&browser, "#batch-text", "Księgowa biura").await;
    click(&browser, "#batch-start").await;
    text_containing(&browser, "#batch-progress", "Zrobione 2 z 2").await;
    screenshot(&browser, "desk-grant-batch-pl").await;
    assert!(api.can_log_in(&employee, &clients[0]).await);
    assert!(api.can_log_in(&employee, &clients[1]).await);
    assert!(!api.can_log_in(&employee, &clients[2]).await);
    browser.close().await.unwrap();
}
