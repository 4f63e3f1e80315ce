//! Uprawnienia in real Chromium, through the relay to the simulator: a person's grant from
//! grant to refusal, and the accounting office's chain (client → office → employee) until the
//! client withdraws it. Every identity logs in with its own certificate in the tab; a page load
//! forgets the session, so each change of identity starts from a fresh page.

use crate::support;

use fantoccini::Client;
use klucznik_e2e::{click, element, fill, screenshot, text_containing, Driver, Relay};
use support::*;

const READ: &str = "Przeglądanie faktur";

async fn fresh(browser: &Client, relay: &Relay) {
    browser.goto(&relay.url("/")).await.unwrap();
}

async fn to_permissions(browser: &Client) {
    click(browser, "nav a[href='/uprawnienia']").await;
    element(browser, "#permissions").await;
}

/// Opens the grant form (folded under the lists' header so the lists come first).
async fn open_grant(browser: &Client) {
    click(browser, "#grant-open").await;
    element(browser, "#grant-kind").await;
}

async fn choose(browser: &Client, css: &str, value: &str) {
    element(browser, css)
        .await
        .select_by_value(value)
        .await
        .unwrap();
}

/// Fills the person part of the grant form (a person known by their NIP).
async fn person(browser: &Client, nip: &str, first: &str, last: &str) {
    choose(browser, "#grant-subject-kind", "Nip").await;
    fill(browser, "#grant-subject", nip).await;
    fill(browser, "#grant-first-name", first).await;
    fill(browser, "#grant-last-name", last).await;
}

/// Sends the filled form and waits until KSeF's operation ends in success.
async fn send_grant(browser: &Client, permissions: &[&str], description: &str) -> String {
    for p in permissions {
        click(browser, &format!("#grant-{p}")).await;
    }
    fill(browser, "#grant-description", description).await;
    click(browser, "#grant-submit").await;
    text_containing(browser, "#operation[data-state='done']", "zakończone").await
}

/// Revokes the row of `list` that mentions `who`, with confirmation, and waits for KSeF.
async fn revoke(browser: &Client, list: &str, who: &str) {
    let rows = format!("#list-{list} tbody tr");
    text_containing(browser, &format!("#list-{list}"), who).await;
    let script = "const [css, who] = arguments; const row = [...document.querySelectorAll(css)]\
        .find(r => r.textContent.includes(who)); row.querySelector('button.revoke').click();";
    browser
        .execute(script, vec![rows.clone().into(), who.into()])
        .await
        .unwrap();
    click(browser, &format!("{rows} button.confirm-revoke")).await;
    text_containing(browser, "#operation[data-state='done']", "zakończone").await;
}

/// The rows of `list` that mention `who`, once the list has loaded.
async fn rows_with(browser: &Client, list: &str, who: &str) -> usize {
    element(
        browser,
        &format!("#list-{list} table, #list-{list} p.empty"),
    )
    .await;
    let script = "const [css, who] = arguments; return [...document.querySelectorAll(css)]\
        .filter(r => r.textContent.includes(who)).length;";
    let css = format!("#list-{list} tbody tr");
    let n = browser
        .execute(script, vec![css.into(), who.into()])
        .await
        .unwrap();
    n.as_u64().unwrap() as usize
}

