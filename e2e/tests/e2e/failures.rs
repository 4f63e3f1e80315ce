//! Each kind of failure, forced with the simulator's faults on login, token creation and
//! certificate enrollment: the app names that kind in Polish, again in English after a language
//! switch, and keeps what the user typed.

use crate::support;

use fantoccini::{Client, Locator};
use klucznik_e2e::{click, fill, screenshot, text_of, Driver, Relay};
use serde_json::json;
use support::*;

const PASSWORD: &str = "Haslo-Testowe-123!";

/// A fault kind, the app's `data-kind` for it, and a piece of its Polish and English message.
const KINDS: [(&str, &str, &str, &str); 4] = [
    (
        "unreadable",
        "unexpected",
        "odpowiedzi nie da się odczytać",
        "the answer cannot be read",
    ),
    (
        "serverError",
        "server",
        "zgłosił błąd wewnętrzny (HTTP 500)",
        "reported an internal error (HTTP 500)",
    ),
    (
        "timeout",
        "timeout",
        "KSeF nie odpowiedział w czasie",
        "KSeF did not answer in time",
    ),
    (
        "tooMany",
        "rate-limited",
        "KSeF nadal ogranicza liczbę zapytań",
        "KSeF still limits the number of requests",
    ),
];

fn force(relay: &Relay, method: &str, path: &str, kind: &str) {
    let mut state = relay.sim.state();
    let patch = json!({
        "faults": [{"method": method, "path": path, "kind": kind}],
        // Short enough for a test, and the 429s are retried by the app's own waits first.
        "timeoutHoldMs": 1500,
        "retryAfterSeconds": 1,
    });
    state.config = state.config.patched(patch).expect("a valid fault");
}

fn clear(relay: &Relay) {
    let mut state = relay.sim.state();
    state.config = state.config.patched(json!({"faults": []})).unwrap();
}

async fn language(browser: &Client, code: &str) {
    let nth = if code == "pl" { 1 } else { 2 };
    click(browser, &format!("div.langs button.lang:nth-child({nth})")).await;
    text_of(browser, &format!("html[lang='{code}'] body")).await;
}

async fn value(browser: &Client, css: &str) -> String {
    let e = browser.find(Locator::Css(css)).await.unwrap();
    e.prop("value").await.unwrap().unwrap_or_default()
}

/// Forces each kind on `method path`, submits with `submit`, and checks the message in both
/// languages and that the field `kept` still holds `typed`.
async fn each_kind(
    relay: &Relay,
    browser: &Client,
    call: (&str, &str),
    submit: &str,
    kept: (&str, &str),
) {
    for (fault, kind, pl, en) in KINDS {
        force(relay, call.0, call.1, fault);
        click(browser, submit).await;
        let shown = format!("#login-error[data-kind='{kind}']");
        let message = text_of(browser, &shown).await;
        assert!(message.contains(pl), "{fault}: {message}");
        screenshot(
            browser,
            &format!("failure-{}-{kind}-pl", call.1.replace('/', "-")),
        )
        .await;
        language(browser, "en").await;
        let message = text_of(browser, &shown).await;
        assert!(message.contains(en), "{fault} in English: {message}");
        assert_eq!(
            value(browser, kept.0).await,
            kept.1,
            "{fault}: the typed text stays"
        );
        language(browser, "pl").await;
        clear(relay);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn login_failures_are_named_in_both_languages_and_keep_the_token() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let token = Api::new(&relay).new_token(&nip()).await;
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    click(&browser, "#tab-token").await;
    fill(&browser, "#ksef-token", &token).await;
    let typed = value(&browser, "#ksef-token").await;
    let call = ("POST", "/v2/auth/challenge");
    each_kind(
        &relay,
        &browser,
        call,
        "#token-submit",
        ("#ksef-token", &typed),
    )
    .await;
    // With the faults gone the same form logs in.
    click(&browser, "#token-submit").await;
    text_of(&browser, "#session-context").await;
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn token_creation_failures_are_named_and_keep_the_description() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    login_with_certificate(&browser, &nip()).await;
    click(&browser, "nav a[href='/tokeny']").await;
    fill(&browser, "#token-description", "Program ERP – faktury").await;
    click(&browser, "#preset-wysylka").await;
    let call = ("POST", "/v2/tokens");
    let kept = ("#token-description", "Program ERP – faktury");
    each_kind(&relay, &browser, call, "#generate-submit", kept).await;
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn enrollment_failures_are_named_and_keep_the_name() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    login_with_certificate(&browser, &nip()).await;
    click(&browser, "nav a[href='/certyfikaty']").await;
    fill(&browser, "#cert-name", "Certyfikat biura").await;
    click(&browser, "#alg-ec").await;
    fill(&browser, "#key-password-new", PASSWORD).await;
    fill(&browser, "#key-password-confirm", PASSWORD).await;
    let call = ("POST", "/v2/certificates/enrollments");
    let kept = ("#cert-name", "Certyfikat biura");
    each_kind(&relay, &browser, call, "#request-submit", kept).await;
    browser.close().await.unwrap();
}
