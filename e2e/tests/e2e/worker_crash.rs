//! A key worker that dies mid-call (a wasm trap) ends that call with a message instead of a
//! spinner left running, and the next try starts a fresh worker. The test keeps a handle on the
//! page's workers, holds back the call's message (the worker never answers) and then crashes
//! the worker for real with a message it cannot read.

use klucznik_e2e::{click, fill, screenshot, text_containing, text_of, Driver, Relay};
use serde_json::json;

use crate::support::{nip, Api, Cdp};

/// Runs before the app: every `Worker` it starts is kept in `__workers`; posting to one marked
/// `__held` is dropped (and counted), and `__post` still reaches it.
const HANDLES: &str = r#"
(() => {
  const Original = window.Worker;
  const post = Original.prototype.postMessage;
  window.__workers = [];
  window.__errors = [];
  window.__post = (w, m) => post.call(w, m);
  Original.prototype.postMessage = function (...args) {
    if (this.__held) { this.__dropped = (this.__dropped || 0) + 1; return; }
    return post.apply(this, args);
  };
  window.Worker = class extends Original {
    constructor(...args) { super(...args); window.__workers.push(this); }
  };
  window.addEventListener('error', (e) => window.__errors.push(String(e.filename) + ': ' + e.message));
})();
"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_crashed_worker_ends_the_call_and_the_next_try_starts_a_fresh_one() {
    let relay = Relay::start().await;
    let nip = nip();
    let token = Api::new(&relay).new_token(&nip).await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser
        .issue_cmd(Cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": HANDLES }),
        ))
        .await
        .unwrap();
    browser.goto(&relay.url("/")).await.unwrap();
    crate::support::eventually(
        &browser,
        "arguments[0](performance.getEntriesByName('klucznik-worker-ready').length > 0);",
    )
    .await;

    // The token is encrypted in the worker: hold the call there, then crash the worker.
    click(&browser, "#tab-token").await;
    fill(&browser, "#ksef-token", &token).await;
    browser
        .execute(
            "window.__workers.forEach((w) => { w.__held = true; });",
            vec![],
        )
        .await
        .unwrap();
    click(&browser, "#token-submit").await;
    text_of(&browser, "#login-progress").await;
    crate::support::eventually(
        &browser,
        "arguments[0](window.__workers.some((w) => w.__dropped > 0));",
    )
    .await;
    browser
        .execute(
            "window.__workers.forEach((w) => window.__post(w, 'not a call'));",
            vec![],
        )
        .await
        .unwrap();
    let said = text_containing(&browser, "#login-error", "Moduł kryptograficzny").await;
    assert!(said.contains("Spróbuj ponownie"), "{said}");
    screenshot(&browser, "worker-crashed").await;

    // The token is still typed in, and the next try runs in a fresh worker.
    click(&browser, "#token-submit").await;
    text_containing(&browser, "#session-context", &nip).await;
    let workers = browser
        .execute("return window.__workers.length;", vec![])
        .await
        .unwrap();
    assert_eq!(workers.as_u64(), Some(2), "a second worker was started");
    browser.close().await.unwrap();
}
