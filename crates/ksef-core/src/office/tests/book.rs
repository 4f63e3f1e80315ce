use serde_json::json;

use super::{nip, office};
use crate::api::permissions::{EntityPermissionItem, PersonalPermission};
use crate::extensible::Extensible;
use crate::lang::{Lang, Localized};
use crate::office::book::{ClientBook, ClientError, NAME_MAX};
use crate::office::book_csv::ImportedClient;
use crate::permissions::Permission;

fn entity(client: &str, scope: &str, delegate: bool) -> EntityPermissionItem {
    serde_json::from_value(json!({
        "id": format!("{client}-{scope}"),
        "contextIdentifier": {"type": "Nip", "value": client},
        "permissionScope": scope,
        "description": "Biuro rachunkowe",
        "startDate": "2026-11-30T10:00:00+00:00",
        "canDelegate": delegate,
    }))
    .unwrap()
}

fn personal(
    context: Option<&str>,
    target: Option<&str>,
    scope: &str,
    state: &str,
) -> PersonalPermission {
    let mut v = json!({
        "id": "p",
        "permissionScope": scope,
        "description": "Pracownik",
        "permissionState": state,
        "startDate": "2026-11-30T10:00:00+00:00",
        "canDelegate": false,
    });
    if let Some(c) = context {
        v["contextIdentifier"] = json!({"type": "Nip", "value": c});
    }
    if let Some(t) = target {
        v["targetIdentifier"] = json!({"type": "Nip", "value": t});
    }
    serde_json::from_value(v).unwrap()
}

#[test]
fn office_grants_become_clients_with_scopes_and_delegation() {
    let (a, b) = (nip(0), nip(1));
    let mut book = ClientBook::new();
    let r = book.merge_office_grants(&[
        entity(a.as_str(), "InvoiceRead", true),
        entity(a.as_str(), "InvoiceWrite", false),
        entity(b.as_str(), "InvoiceRead", false),
        entity(a.as_str(), "SomethingNew", false),
    ]);
    assert_eq!(r.added, vec![a.clone(), b.clone()]);
    assert_eq!((r.kept, r.ignored), (0, 0));
    let g = book.get(&a).unwrap().current_grant().unwrap();
    assert_eq!(
        g.scopes,
        vec![
            Extensible::Known(Permission::InvoiceRead),
            Extensible::Known(Permission::InvoiceWrite),
            Extensible::Unknown("SomethingNew".into()),
        ]
    );
    assert_eq!(g.delegable, vec![Permission::InvoiceRead]);
    assert_eq!(
        g.not_delegable(&[Permission::InvoiceRead, Permission::InvoiceWrite]),
        vec![Permission::InvoiceWrite]
    );
    assert!(!book
        .get(&b)
        .unwrap()
        .current_grant()
        .unwrap()
        .may_delegate());
}

#[test]
fn a_merge_keeps_names_and_marks_withdrawn_clients_instead_of_deleting_them() {
    let (a, b, c) = (nip(0), nip(1), nip(2));
    let mut book = ClientBook::new();
    book.add(c.clone(), "Ręcznie dodany", "").unwrap();
    book.merge_office_grants(&[
        entity(a.as_str(), "InvoiceRead", true),
        entity(b.as_str(), "InvoiceRead", true),
    ]);
    book.edit(&a, "  Piekarnia Łódź  ", "płaci w terminie")
        .unwrap();

    let r = book.merge_office_grants(&[entity(a.as_str(), "InvoiceWrite", false)]);
    assert_eq!(r.withdrawn, vec![b.clone()]);
    assert_eq!((r.kept, r.added.len()), (1, 0));
    let ca = book.get(&a).unwrap();
    assert_eq!(
        (ca.name.as_str(), ca.note.as_str()),
        ("Piekarnia Łódź", "płaci w terminie")
    );
    assert!(!ca.withdrawn());
    let cb = book.get(&b).unwrap();
    assert!(cb.withdrawn() && cb.current_grant().is_none());
    // A hand-added client was never KSeF's to withdraw.
    assert!(!book.get(&c).unwrap().withdrawn());
    assert_eq!(book.clients().len(), 3);

    // Withdrawn once is reported once; back in the answer, current again.
    assert!(book
        .merge_office_grants(&[entity(a.as_str(), "InvoiceWrite", false)])
        .withdrawn
        .is_empty());
    book.merge_office_grants(&[entity(b.as_str(), "InvoiceRead", false)]);
    assert!(!book.get(&b).unwrap().withdrawn());
    assert!(book.get(&a).unwrap().withdrawn());
}

