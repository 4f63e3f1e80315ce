//! Batches without reloads: every path of an item, and one client's trouble never stopping
//! the others.

use serde_json::json;

use super::driver::App;
use super::fake::{Fake, Inject};
use super::nip;
use crate::api::permissions::{IndirectPermissionsGrantRequest, PersonName, SubjectDetails};
use crate::api::{SubjectIdentifier, SubjectIdentifierKind};
use crate::flow::{Failure, Reply};
use crate::ident::Nip;
use crate::lang::Lang;
use crate::office::batch::{
    Activation, Batch, BatchId, ItemState, LineKind, Outcome, SecretState, SkipReason,
    RECONCILE_AFTER_MS,
};
use crate::office::book::ClientBook;
use crate::permissions::Permission;

pub fn id() -> BatchId {
    BatchId::from_random([0xab, 0xcd, 0xef, 0x01, 0x23, 0x45])
}

pub fn book(n: usize) -> ClientBook {
    let mut b = ClientBook::new();
    for i in 0..n {
        b.add(nip(i), &format!("Klient {i}"), "").unwrap();
    }
    b
}

pub fn token_batch(book: &ClientBook) -> Batch {
    Batch::create_token(
        id(),
        book.clients(),
        vec![Permission::InvoiceRead],
        "Biuro – odczyt",
    )
    .unwrap()
    .with_limit(2)
}

pub fn employee_grant() -> IndirectPermissionsGrantRequest {
    IndirectPermissionsGrantRequest {
        subject_identifier: SubjectIdentifier {
            kind: SubjectIdentifierKind::Pesel,
            value: "02070803628".into(),
        },
        target_identifier: None,
        permissions: vec![Permission::InvoiceRead],
        description: "Księgowa Anna".into(),
        subject_details: SubjectDetails::person(PersonName::new("Anna", "Nowak")),
    }
}

fn state(b: &Batch, n: &Nip) -> ItemState {
    b.item(n).unwrap().state.clone()
}

#[test]
fn tokens_are_made_in_every_client_and_their_secrets_saved_once() {
    let book = book(3);
    let mut fake = Fake::default();
    let mut app = App::new(token_batch(&book));
    app.run(&mut fake).unwrap();
    assert!(app.batch.is_over());
    for i in 0..3 {
        let mine = fake.tokens_of(&nip(i));
        assert_eq!(mine.len(), 1);
        assert_eq!(
            mine[0].description,
            "Biuro – odczyt [Klucznik abcdef012345]"
        );
        assert!(matches!(
            state(&app.batch, &nip(i)),
            ItemState::Done(Outcome::TokenMade {
                activation: Activation::Active,
                secret: SecretState::Kept(_),
                ..
            })
        ));
    }
    let s = app.batch.summary(Lang::Pl);
    assert_eq!((s.done, s.failed, s.left), (3, 0, 0));
    assert!(
        s.lines[0].text.starts_with("Token utworzony ("),
        "{}",
        s.lines[0].text
    );

    assert_eq!(app.batch.unsaved_secrets(), 3);
    let file = app.batch.secrets_file(Lang::Pl).unwrap();
    assert!(file.starts_with("\u{feff}NIP;Nazwa;Numer referencyjny tokena;Token\r\n"));
    let line = format!(
        "{};Klient 0;{r};secret-{r}\r\n",
        nip(0),
        r = fake.tokens_of(&nip(0))[0].reference
    );
    assert!(file.contains(&line), "{file}");
    // Stored, the secrets are there until wiped; never in Debug output.
    assert!(app.saved.contains("secret-"));
    assert!(!format!("{:?}", app.batch).contains("secret-"));
    assert_eq!(app.batch.wipe_secrets(), 3);
    assert_eq!(app.batch.secrets_file(Lang::Pl), None);
    assert!(!serde_json::to_string(&app.batch)
        .unwrap()
        .contains("secret-"));
    assert!(app.batch.summary(Lang::En).lines[2]
        .text
        .ends_with("the token was saved to a file"));
}