/// Revokes every permission `who` holds in `list` (KSeF lists each permission as its own row).
async fn revoke_all(browser: &Client, list: &str, who: &str) {
    let mut left = rows_with(browser, list, who).await;
    assert!(left > 0, "nothing of {who} to revoke");
    while left > 0 {
        revoke(browser, list, who).await;
        click(browser, "#operation button.dismiss").await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while rows_with(browser, list, who).await >= left {
            assert!(
                std::time::Instant::now() < deadline,
                "the revoked row stayed"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        left -= 1;
    }
}

/// The login of `subject` to `context` ends refused for want of a permission, in Polish.
async fn refused_for_no_permission(browser: &Client, relay: &Relay, subject: &str, context: &str) {
    fresh(browser, relay).await;
    submit_certificate_login(browser, subject, context).await;
    let error = text_containing(browser, "#login-error", "415").await;
    assert!(
        error.contains("Nie masz żadnego uprawnienia w tym kontekście"),
        "{error}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_owner_grants_a_person_invoice_read_and_revokes_it() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let browser = driver.browser().await;
    let (owner, anna) = (nip(), nip());
    fresh(&browser, &relay).await;
    login_with_certificate(&browser, &owner).await;
    to_permissions(&browser).await;
    open_grant(&browser).await;

    // A rule broken in the form is said before anything is sent, and nothing typed is lost.
    person(&browser, &anna, "Anna", "Nowak").await;
    fill(&browser, "#grant-description", "Księgowa").await;
    click(&browser, "#grant-submit").await;
    text_containing(&browser, "#grant-problem", "uprawnienie").await;
    let typed = element(&browser, "#grant-subject")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(typed.as_deref(), Some(anna.as_str()));

    send_grant(&browser, &["InvoiceRead"], "Księgowa – odczyt faktur").await;
    let here = text_containing(&browser, "#list-here", &anna).await;
    assert!(here.contains("Anna Nowak") && here.contains(READ), "{here}");
    screenshot(&browser, "permissions-person-granted-pl").await;

    // Anna logs in to the owner's context and may make a token with what she holds, no more.
    fresh(&browser, &relay).await;
    login_as(&browser, &anna, &owner).await;
    // Her own permissions show; who else may act here is not hers to see, and the page says why.
    to_permissions(&browser).await;
    let refused = text_containing(&browser, "#list-here p.error", "Nie masz uprawnienia").await;
    assert!(refused.contains("przeglądanie"), "{refused}");
    click(&browser, "#tab-mine").await;
    text_containing(&browser, "#list-mine", READ).await;
    screenshot(&browser, "permissions-person-own-pl").await;
    click(&browser, "nav a[href='/tokeny']").await;
    let write = element(&browser, "#perm-InvoiceWrite").await;
    assert!(write.attr("disabled").await.unwrap().is_some());
    let why = text_containing(&browser, "label[for='perm-InvoiceWrite']", "nie masz").await;
    assert!(why.contains("w tym kontekście"), "{why}");
    fill(&browser, "#token-description", "Odczyt faktur – Anna").await;
    click(&browser, "#perm-InvoiceRead").await;
    click(&browser, "#generate-submit").await;
    let token = klucznik_e2e::text_of(&browser, "#new-token").await;
    assert!(token.contains(&format!("|nip-{owner}|")), "{token}");
    // KSeF itself refuses more than she holds (26001), and says so.
    let api = Api::new(&relay);
    let refusal = api.token_refusal(&anna, &owner, "InvoiceWrite").await;
    assert!(refusal.contains("26001"), "{refusal}");

    // The owner takes it back; Anna's next login is refused, naming the cause.
    fresh(&browser, &relay).await;
    login_with_certificate(&browser, &owner).await;
    to_permissions(&browser).await;
    revoke(&browser, "here", &anna).await;
    refused_for_no_permission(&browser, &relay, &anna, &owner).await;
    screenshot(&browser, "permissions-person-refused-pl").await;
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_office_works_for_a_client_until_the_client_withdraws() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let browser = driver.browser().await;
    let (client, office, employee) = (nip(), nip(), nip());

    // 1. The client lets the office handle its invoices, and pass that on.
    fresh(&browser, &relay).await;
    login_with_certificate(&browser, &client).await;
    to_permissions(&browser).await;
    open_grant(&browser).await;
    choose(&browser, "#grant-kind", "entity").await;
    fill(&browser, "#grant-subject", &office).await;
    fill(&browser, "#grant-full-name", "Biuro Rachunkowe Sp. z o.o.").await;
    for p in ["InvoiceRead", "InvoiceWrite"] {
        click(&browser, &format!("#grant-{p}")).await;
        click(&browser, &format!("#delegate-{p}")).await;
    }
    send_grant(&browser, &[], "Obsługa faktur przez biuro").await;

    // 2. The office sees the client under "received" and gives its employee read access there.
    fresh(&browser, &relay).await;
    login_with_certificate(&browser, &office).await;
    to_permissions(&browser).await;
    click(&browser, "#tab-received").await;
    let received = text_containing(&browser, "#list-received", &client).await;
    assert!(
        received.contains(READ) && received.contains("tak"),
        "{received}"
    );
    screenshot(&browser, "permissions-office-received-pl").await;
    open_grant(&browser).await;
    choose(&browser, "#grant-kind", "indirect").await;
    person(&browser, &employee, "Ewa", "Pracownik").await;
    fill(&browser, "#grant-client", &client).await;
    send_grant(&browser, &["InvoiceRead"], "Księgowa klienta").await;

    // 3. The employee logs in to the client's context with her own certificate.
    fresh(&browser, &relay).await;
    login_as(&browser, &employee, &client).await;

    // 4. The client withdraws the office's grant.
    fresh(&browser, &relay).await;
    login_with_certificate(&browser, &client).await;
    to_permissions(&browser).await;
    revoke_all(&browser, "here", &office).await;

    // 5. The employee is refused; the office sees her grant as inactive.
    refused_for_no_permission(&browser, &relay, &employee, &client).await;
    fresh(&browser, &relay).await;
    login_with_certificate(&browser, &office).await;
    to_permissions(&browser).await;
    click(&browser, "#tab-granted").await;
    let granted = text_containing(&browser, "#list-granted", &employee).await;
    assert!(granted.contains("nieaktywne"), "{granted}");
    screenshot(&browser, "permissions-office-inactive-pl").await;
    click(&browser, "div.langs button.lang:nth-child(2)").await;
    text_containing(&browser, "#list-granted", "inactive").await;
    screenshot(&browser, "permissions-office-inactive-en").await;
    browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn an_owner_makes_an_eu_entity_administrator() {
    let (relay, driver) = (Relay::start().await, Driver::start().await);
    let browser = driver.browser().await;
    let owner = nip();
    let fingerprint = "7F3A9C2B4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F8";
    fresh(&browser, &relay).await;
    login_with_certificate(&browser, &owner).await;
    to_permissions(&browser).await;
    open_grant(&browser).await;
    choose(&browser, "#grant-kind", "eu-administration").await;
    let context = format!("{owner}-ATU12345678");
    for (css, value) in [
        ("#grant-eu-context", context.as_str()),
        ("#grant-eu-name", "Muster GmbH (samofakturowanie)"),
        ("#grant-eu-full-name", "Muster GmbH"),
        ("#grant-eu-address", "Hauptstraße 1, 1010 Wien"),
        ("#grant-subject", fingerprint),
    ] {
        fill(&browser, css, value).await;
    }
    choose(&browser, "#grant-eu-grantee", "entity").await;
    fill(&browser, "#grant-full-name", "Muster GmbH").await;
    fill(&browser, "#grant-address", "Hauptstraße 1, 1010 Wien").await;
    screenshot(&browser, "permissions-eu-form").await;
    send_grant(&browser, &[], "Administrator podmiotu unijnego").await;

    // KSeF (the simulator, which checks every request against the spec) holds the grant.
    {
        let state = relay.sim.state();
        let grant = state
            .permission_grants
            .iter()
            .find(|g| g.authorized.value == fingerprint)
            .expect("the EU administrator's grant");
        assert_eq!(grant.context.value, context);
        assert_eq!(
            grant.eu_entity_name.as_deref(),
            Some("Muster GmbH (samofakturowanie)")
        );
    }
    browser.close().await.unwrap();
}
