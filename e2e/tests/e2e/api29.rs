//! KSeF API 2.9.0 in real Chromium: values newer than Klucznik still render, the new
//! `CollectiveIdentifierManage` permission, the token form's permissions read from personal
//! grants, and an expired certificate's login refused with a clear Polish message.

use crate::support;

use fantoccini::{Client, Locator};
use klucznik_e2e::{click, element, fill, screenshot, text_containing, text_of, Driver, Relay};
use ksef_core::keys::PrivateKey;
use rand_core::OsRng;
use serde_json::json;
use support::*;

async fn open(relay: &Relay, driver: &Driver) -> Client {
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    text_of(&browser, "h1").await;
    browser
}

/// Logs in to `context` with `key` and `cert` loaded in the tab; leaves the outcome on screen.
async fn submit_certificate_login(
    browser: &Client,
    context: &str,
    key: &PrivateKey,
    cert: &ksef_core::certificate::Certificate,
) {
    let dir = temp_dir("api29-login");
    let password = "Haslo-do-klucza-1!";
    let key_file = dir.join("ksef.key");
    let pem = ksef_core::keystore::encrypt_key(key, password, &mut OsRng).unwrap();
    std::fs::write(&key_file, pem).unwrap();
    let cert_file = dir.join("ksef.crt");
    std::fs::write(&cert_file, cert.to_pem()).unwrap();
    click(browser, "#tab-certificate").await;
    fill(browser, "#ctx-value", context).await;
    for (css, path) in [("#key-file", &key_file), ("#cert-file", &cert_file)] {
        let input = element(browser, css).await;
        input.send_keys(path.to_str().unwrap()).await.unwrap();
    }
    fill(browser, "#key-password", password).await;
    click(browser, "#certificate-submit").await;
}