#[test]
fn a_client_without_permission_fails_alone() {
    let book = book(3);
    let mut fake = Fake::default();
    fake.no_permission.insert(nip(1));
    let mut app = App::new(token_batch(&book));
    app.run(&mut fake).unwrap();
    assert!(app.batch.is_over());
    assert_eq!(fake.tokens.len(), 2);
    let s = app.batch.summary(Lang::Pl);
    assert_eq!((s.done, s.failed), (2, 1));
    assert_eq!(s.lines[1].kind, LineKind::Failed);
    assert!(
        s.lines[1].text.contains("Brak uprawnień"),
        "{}",
        s.lines[1].text
    );
}

#[test]
fn a_rate_limited_client_is_held_and_the_others_go_first() {
    let book = book(3);
    let mut fake = Fake::default();
    fake.login_429.insert(nip(0), 1);
    let mut app = App::new(token_batch(&book).with_limit(1));
    app.run(&mut fake).unwrap();
    let order: Vec<&str> = app.tasks.iter().map(String::as_str).collect();
    let (a, b, c) = (nip(0), nip(1), nip(2));
    let expected = [
        format!("{a} create"),
        format!("{b} create"),
        format!("{c} create"),
        // Held 5 s after its 429; the login failed before the POST, so it looks first.
        format!("{a} find-tokens"),
        format!("{a} create"),
    ];
    assert_eq!(order, expected);
    assert!(app.now >= 5_000, "the batch waited out the hold");
    assert_eq!(fake.token_posts.values().sum::<usize>(), 3);
    assert_eq!(app.batch.summary(Lang::En).done, 3);
}

#[test]
fn a_lost_answer_is_reconciled_and_the_token_never_made_twice() {
    let book = book(2);
    let mut fake = Fake::default();
    fake.inject
        .push((nip(0), "POST /tokens", Inject::LoseAnswer));
    let mut app = App::new(token_batch(&book));
    app.run(&mut fake).unwrap();
    assert!(
        app.now >= RECONCILE_AFTER_MS,
        "it looked only after a pause"
    );
    assert_eq!(fake.token_posts[&nip(0)], 1);
    assert_eq!(fake.tokens_of(&nip(0)).len(), 1);
    let ItemState::Done(Outcome::TokenMade {
        reference, secret, ..
    }) = state(&app.batch, &nip(0))
    else {
        panic!("{:?}", state(&app.batch, &nip(0)))
    };
    assert_eq!(reference, fake.tokens_of(&nip(0))[0].reference);
    assert_eq!(secret, SecretState::Lost);
    let s = app.batch.summary(Lang::Pl);
    assert_eq!((s.attention, s.done), (1, 1));
    assert!(s.lines[0].text.contains("nie da się odzyskać"));
    // Only the other client's secret goes to the file.
    let file = app.batch.secrets_file(Lang::En).unwrap();
    assert_eq!(file.matches("secret-").count(), 1);
}

#[test]
fn a_refused_token_fails_and_a_retry_sends_it_again() {
    let book = book(2);
    let mut fake = Fake::default();
    let refused = Reply::ok(
        400,
        json!({"exception": {"exceptionDetailList": [
        {"exceptionCode": 26001, "exceptionDescription": "Brak uprawnień"}]}})
        .to_string(),
    );
    fake.inject
        .push((nip(1), "POST /tokens", Inject::Refuse(refused)));
    let mut app = App::new(token_batch(&book));
    app.run(&mut fake).unwrap();
    assert!(matches!(
        state(&app.batch, &nip(1)),
        ItemState::Failed {
            failure: Failure::Ksef(_),
            stage: None
        }
    ));
    assert_eq!(app.batch.summary(Lang::En).failed, 1);
    app.batch.retry_failed();
    app.run(&mut fake).unwrap();
    assert_eq!(app.batch.summary(Lang::En).done, 2);
    assert_eq!(fake.tokens.len(), 2);
}

