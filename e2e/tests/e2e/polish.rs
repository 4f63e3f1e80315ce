//! Every screen in Polish, logged out and logged in, each tab, and the error states the other
//! end-to-end tests reach: none may show an English word. API names in `<code>` (permission
//! names, a value newer than Klucznik) are exempt: they are identifiers, not prose.

use crate::support;

use fantoccini::Client;
use klucznik_e2e::{click, element, fill, screenshot, text_containing, text_of, Driver, Relay};
use support::*;

/// Words that give English away on a Polish screen ("Nip" is the Debug name of a context type,
/// where Polish writes NIP).
const ENGLISH: &[&str] = &[
    "Nip",
    "Pesel",
    "the",
    "and",
    "with",
    "from",
    "your",
    "you",
    "not",
    "for",
    "this",
    "that",
    "please",
    "Please",
    "Error",
    "error",
    "Failed",
    "failed",
    "fetch",
    "network",
    "TypeError",
    "Authentication",
    "Pending",
    "Active",
    "Revoked",
    "Expired",
    "Blocked",
    "Revoking",
    "Loading",
    "Details",
    "Download",
    "Submit",
    "Cancel",
    "Save",
    "Settings",
    "Sessions",
    "Certificates",
    "Certificate",
    "Tokens",
    "Login",
    "Log",
    "Logout",
    "Password",
    "password",
    "Key",
    "key",
    "Invalid",
    "invalid",
    "Unknown",
    "unknown",
    "Qualified",
    "Signature",
    "signature",
    "Seal",
    "Request",
    "request",
    "Sign",
    "Choose",
    "Copy",
    "Copied",
    "Created",
    "Description",
    "Permissions",
    "Context",
    "context",
    "Environment",
    "Language",
    "Simulator",
    "Production",
    "Next",
    "Previous",
    "Page",
    "page",
    "None",
    "Some",
    "true",
    "false",
    "null",
    "undefined",
];

/// The visible text of the page, a line per text node (options of a `<select>` included),
/// without `<code>`/`<pre>` and without file extensions such as `.key`.
async fn prose(browser: &Client) -> String {
    let js = r#"
        const skip = 'CODE,PRE,KBD,SAMP,SCRIPT,STYLE,NOSCRIPT';
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const lines = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const p = n.parentElement;
            if (!p || p.closest(skip)) continue;
            const shown = p.closest('option') || p.getClientRects().length > 0;
            if (shown && n.textContent.trim()) lines.push(n.textContent.trim());
        }
        return lines.join('\n').replace(/\.[a-z0-9]{2,4}\b/g, '');
    "#;
    browser
        .execute(js, vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Fails with the screen's name and each English word in its sentence.
async fn assert_polish(browser: &Client, screen: &str) {
    let text = prose(browser).await;
    let found: Vec<String> = text
        .lines()
        .flat_map(|line| {
            line.split(|c: char| !c.is_alphanumeric())
                .filter(|w| ENGLISH.contains(w))
                .map(move |w| format!("{w:?} in {line:?}"))
        })
        .collect();
    screenshot(browser, &format!("polish-{screen}")).await;
    assert!(
        found.is_empty(),
        "English on the Polish screen '{screen}':\n{}",
        found.join("\n")
    );
}

async fn visit(browser: &Client, nav: &str, ready: &str, screen: &str) {
    click(browser, &format!("nav a[href='{nav}']")).await;
    element(browser, ready).await;
    // Lists and checks fill in after the first paint.
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_polish(browser, screen).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_speaks_polish() {
    let (mut relay, driver) = (Relay::start().await, Driver::start().await);
    let api = Api::new(&relay);
    let nip = nip();
    api.new_token(&nip).await;
    api.issued_certificate(&nip, "Authentication").await;
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    text_of(&browser, "h1").await;

    // Logged out: each login tab, and the other pages.
    assert_polish(&browser, "login-signed-file").await;
    click(&browser, "#tab-certificate").await;
    element(&browser, "#key-file").await;
    assert_polish(&browser, "login-certificate").await;
    click(&browser, "#tab-token").await;
    fill(&browser, "#ksef-token", "to nie jest token").await;
    element(&browser, "#ksef-token-error").await;
    assert_polish(&browser, "login-token-bad-input").await;
    for (nav, screen) in [
        ("/tokeny", "tokens-logged-out"),
        ("/certyfikaty", "certificates-logged-out"),
        ("/kody-qr", "qr"),
        ("/sesje", "sessions-logged-out"),
        ("/ustawienia", "settings"),
    ] {
        visit(&browser, nav, "main h2", screen).await;
    }
    browser
        .goto(&relay.url("/nie-ma-takiej-strony"))
        .await
        .unwrap();
    assert_eq!(text_of(&browser, "main h2").await, "Nie ma takiej strony.");
    assert_eq!(text_of(&browser, "main a").await, "Przejdź do logowania");
    assert_polish(&browser, "not-found").await;
    browser.goto(&relay.url("/")).await.unwrap();

    // A refused token login (a token whose secret was mistyped).
    let mut wrong = api.new_token(&nip).await;
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    click(&browser, "#tab-token").await;
    fill(&browser, "#ksef-token", &wrong).await;
    click(&browser, "#token-submit").await;
    text_of(&browser, "#login-error").await;
    assert_polish(&browser, "login-token-refused").await;

    // Logged in: the lists as KSeF 2.9.0 fills them, then with values newer than Klucznik.
    login_with_certificate(&browser, &nip).await;
    assert_polish(&browser, "logged-in").await;
    for future in [false, true] {
        relay.sim.state().config.future_values = future;
        let suffix = if future { "-future-values" } else { "" };
        visit(&browser, "/kody-qr", "main h2", "qr-logged-in").await;
        visit(
            &browser,
            "/tokeny",
            "#token-list tbody tr",
            &format!("tokens{suffix}"),
        )
        .await;
        click(&browser, "#token-list tbody tr button.details").await;
        element(&browser, "#token-details").await;
        assert_polish(&browser, &format!("token-details{suffix}")).await;
        let list = "#certificate-list tbody tr";
        visit(
            &browser,
            "/certyfikaty",
            list,
            &format!("certificates{suffix}"),
        )
        .await;
        click(&browser, "#certificate-list tbody tr button.details").await;
        text_containing(&browser, "#certificate-details", "SHA-256").await;
        assert_polish(&browser, &format!("certificate-details{suffix}")).await;
    }
    visit(&browser, "/sesje", "main table", "sessions").await;

    // KSeF says 429: the wait is explained in Polish.
    relay.sim.state().config.force_too_many = 3;
    visit(&browser, "/tokeny", "#generate-token", "tokens-429").await;

    // The relay is gone: the network failure is the user's, said in Polish.
    relay.sim.state().config.force_too_many = 0;
    click(&browser, "nav a[href='/']").await;
    click(&browser, "#logout").await;
    element(&browser, "#tab-signed-file").await;
    relay.stop().await;
    click(&browser, "#tab-signed-file").await;
    fill(&browser, "#ctx-value", &nip).await;
    click(&browser, "#get-challenge").await;
    text_of(&browser, "#login-error").await;
    assert_polish(&browser, "offline-failure").await;
    browser.close().await.unwrap();
}
