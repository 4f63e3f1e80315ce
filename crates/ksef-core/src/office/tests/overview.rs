use serde_json::json;

use super::nip;
use crate::api::tokens::TokenStatusResponse;
use crate::api::{SubjectIdentifier, SubjectIdentifierKind};
use crate::flow::Failure;
use crate::ident::Nip;
use crate::lang::Lang;
use crate::office::book::ClientBook;
use crate::office::overview::{
    ClientFacts, Overview, Query, RowFilter, RowStatus, SortKey, TokenCounts,
};
use crate::permissions::Permission;

fn me() -> SubjectIdentifier {
    SubjectIdentifier {
        kind: SubjectIdentifierKind::Pesel,
        value: "44051401359".into(),
    }
}

fn token(status: &str, author: &str) -> TokenStatusResponse {
    serde_json::from_value(json!({
        "referenceNumber": "20261201-EC-0000000000-0000000000-00",
        "authorIdentifier": {"type": "Pesel", "value": author},
        "contextIdentifier": {"type": "Nip", "value": "5265877635"},
        "description": "ERP",
        "requestedPermissions": ["InvoiceRead"],
        "dateCreated": "2026-11-30T10:00:00+00:00",
        "status": status,
    }))
    .unwrap()
}

#[test]
fn tokens_are_counted_by_state_and_by_author() {
    let other = "02070803628";
    let c = TokenCounts::count(
        &[
            token("Active", "44051401359"),
            token("Active", other),
            token("Pending", "44051401359"),
            token("Revoked", "44051401359"),
            token("Failed", other),
            token("SomethingNew", other),
        ],
        &me(),
    );
    assert_eq!(
        c,
        TokenCounts {
            active: 2,
            pending: 1,
            mine_active: 1,
            mine_pending: 1
        }
    );
}

#[test]
fn status_415_is_no_permission_and_other_refusals_are_failures() {
    let refused = Failure::AuthStatus {
        code: 415,
        details: vec!["Brak przypisanych uprawnień".into()],
    };
    assert_eq!(
        ClientFacts::login_failed(refused),
        ClientFacts::NoPermission
    );
    let revoked = Failure::AuthStatus {
        code: 460,
        details: vec![],
    };
    assert_eq!(
        ClientFacts::login_failed(revoked.clone()),
        ClientFacts::LoginFailed(revoked)
    );
    assert_eq!(
        ClientFacts::login_failed(Failure::Network),
        ClientFacts::LoginFailed(Failure::Network)
    );
}

fn book() -> ClientBook {
    let mut b = ClientBook::new();
    b.add(nip(0), "Łukasz Usługi", "stały klient").unwrap();
    b.add(nip(1), "Lena Handel", "").unwrap();
    b.add(nip(2), "", "bez nazwy").unwrap();
    b.add(nip(3), "Anna Biuro", "").unwrap();
    b
}

fn logged_in(active: usize, mine: usize) -> ClientFacts {
    ClientFacts::LoggedIn {
        held: Ok(vec![Permission::InvoiceRead]),
        tokens: Ok(TokenCounts {
            active,
            pending: 0,
            mine_active: mine,
            mine_pending: 0,
        }),
    }
}

fn nips(rows: Vec<&crate::office::Row>) -> Vec<Nip> {
    rows.into_iter().map(|r| r.nip.clone()).collect()
}

fn overview() -> Overview {
    let mut o = Overview::from_book(&book());
    o.record(&nip(0), logged_in(2, 1));
    o.record(
        &nip(1),
        ClientFacts::login_failed(Failure::AuthStatus {
            code: 415,
            details: vec![],
        }),
    );
    o.record(
        &nip(2),
        ClientFacts::LoggedIn {
            held: Err(Failure::TimedOut),
            tokens: Ok(TokenCounts::default()),
        },
    );
    o.fetching(&nip(3));
    o
}

