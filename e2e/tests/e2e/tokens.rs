//! KSeF tokens in real Chromium: made after a signature login with the "Wysyłka" preset,
//! copied (the clipboard is read back), Pending → Active in the list, used to log in from a
//! fresh tab, revoked, and then refused with the right message. Bad input keeps what was typed.

use crate::support;

use fantoccini::{Client, Locator};
use klucznik_e2e::{click, fill, screenshot, text_containing, text_of, Driver, Relay};
use support::*;

async fn disabled(browser: &Client, css: &str) -> bool {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap()
        .attr("disabled")
        .await
        .unwrap()
        .is_some()
}

async fn log_in_with_token(browser: &Client, token: &str) {
    click(browser, "#tab-token").await;
    fill(browser, "#ksef-token", token).await;
    click(browser, "#token-submit").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn make_copy_use_and_revoke_a_token() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    // Permissions are per origin: grant them once the app's origin is loaded.
    browser
        .issue_cmd(GrantPermission("clipboard-read"))
        .await
        .unwrap();
    browser
        .issue_cmd(GrantPermission("clipboard-write"))
        .await
        .unwrap();
    let nip = nip();
    login_with_certificate(&browser, &nip).await;
    click(&browser, "nav a[href='/tokeny']").await;
    assert_eq!(
        text_of(&browser, "#token-context").await,
        format!("NIP {nip}")
    );

    // Bad input first: a short description and no permission keep the button off.
    let description = browser
        .wait()
        .for_element(Locator::Css("#token-description"))
        .await
        .unwrap();
    description.send_keys("ERP").await.unwrap();
    assert!(disabled(&browser, "#generate-submit").await);
    text_containing(&browser, "#token-description-help", "3/256").await;
    description.send_keys(" – wysyłka faktur").await.unwrap();
    assert!(
        disabled(&browser, "#generate-submit").await,
        "no permission chosen yet"
    );
    // A permission the owner does not hold cannot be chosen, and says why.
    assert!(disabled(&browser, "#perm-EnforcementOperations").await);
    let label = text_of(&browser, "label[for='perm-EnforcementOperations']").await;
    assert!(label.contains("nie masz tego uprawnienia"), "{label}");
    click(&browser, "#preset-wysylka").await;
    let write = browser
        .find(Locator::Css("#perm-InvoiceWrite"))
        .await
        .unwrap();
    assert_eq!(
        write.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );
    screenshot(&browser, "tokens-generate-pl").await;

    // KSeF says 429 once: the app counts down, retries, and nothing typed is lost.
    relay.sim.state().config.force_too_many = 1;
    // Slow enough activation to watch the token go Pending → Active, even when a loaded
    // machine takes seconds over the copy and the screenshots in between (the list polls
    // every 1.5 s, and the wait for Active is 20 s).
    relay.sim.state().config.token_activation_ms = 12_000;
    click(&browser, "#generate-submit").await;
    text_containing(&browser, "#login-progress", "limit").await;
    let token = text_of(&browser, "#new-token").await;
    assert!(token.contains(&format!("|nip-{nip}|")), "{token}");
    click(&browser, "#copy-token").await;
    text_of(&browser, "#copied").await;
    let clip = browser
        .execute_async("const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('error: ' + e));", vec![])
        .await
        .unwrap();
    assert_eq!(clip.as_str(), Some(token.as_str()));
    screenshot(&browser, "tokens-secret-pl").await;
    click(&browser, "#token-saved").await;
    let secret = token.rsplit('|').next().unwrap().to_string();
    assert!(
        !browser.source().await.unwrap().contains(&secret),
        "the secret leaves the page"
    );

    // Pending, then Active without a reload.
    let reference = token.split('|').next().unwrap().to_string();
    let row = format!("tr[data-reference='{reference}']");
    text_containing(&browser, &row, "Oczekujący").await;
    text_containing(&browser, &row, "Aktywny").await;
    screenshot(&browser, "tokens-list-pl").await;

    // A fresh tab logs in with it.
    let other = driver.browser().await;
    other.goto(&relay.url("/")).await.unwrap();
    log_in_with_token(&other, &token).await;
    assert_eq!(text_of(&other, "#session-method").await, "Token KSeF");

    // Revoke (with confirmation); a new token login is refused.
    click(&browser, &format!("{row} button.revoke")).await;
    click(&browser, &format!("{row} button.confirm-revoke")).await;
    text_containing(&browser, &row, "Unieważniony").await;
    other.goto(&relay.url("/")).await.unwrap();
    log_in_with_token(&other, &token).await;
    let error = text_containing(&other, "#login-error", "450").await;
    // The specific cause comes first, not KSeF's general sentence about bad tokens.
    assert!(
        error.starts_with("Token KSeF został unieważniony"),
        "{error}"
    );
    other.close().await.unwrap();
    browser.close().await.unwrap();
}