/// A `/v2/testdata/*` call straight to the simulator: the relay rightly never forwards them.
pub async fn testdata(
    relay: &Relay,
    method: &str,
    path: &str,
    bearer: Option<&str>,
    body: String,
) -> (u16, String) {
    use axum::body::Body;
    use tower::ServiceExt;
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("/v2/testdata/{path}"))
        .header("content-type", "application/json");
    if let Some(token) = bearer {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let request = request.body(Body::from(body)).unwrap();
    let resp = ksef_sim::router(relay.sim.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 16)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

async fn disabled(browser: &Client, css: &str) -> bool {
    element(browser, css)
        .await
        .attr("disabled")
        .await
        .unwrap()
        .is_some()
}

#[tokio::test(flavor = "multi_thread")]
async fn values_newer_than_klucznik_still_render() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let api = Api::new(&relay);
    let nip = nip();
    api.new_token(&nip).await;
    api.issued_certificate(&nip, "Authentication").await;
    relay.sim.state().config.future_values = true;

    let browser = open(&relay, &driver).await;
    login_with_certificate(&browser, &nip).await;
    click(&browser, "nav a[href='/tokeny']").await;
    let row = text_containing(&browser, "#token-list tbody tr", "InvoiceArchiveManage").await;
    assert!(row.contains("Suspended"), "{row}");
    assert!(row.contains("Klucznik jej jeszcze nie zna"), "{row}");
    // The known permissions of the same row keep their Polish labels.
    assert!(row.contains("Przeglądanie faktur"), "{row}");
    click(&browser, "#token-list tbody tr button.details").await;
    text_containing(&browser, "#token-details", "InvoiceArchiveManage").await;
    screenshot(&browser, "tokens-unknown-values-pl").await;

    click(&browser, "nav a[href='/certyfikaty']").await;
    let row = text_containing(&browser, "#certificate-list tbody tr", "Signature").await;
    assert!(row.contains("Suspended"), "{row}");
    assert!(row.contains("Klucznik jej jeszcze nie zna"), "{row}");
    screenshot(&browser, "certificates-unknown-values-pl").await;
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_collective_identifier_token_is_made_and_listed_in_polish() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let browser = open(&relay, &driver).await;
    login_with_certificate(&browser, &nip()).await;
    click(&browser, "nav a[href='/tokeny']").await;
    let label = text_of(&browser, "label[for='perm-CollectiveIdentifierManage']").await;
    assert!(
        label.contains("Zarządzanie identyfikatorami zbiorczymi"),
        "{label}"
    );
    fill(
        &browser,
        "#token-description",
        "Identyfikatory zbiorcze ERP",
    )
    .await;
    click(&browser, "#perm-CollectiveIdentifierManage").await;
    click(&browser, "#generate-submit").await;
    text_of(&browser, "#new-token").await;
    click(&browser, "#token-saved").await;
    let row = text_containing(
        &browser,
        "#token-list tbody tr",
        "Identyfikatory zbiorcze ERP",
    )
    .await;
    assert!(
        row.contains("Zarządzanie identyfikatorami zbiorczymi"),
        "{row}"
    );
    let made = relay
        .sim
        .state()
        .tokens
        .values()
        .find(|t| t.description == "Identyfikatory zbiorcze ERP")
        .map(|t| t.permissions.clone())
        .expect("the simulator holds the new token");
    assert_eq!(
        made,
        vec![ksef_core::permissions::Permission::CollectiveIdentifierManage]
    );
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_token_form_offers_what_personal_grants_hold() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let (employee, client) = (nip(), nip());
    let grant = |permission: &str| {
        json!({
            "contextIdentifier": {"type": "Nip", "value": client},
            "authorizedIdentifier": {"type": "Nip", "value": employee},
            "permissions": [{"permissionType": permission, "description": "Pracownik biura"}],
        })
        .to_string()
    };
    let (status, body) = testdata(
        &relay,
        "POST",
        "permissions",
        None,
        grant("CredentialsManage"),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let browser = open(&relay, &driver).await;
    let (key, cert) = key_and_cert(&employee);
    submit_certificate_login(&browser, &client, &key, &cert).await;
    text_of(&browser, "#logged-in").await;
    click(&browser, "nav a[href='/tokeny']").await;
    // Held: CredentialsManage only. The rest is off, with the reason.
    text_of(&browser, "label[for='perm-CredentialsManage']").await;
    element(&browser, "#generate-token:not(:has(#held-checking))").await;
    assert!(!disabled(&browser, "#perm-CredentialsManage").await);
    assert!(disabled(&browser, "#perm-InvoiceWrite").await);
    let why = text_of(&browser, "label[for='perm-InvoiceWrite']").await;
    assert!(why.contains("nie masz tego uprawnienia"), "{why}");
    screenshot(&browser, "tokens-held-permissions-pl").await;

    // A grant made after the login shows once the form asks KSeF again: the answer comes from
    // the grants, not from anything fixed in the access token.
    let (status, body) = testdata(&relay, "POST", "permissions", None, grant("InvoiceWrite")).await;
    assert_eq!(status, 200, "{body}");
    click(&browser, "nav a[href='/sesje']").await;
    click(&browser, "nav a[href='/tokeny']").await;
    element(&browser, "#generate-token:not(:has(#held-checking))").await;
    text_of(&browser, "label[for='perm-InvoiceWrite']").await;
    for _ in 0..50 {
        if !disabled(&browser, "#perm-InvoiceWrite").await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(!disabled(&browser, "#perm-InvoiceWrite").await);
    assert!(disabled(&browser, "#perm-InvoiceRead").await);
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_certificate_is_refused_with_a_clear_polish_message() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let api = Api::new(&relay);
    let nip = nip();
    let (key, cert) = api.issued_certificate(&nip, "Authentication").await;
    let yesterday =
        ksef_core::datetime::format_ksef(time::OffsetDateTime::now_utc() - time::Duration::days(1));
    let path = format!("certificates/{}", cert.serial_hex());
    let body = json!({ "validTo": yesterday }).to_string();
    let access = api.owner_access(&nip).await;
    let (status, answer) = testdata(&relay, "PUT", &path, Some(&access), body).await;
    assert!((200..300).contains(&status), "{status} {answer}");

    let browser = open(&relay, &driver).await;
    submit_certificate_login(&browser, &nip, &key, &cert).await;
    let error = text_of(&browser, "#login-error").await;
    assert!(
        error.starts_with("Certyfikat jest nieważny: wygasł"),
        "{error}"
    );
    assert!(error.contains("(status 460)"), "{error}");
    screenshot(&browser, "login-expired-certificate-pl").await;
    browser
        .find(Locator::Css("#login-progress .spinner"))
        .await
        .expect_err("no spinner is left running");
    browser.close().await.unwrap();
}
