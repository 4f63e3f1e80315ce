//! The app served by the relay renders in real Chromium.

use klucznik_e2e::{screenshot, text_of, Driver, Relay};

#[tokio::test(flavor = "multi_thread")]
async fn renders_the_polish_page_and_reaches_the_simulator() {
    let relay = Relay::start().await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;

    browser.goto(&relay.url("/")).await.unwrap();
    assert_eq!(text_of(&browser, "h1").await, "Klucznik");
    assert_eq!(
        text_of(&browser, ".tagline").await,
        "Tokeny i certyfikaty KSeF w przeglądarce"
    );
    assert_eq!(
        browser.title().await.unwrap(),
        "Klucznik – tokeny i certyfikaty KSeF"
    );
    assert_eq!(text_of(&browser, "nav li:first-child a").await, "Logowanie");

    // A deep link is served by the SPA fallback and routed in the app.
    browser.goto(&relay.url("/ustawienia")).await.unwrap();
    assert_eq!(text_of(&browser, "main h2").await, "Ustawienia");

    // The page can reach the simulator through the relay under its CSP (same origin).
    let answer = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/sim/v2/auth/challenge', { method: 'POST' })
               .then(r => r.json()).then(j => done(j.challenge)).catch(e => done('error: ' + e));",
            vec![],
        )
        .await
        .unwrap();
    let challenge = answer.as_str().unwrap_or_default();
    assert!(challenge.contains("-CR-"), "{answer}");

    browser.goto(&relay.url("/")).await.unwrap();
    text_of(&browser, "nav").await;
    let png = screenshot(&browser, "shell-pl").await;
    assert!(
        std::fs::metadata(&png).unwrap().len() > 10_000,
        "screenshot too small to show a page"
    );
    browser.close().await.unwrap();
}
