//! The first visit starts with the small app (the frame and the login page). The full app loads
//! after the first paint and takes over, with the session, when the user leaves the login page;
//! when it cannot be loaded, the page says so and loads it again on request.

use std::path::Path;

use klucznik_e2e::{click, dist_dir, fill, screenshot, text_containing, text_of, Driver, Relay};

use crate::support::{nip, temp_dir, Api};

/// The full app's files (and their compressed copies) in `dir`.
fn full_app_files(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("klucznik-app")
        })
        .collect()
}

/// `dist/` copied into `to`, subdirectories included.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_full_app_takes_over_with_the_session_and_a_failed_load_is_shown() {
    // The app as built, but without the full app: as when the network drops after first paint.
    let dir = temp_dir("first-visit");
    copy_dir(&dist_dir(), &dir);
    let missing = full_app_files(&dir);
    assert!(
        missing.len() >= 2,
        "no full app in {}",
        dist_dir().display()
    );
    for f in &missing {
        std::fs::remove_file(f).unwrap();
    }
    let relay = Relay::serving(dir.clone()).await;
    let nip = nip();
    let token = Api::new(&relay).new_token(&nip).await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();

    // Logging in needs only the first-visit app.
    click(&browser, "#tab-token").await;
    fill(&browser, "#ksef-token", &token).await;
    click(&browser, "#token-submit").await;
    text_containing(&browser, "#session-context", &nip).await;

    // Any other page needs the full app: the failure is said, in Polish, with a way to retry.
    click(&browser, "nav a[href='/tokeny']").await;
    assert_eq!(
        text_of(&browser, "#loading-app .error").await,
        "Nie udało się wczytać pozostałych stron Klucznika. Sprawdź połączenie z siecią i spróbuj ponownie."
    );
    screenshot(&browser, "first-visit-app-failed").await;

    // Back on the network: the retry loads it, and it shows the page logged in as before.
    copy_dir(&dist_dir(), &dir);
    click(&browser, "#load-app-again").await;
    text_containing(&browser, "#token-context", &nip).await;
    let roots = browser
        .execute(
            "return document.querySelectorAll('body > .root').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(roots.as_u64(), Some(1), "the first-visit app is gone");
    let focused = browser
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "main", "focus goes on in the new page");
    // The full app's own login page knows the session it was handed.
    click(&browser, "nav a[href='/']").await;
    text_containing(&browser, "#session-context", &nip).await;
    screenshot(&browser, "first-visit-handed-over").await;
    let _ = std::fs::remove_dir_all(&dir);
    browser.close().await.unwrap();
}

/// Runs before the app: the full app's wasm is fetched only once the test calls `__release()`.
const GATE: &str = r#"
(() => {
  const fetch = window.fetch.bind(window);
  let open;
  const gate = new Promise((resolve) => { open = resolve; });
  window.__release = () => open();
  window.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    return url.includes('klucznik-app_bg.wasm') ? gate.then(() => fetch(input, init)) : fetch(input, init);
  };
})();
"#;

#[tokio::test(flavor = "multi_thread")]
async fn leaving_a_page_while_the_full_app_loads_calls_its_hand_over_off() {
    let relay = Relay::start().await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser
        .issue_cmd(crate::support::Cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            serde_json::json!({ "source": GATE }),
        ))
        .await
        .unwrap();
    browser.goto(&relay.url("/")).await.unwrap();

    // Two pages asked for while the full app is held back, each left for the login page.
    for page in ["/tokeny", "/uprawnienia"] {
        click(&browser, &format!("nav a[href='{page}']")).await;
        text_of(&browser, "#loading-app").await;
        click(&browser, "nav a[href='/']").await;
    }
    click(&browser, "#tab-token").await;
    fill(&browser, "#ksef-token", "typed while loading").await;
    browser
        .execute("window.__release();", vec![])
        .await
        .unwrap();
    crate::support::eventually(
        &browser,
        "arguments[0](performance.getEntriesByName('klucznik-app-loaded').length > 0);",
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    // Nothing took the login page over: what was typed is still there, in the one app.
    let typed = browser
        .execute(
            "return [document.querySelectorAll('body > .root').length, document.querySelector('#ksef-token').value];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(typed, serde_json::json!([1, "typed while loading"]));

    // The next page asked for hands over once, to one full app.
    click(&browser, "nav a[href='/sesje']").await;
    text_of(&browser, "main h2").await;
    let roots = browser
        .execute(
            "return document.querySelectorAll('body > .root').length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(roots.as_u64(), Some(1));
    browser.close().await.unwrap();
}