#[test]
fn each_row_has_a_status_with_a_label_in_both_languages() {
    let o = overview();
    let status: Vec<RowStatus> = o.rows().iter().map(|r| r.status()).collect();
    assert_eq!(
        status,
        [
            RowStatus::Ready,
            RowStatus::NoPermission,
            RowStatus::Incomplete,
            RowStatus::Checking
        ]
    );
    assert_eq!(
        o.row(&nip(1)).unwrap().status().label(Lang::Pl),
        "Brak uprawnień w kontekście klienta"
    );
    assert_eq!(
        o.row(&nip(1)).unwrap().status().label(Lang::En),
        "No permission in the client's context"
    );
    assert_eq!(o.row(&nip(2)).unwrap().failures(), vec![&Failure::TimedOut]);
    assert_eq!(
        o.row(&nip(0)).unwrap().held(),
        Some(&[Permission::InvoiceRead][..])
    );
    for s in RowStatus::ALL {
        assert_ne!(s.label(Lang::Pl), s.label(Lang::En));
    }
    let filters = RowFilter::all();
    let labels: std::collections::HashSet<String> =
        filters.iter().map(|f| f.label(Lang::Pl)).collect();
    assert_eq!(
        labels.len(),
        filters.len(),
        "every filter has its own label"
    );
}

#[test]
fn filters_by_status_tokens_and_text() {
    let o = overview();
    let view = |filter, text: &str| {
        nips(o.view(&Query {
            text: text.into(),
            filter,
            ..Query::default()
        }))
    };
    assert_eq!(
        view(RowFilter::Status(RowStatus::NoPermission), ""),
        [nip(1)]
    );
    assert_eq!(view(RowFilter::HasActiveTokens, ""), [nip(0)]);
    assert_eq!(view(RowFilter::HasMyTokens, ""), [nip(0)]);
    // Only rows whose tokens were read can be known to have none.
    assert_eq!(view(RowFilter::NoActiveTokens, ""), [nip(2)]);
    assert_eq!(view(RowFilter::All, "łukasz"), [nip(0)]);
    assert_eq!(view(RowFilter::All, "BEZ NAZWY"), [nip(2)]);
    let dashed = format!("{}-{}", &nip(3).as_str()[..3], &nip(3).as_str()[3..]);
    assert_eq!(view(RowFilter::All, &dashed), [nip(3)]);
    assert_eq!(
        view(RowFilter::All, "526"),
        [nip(0), nip(1), nip(2), nip(3)]
    );
    assert_eq!(o.count(RowFilter::Status(RowStatus::Checking)), 1);
}

#[test]
fn sorts_by_nip_by_polish_name_and_by_status() {
    let o = overview();
    let sorted = |sort, descending| {
        nips(o.view(&Query {
            sort,
            descending,
            ..Query::default()
        }))
    };
    assert_eq!(
        sorted(SortKey::Nip, false),
        [nip(0), nip(1), nip(2), nip(3)]
    );
    assert_eq!(sorted(SortKey::Nip, true), [nip(3), nip(2), nip(1), nip(0)]);
    // Anna, Lena, Łukasz (Ł after L, not after Z), then the client without a name.
    assert_eq!(
        sorted(SortKey::Name, false),
        [nip(3), nip(1), nip(0), nip(2)]
    );
    assert_eq!(
        sorted(SortKey::Name, true),
        [nip(2), nip(0), nip(1), nip(3)]
    );
    // What needs attention first: no permission, then incomplete, ready, checking.
    assert_eq!(
        sorted(SortKey::Status, false),
        [nip(1), nip(2), nip(0), nip(3)]
    );
}

#[test]
fn a_book_change_keeps_what_was_fetched_and_shows_withdrawn_grants() {
    let mut o = overview();
    let mut b = book();
    b.remove(&nip(3));
    b.add(nip(4), "Nowy", "").unwrap();
    o.update_book(&b);
    assert_eq!(o.rows().len(), 4);
    assert_eq!(o.row(&nip(0)).unwrap().status(), RowStatus::Ready);
    assert_eq!(o.row(&nip(4)).unwrap().status(), RowStatus::NotChecked);
    assert!(o.row(&nip(3)).is_none());

    let item = serde_json::from_value(json!({
        "id": "1", "contextIdentifier": {"type": "Nip", "value": nip(1).as_str()},
        "permissionScope": "InvoiceRead", "description": "Biuro",
        "startDate": "2026-11-30T10:00:00+00:00", "canDelegate": true,
    }))
    .unwrap();
    b.merge_office_grants(&[item]);
    o.update_book(&b);
    let keep = |o: &Overview, f| {
        nips(o.view(&Query {
            filter: f,
            ..Query::default()
        }))
    };
    assert_eq!(keep(&o, RowFilter::MayDelegate), [nip(1)]);
    b.merge_office_grants(&[]);
    o.update_book(&b);
    assert_eq!(keep(&o, RowFilter::Withdrawn), [nip(1)]);
    assert!(keep(&o, RowFilter::MayDelegate).is_empty());
}
