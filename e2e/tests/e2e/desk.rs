//! The office desk in real Chromium: the office's certificate is loaded once; its clients come
//! from KSeF's own grants (and one added by hand, which granted nothing); "check all" logs in to
//! every client with nothing typed again and says where there is no permission; a client is
//! opened and the other pages act for it.

use crate::support;

use klucznik_e2e::{click, element, fill, screenshot, text_containing, Driver, Relay};
use support::*;

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
    browser.close().await.unwrap();
}
