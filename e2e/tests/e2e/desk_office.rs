//! Issue #20's scenario at its size: an office with 25 client contexts set up through KSeF's
//! own permissions, the simulator at its production rate limits and delays. The overview
//! lists all 25 and the client that withdrew its grant shows "no permission"; a token batch
//! over the other 24, reloaded in the middle, resumes without a duplicate and offers one file
//! with all 24 secrets.

use crate::support;

use fantoccini::Client;
use futures::future::join_all;
use klucznik_e2e::{click, element, fill, screenshot, text_containing, Driver, Relay};
use support::*;

/// Waits up to `secs` for `css` to contain `needle` (the batch over 24 clients takes a while).
async fn eventually_contains(browser: &Client, css: &str, needle: &str, secs: u64) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        let text = match browser.find(fantoccini::Locator::Css(css)).await {
            Ok(el) => el.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if text.contains(needle) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} never said {needle:?}: {text}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

async fn tokens_with(api: &Api, client: &str, text: &str) -> usize {
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
async fn twenty_five_clients_overview_and_a_resumed_token_batch() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let api = Api::new(&relay);
    let office = nip();
    let clients: Vec<String> = (0..25).map(|_| nip()).collect();
    join_all(clients.iter().map(|c| api.grant_office(c, &office))).await;

    let browser = driver.browser().await;
    let downloads = Downloads::allow(&browser).await;
    browser.goto(&relay.url("/")).await.unwrap();
    login_with_certificate(&browser, &office).await;
    click(&browser, "nav a[href='/biuro']").await;
    let files = crate::desk::certificate_files(&office);
    crate::desk::load_certificate(&browser, &files).await;
    click(&browser, "#desk-from-ksef").await;
    text_containing(&browser, "#desk-notice", "25 nowych").await;

    // One client withdraws after the book was made.
    let gone = clients[7].clone();
    api.withdraw_office(&gone, &office).await;
    click(&browser, "#desk-check").await;
    eventually_contains(
        &browser,
        "#desk-progress-text",
        "Sprawdzono 25 klientów",
        60,
    )
    .await;
    let ready = "#desk-table tr[data-status='ready']";
    let n = browser
        .find_all(fantoccini::Locator::Css(ready))
        .await
        .unwrap()
        .len();
    assert_eq!(n, 24);
    element(
        &browser,
        &format!("#desk-table tr[data-nip='{gone}'][data-status='no-permission']"),
    )
    .await;
    screenshot(&browser, "desk-25-overview-pl").await;

    // A token in each of the other 24: select all shown, untick the one without permission.
    click(&browser, "#desk-select-shown").await;
    click(
        &browser,
        &format!("#desk-table tr[data-nip='{gone}'] input.select"),
    )
    .await;
    text_containing(&browser, "#batch-form", "Zaznaczonych klientów: 24").await;
    fill(&browser, "#batch-text", "Program ERP biura").await;
    click(&browser, "#batch-start").await;
    eventually_contains(&browser, "#batch-progress", "Zrobione 5 z 24", 60).await;
    browser.goto(&relay.url("/biuro")).await.unwrap();
    text_containing(&browser, "#desk-batch", "Niedokończone działanie").await;
    crate::desk::load_certificate(&browser, &files).await;
    click(&browser, "#batch-resume").await;
    eventually_contains(&browser, "#batch-progress", "Zrobione 24 z 24", 180).await;
    screenshot(&browser, "desk-25-batch-pl").await;

    click(&browser, "#batch-download").await;
    let (_, file) = downloads.first_named("tokeny-ksef-").await;
    let text = String::from_utf8_lossy(&file).to_string();
    let others: Vec<&String> = clients.iter().filter(|c| **c != gone).collect();
    for c in &others {
        assert!(text.contains(c.as_str()), "{c} missing in the file");
    }
    assert!(!text.contains(gone.as_str()));
    let counts = join_all(
        others
            .iter()
            .map(|c| tokens_with(&api, c, "Program ERP biura")),
    )
    .await;
    assert!(
        counts.iter().all(|n| *n == 1),
        "a client has not exactly one token: {counts:?}"
    );
    browser.close().await.unwrap();
}