#[test]
fn personal_grants_name_clients_by_target_or_by_another_context() {
    let me = office();
    let (a, b) = (nip(0), nip(1));
    let mut book = ClientBook::new();
    let r = book.merge_personal(
        &me,
        &[
            // An indirect grant from the office, for client a.
            personal(Some(me.as_str()), Some(a.as_str()), "InvoiceRead", "Active"),
            // A direct grant from client b, one active, one withdrawn.
            personal(Some(b.as_str()), None, "InvoiceWrite", "Active"),
            personal(Some(b.as_str()), None, "InvoiceRead", "Inactive"),
            // The session's own context, and no context at all: not a client.
            personal(Some(me.as_str()), None, "CredentialsManage", "Active"),
            personal(None, None, "InvoiceRead", "Active"),
        ],
    );
    assert_eq!(r.added, vec![a.clone(), b.clone()]);
    assert_eq!(r.ignored, 2);
    let pb = &book.get(&b).unwrap().personal.as_ref().unwrap().value;
    assert_eq!(pb.active, vec![Extensible::Known(Permission::InvoiceWrite)]);
    assert_eq!(
        pb.inactive,
        vec![Extensible::Known(Permission::InvoiceRead)]
    );

    let r = book.merge_personal(&me, &[]);
    assert_eq!(r.withdrawn, vec![a.clone(), b.clone()]);
    assert!(book.get(&a).unwrap().withdrawn());
}

#[test]
fn hand_edits_are_checked_and_typed() {
    let a = nip(0);
    let mut book = ClientBook::new();
    book.add(a.clone(), "Firma", "").unwrap();
    assert_eq!(
        book.add(a.clone(), "Inna", ""),
        Err(ClientError::AlreadyInBook { nip: a.clone() })
    );
    let long = "x".repeat(NAME_MAX + 1);
    let e = book.edit(&a, &long, "").unwrap_err();
    assert_eq!(e, ClientError::NameTooLong { got: NAME_MAX + 1 });
    assert_eq!(
        e.message(Lang::Pl),
        "Nazwa: najwyżej 256 znaków, podano 257"
    );
    assert_eq!(
        e.message(Lang::En),
        "Name: at most 256 characters, 257 given"
    );
    let e = book.edit(&nip(1), "X", "").unwrap_err();
    assert!(e.message(Lang::Pl).contains(nip(1).as_str()));
    assert_eq!(book.remove(&a).map(|c| c.name), Some("Firma".into()));
    assert!(book.clients().is_empty());
}

#[test]
fn an_import_adds_new_clients_and_fills_known_ones_without_blanking() {
    let (a, b) = (nip(0), nip(1));
    let mut book = ClientBook::new();
    book.merge_office_grants(&[entity(a.as_str(), "InvoiceRead", true)]);
    book.edit(&a, "Stara nazwa", "ważna uwaga").unwrap();
    let row = |nip: &crate::ident::Nip, name: &str, note: &str| ImportedClient {
        line: 1,
        nip: nip.clone(),
        name: name.into(),
        note: note.into(),
    };
    let r = book.import(&[row(&a, "Nowa nazwa", ""), row(&b, "Druga", "z pliku")]);
    assert_eq!((r.added, r.kept), (vec![b.clone()], 1));
    let ca = book.get(&a).unwrap();
    assert_eq!(
        (ca.name.as_str(), ca.note.as_str()),
        ("Nowa nazwa", "ważna uwaga")
    );
    assert!(ca.by_hand && ca.current_grant().is_some());
}

#[test]
fn the_book_survives_storage_as_json() {
    let mut book = ClientBook::new();
    book.merge_office_grants(&[entity(nip(0).as_str(), "InvoiceRead", true)]);
    book.add(nip(1), "Zażółć", "gęślą jaźń").unwrap();
    book.merge_office_grants(&[]);
    let json = serde_json::to_string(&book).unwrap();
    let back: ClientBook = serde_json::from_str(&json).unwrap();
    assert_eq!(back, book);
    assert!(back.get(&nip(0)).unwrap().withdrawn());
    // A stored NIP that is not one any more is refused, not taken silently.
    let bad = json.replace(nip(1).as_str(), "5260000001");
    assert!(serde_json::from_str::<ClientBook>(&bad).is_err());
}
