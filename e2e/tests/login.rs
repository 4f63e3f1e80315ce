//! Login step 1 in real Chromium: a challenge from the simulator through the relay, and an
//! `auth.xml` to download that carries it.

use fantoccini::Locator;
use klucznik_e2e::{screenshot, text_of, Driver, Relay};
use ksef_core::auth_xml::AuthTokenRequest;

#[tokio::test(flavor = "multi_thread")]
async fn prepares_auth_xml_with_a_fresh_challenge() {
    let relay = Relay::start().await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    text_of(&browser, "h1").await;

    let input = browser.find(Locator::Css("#ctx-value")).await.unwrap();
    input.send_keys("1234563219").await.unwrap();
    assert_eq!(
        text_of(&browser, "#ctx-value-error").await,
        "Błędna suma kontrolna NIP"
    );
    let button = browser.find(Locator::Css("#get-challenge")).await.unwrap();
    assert_eq!(
        button.attr("disabled").await.unwrap().as_deref(),
        Some("true")
    );

    input.clear().await.unwrap();
    input.send_keys("5265877635").await.unwrap();
    assert!(browser
        .find_all(Locator::Css("#ctx-value-error"))
        .await
        .unwrap()
        .is_empty());
    button.click().await.unwrap();

    let challenge = text_of(&browser, "#challenge").await;
    let link = browser
        .find(Locator::Css("#auth-xml-download"))
        .await
        .unwrap();
    let file_name = link.attr("download").await.unwrap().unwrap();
    assert!(
        file_name.starts_with("auth-5265877635-") && file_name.ends_with(".xml"),
        "{file_name}"
    );
    let href = link.attr("href").await.unwrap().unwrap();
    let xml = browser
        .execute(
            "return decodeURIComponent(arguments[0].split(',').slice(1).join(','));",
            vec![href.into()],
        )
        .await
        .unwrap();
    let parsed = AuthTokenRequest::parse(xml.as_str().unwrap().as_bytes()).unwrap();
    assert_eq!(parsed.request.challenge.as_str(), challenge);
    assert_eq!(parsed.request.context.value(), "5265877635");
    assert!(!parsed.is_signed());
    screenshot(&browser, "login-pl").await;
    browser.close().await.unwrap();
}