#[test]
fn pause_resume_and_cancel() {
    let book = book(3);
    let mut fake = Fake::default();
    let mut batch = token_batch(&book).with_limit(1);
    batch.pause();
    assert_eq!(batch.next(0), None);
    batch.resume();
    let first = batch.next(0).unwrap();
    assert_eq!(first.nip, nip(0));
    assert_eq!(batch.next(0), None, "one at a time");
    batch.cancel();
    let mut app = App::new(batch);
    // The task in flight was lost with the old page: the reload reconciles it.
    app = app.reload();
    app.run(&mut fake).unwrap();
    assert!(app.batch.is_over());
    assert!(fake.tokens_of(&nip(0)).len() == 1);
    let s = app.batch.summary(Lang::Pl);
    assert_eq!((s.done, s.skipped), (1, 2));
    assert_eq!(
        s.lines[2].text,
        "Pominięto: pakiet zatrzymano przed tym klientem"
    );
    assert!(matches!(
        state(&app.batch, &nip(2)),
        ItemState::Skipped(SkipReason::Cancelled)
    ));
}

#[test]
fn stale_answers_change_nothing() {
    let book = book(2);
    let mut batch = token_batch(&book);
    assert!(!batch.token_done(&nip(0), Err(Failure::Network), 0));
    assert!(!batch.tokens_found(&nip(0), &[]));
    assert!(!batch.failed(&nip(0), Failure::Network, 0));
    assert_eq!(state(&batch, &nip(0)), ItemState::Todo);
}

#[test]
fn revoke_finds_the_tokens_by_description_and_reports_each_client() {
    let book = book(3);
    let mut fake = Fake::default();
    let keep = fake.add_token(&nip(0), "Integracja ERP", "Active");
    let r1 = fake.add_token(&nip(0), "Stary token BIURO", "Active");
    let r2 = fake.add_token(&nip(0), "biuro (zapas)", "Pending");
    fake.add_token(&nip(0), "biuro, już unieważniony", "Revoked");
    let r3 = fake.add_token(&nip(1), "Biuro", "Active");
    let refused = Reply::ok(
        400,
        json!({"exception": {"exceptionDetailList": [
        {"exceptionCode": 21000, "exceptionDescription": "Nie można"}]}})
        .to_string(),
    );
    fake.inject
        .push((nip(1), "DELETE /tokens/", Inject::Refuse(refused)));
    let batch = Batch::revoke_tokens(id(), book.clients(), "  biuro ").unwrap();
    let mut app = App::new(batch);
    app.run(&mut fake).unwrap();
    let status = |r: &str| {
        fake.tokens
            .iter()
            .find(|t| t.reference == r)
            .unwrap()
            .status
    };
    assert_eq!(
        (status(&keep), status(&r1), status(&r2), status(&r3)),
        ("Active", "Revoked", "Revoked", "Active")
    );
    assert!(matches!(
        state(&app.batch, &nip(0)),
        ItemState::Done(Outcome::Revoked { ref revoked, ref not_revoked }) if revoked.len() == 2 && not_revoked.is_empty()
    ));
    let s = app.batch.summary(Lang::Pl);
    assert_eq!(s.lines[0].text, "Unieważniono 2 tokeny");
    assert_eq!(s.lines[1].kind, LineKind::Attention);
    assert!(
        s.lines[1]
            .text
            .starts_with("Nie udało się unieważnić: 1 token ("),
        "{}",
        s.lines[1].text
    );
    assert_eq!(
        s.lines[2].text,
        "Brak tokenów o takim opisie do unieważnienia"
    );
    assert_eq!(
        app.batch.summary(Lang::En).lines[0].text,
        "Revoked 2 tokens"
    );
}
