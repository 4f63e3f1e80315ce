//! Grant batches, and the rules every batch checks before it starts.

use serde_json::json;

use super::batch::{book, employee_grant, id};
use super::driver::App;
use super::fake::{Fake, Inject};
use super::{nip, office};
use crate::ident::Nip;
use crate::lang::{Lang, Localized};
use crate::office::batch::{Batch, BatchError, ItemState, Outcome, SkipReason};
use crate::office::book::{Client, ClientBook};
use crate::permissions::Permission;

fn state(b: &Batch, n: &Nip) -> ItemState {
    b.item(n).unwrap().state.clone()
}

#[test]
fn a_grant_goes_to_each_delegating_client_in_the_office_context() {
    let mut book = ClientBook::new();
    let item = |n: &Nip, delegate: bool| {
        serde_json::from_value(json!({
            "id": "1", "contextIdentifier": {"type": "Nip", "value": n.as_str()},
            "permissionScope": "InvoiceRead", "description": "Biuro",
            "startDate": "2026-11-30T10:00:00+00:00", "canDelegate": delegate,
        }))
        .unwrap()
    };
    book.merge_office_grants(&[
        item(&nip(0), true),
        item(&nip(1), false),
        item(&nip(2), true),
    ]);
    let batch = Batch::grant_indirect(id(), office(), book.clients(), employee_grant()).unwrap();
    assert!(matches!(
        state(&batch, &nip(1)),
        ItemState::Skipped(SkipReason::NotDelegable { ref missing }) if missing == &[Permission::InvoiceRead]
    ));
    let mut fake = Fake::default();
    fake.inject.push((
        office(),
        "POST /permissions/indirect/grants",
        Inject::LoseAnswer,
    ));
    let mut app = App::new(batch);
    app.run(&mut fake).unwrap();
    // Every task ran in the office's context; the lost answer was found by its marker.
    assert_eq!(fake.grant_posts.len(), 2);
    assert!(fake.grant_posts.values().all(|&n| n == 1));
    assert!(fake
        .grants
        .iter()
        .all(|g| g.description == "Księgowa Anna [Klucznik abcdef012345]"));
    assert_eq!(
        state(&app.batch, &nip(0)),
        ItemState::Done(Outcome::Granted {
            reference: None,
            confirmed: true
        })
    );
    assert!(matches!(
        state(&app.batch, &nip(2)),
        ItemState::Done(Outcome::Granted {
            reference: Some(_),
            confirmed: true
        })
    ));
    let s = app.batch.summary(Lang::Pl);
    assert_eq!((s.done, s.skipped), (2, 1));
    assert_eq!(
        s.lines[1].text,
        "Pominięto: klient nie pozwolił biuru przekazywać uprawnień: Przeglądanie faktur"
    );
}

#[test]
fn batches_refuse_what_ksef_would_refuse() {
    let book = book(1);
    let clients: &[Client] = book.clients();
    let none: &[Client] = &[];
    let e =
        Batch::create_token(id(), none, vec![Permission::InvoiceRead], "Opis tokena").unwrap_err();
    assert_eq!(e, BatchError::NoClients);
    let e = Batch::create_token(id(), clients, vec![], "Opis tokena").unwrap_err();
    assert_eq!(e, BatchError::NoPermissions);
    let e = Batch::create_token(id(), clients, vec![Permission::VatUeManage], "Opis").unwrap_err();
    assert!(matches!(e, BatchError::NotTokenPermission { .. }));
    // The marker takes 24 characters of KSeF's 256.
    let e = Batch::create_token(
        id(),
        clients,
        vec![Permission::InvoiceRead],
        &"x".repeat(233),
    )
    .unwrap_err();
    assert_eq!(
        e,
        BatchError::DescriptionLength {
            min: 5,
            max: 232,
            got: 233
        }
    );
    assert_eq!(
        e.message(Lang::En),
        "Description: 5 to 232 characters (the batch marker takes the rest), 233 given"
    );
    assert!(Batch::create_token(
        id(),
        clients,
        vec![Permission::InvoiceRead],
        &"x".repeat(232)
    )
    .is_ok());
    assert_eq!(
        Batch::revoke_tokens(id(), clients, " ab ").unwrap_err(),
        BatchError::SearchTooShort { got: 2 }
    );
    let mut bad = employee_grant();
    bad.permissions = vec![Permission::CredentialsManage];
    let e = Batch::grant_indirect(id(), office(), clients, bad).unwrap_err();
    assert!(matches!(e, BatchError::Grant(_)));
    assert!(!e.message(Lang::Pl).is_empty());
}
