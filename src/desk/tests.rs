//! The desk's reducer, natively: a new certificate forgets the old sessions, a check records
//! each client and keeps its session, selection and failures stay visible.

use std::rc::Rc;

use ksef_core::api::TokenInfo;
use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::flow::Failure;
use ksef_core::ident::Nip;
use ksef_core::office::schedule::Progress;
use ksef_core::office::{ClientBook, ClientFacts, RowStatus};
use yew::Reducible;

use super::state::{Desk, DeskAction, Notice};
use crate::session::Session;
use crate::worker::desk::DeskSigner;

const CLIENT: &str = "5265877635";

fn nip() -> Nip {
    CLIENT.parse().unwrap()
}

fn session(nip: &str) -> Session {
    let token = |t: &str| TokenInfo {
        token: t.into(),
        valid_until: time::macros::datetime!(2026-12-01 12:00 UTC),
    };
    Session {
        base: "/sim/v2".into(),
        reference: "20261130-AU-1".into(),
        context: ApiContextIdentifier {
            kind: ContextType::Nip,
            value: nip.into(),
        },
        method: Default::default(),
        access: token("access"),
        refresh: token("refresh"),
    }
}

fn signer(serial: &str) -> DeskSigner {
    DeskSigner {
        subject: "CN=Anna".into(),
        serial: serial.into(),
        valid_to: "2027-01-01".into(),
        self_signed: true,
        identity: None,
    }
}

fn reduce(d: Desk, actions: Vec<DeskAction>) -> Desk {
    let mut d = Rc::new(d);
    for a in actions {
        d = d.reduce(a);
    }
    (*d).clone()
}

fn with_client() -> Desk {
    let mut book = ClientBook::new();
    book.add(nip(), "Piekarnia", "").unwrap();
    reduce(
        Desk::default(),
        vec![DeskAction::BookLoaded("test".into(), book)],
    )
}

#[test]
fn a_check_records_the_client_and_keeps_its_session() {
    let d = reduce(
        with_client(),
        vec![
            DeskAction::Checking(nip()),
            DeskAction::Checked {
                nip: nip(),
                facts: Box::new(ClientFacts::LoggedIn {
                    held: Ok(vec![]),
                    tokens: Err(Failure::TimedOut),
                }),
                session: Some(Box::new(session(CLIENT))),
                progress: Progress {
                    total: 1,
                    done: 1,
                    ..Progress::default()
                },
            },
        ],
    );
    assert_eq!(
        d.overview.row(&nip()).unwrap().status(),
        RowStatus::Incomplete
    );
    assert!(d.session(&nip()).is_some());
    assert!(!d.checking());
}

#[test]
fn a_refused_login_is_no_permission_and_keeps_no_session() {
    let refused = Failure::AuthStatus {
        code: 415,
        details: vec![],
    };
    let d = reduce(
        with_client(),
        vec![DeskAction::Checked {
            nip: nip(),
            facts: Box::new(ClientFacts::login_failed(refused)),
            session: None,
            progress: Progress::default(),
        }],
    );
    assert_eq!(
        d.overview.row(&nip()).unwrap().status(),
        RowStatus::NoPermission
    );
    assert!(d.session(&nip()).is_none());
}

#[test]
fn another_certificate_forgets_the_sessions_of_the_first() {
    let d = reduce(
        with_client(),
        vec![
            DeskAction::Signer(Some(signer("01"))),
            DeskAction::Opened(session(CLIENT)),
            DeskAction::Signer(Some(signer("01"))),
        ],
    );
    assert!(
        d.session(&nip()).is_some(),
        "the same certificate again keeps them"
    );
    let d = reduce(d, vec![DeskAction::Signer(Some(signer("02")))]);
    assert!(d.sessions.is_empty());
    let d = reduce(
        d,
        vec![
            DeskAction::Opened(session(CLIENT)),
            DeskAction::Signer(None),
        ],
    );
    assert!(d.sessions.is_empty() && d.signer.is_none());
}

#[test]
fn selection_and_a_failed_open_stay_visible() {
    let d = reduce(
        with_client(),
        vec![
            DeskAction::Select(CLIENT.into(), true),
            DeskAction::Opening(nip()),
            DeskAction::OpenFailed(Failure::Network.into()),
        ],
    );
    assert!(d.selected.contains(CLIENT));
    assert_eq!(d.opening, None);
    assert_eq!(d.notice, Some(Notice::Failed(Failure::Network.into())));
    let d = reduce(
        d,
        vec![
            DeskAction::Select(CLIENT.into(), false),
            DeskAction::SelectOnly(vec![]),
        ],
    );
    assert!(d.selected.is_empty());
}

#[test]
fn a_client_typed_by_hand_goes_in_only_with_a_valid_nip() {
    let d = reduce(
        Desk::default(),
        vec![DeskAction::Add {
            nip: "1234567890".into(),
            name: "Zły".into(),
            note: String::new(),
        }],
    );
    assert!(matches!(d.notice, Some(Notice::BadNip(_))));
    assert_eq!((d.book_version, d.book.clients().len()), (0, 0));
    let d = reduce(
        d,
        vec![DeskAction::Add {
            nip: CLIENT.into(),
            name: "Piekarnia".into(),
            note: "VAT kwartalnie".into(),
        }],
    );
    assert_eq!(d.notice, Some(Notice::Saved));
    assert_eq!((d.book_version, d.overview.rows().len()), (1, 1));
}

#[test]
fn the_office_is_the_session_the_desk_did_not_open() {
    let office = session("6824515772");
    let d = reduce(
        with_client(),
        vec![DeskAction::Session(Some(office.clone()))],
    );
    assert_eq!(d.office.as_ref(), Some(&office));
    // A client opened by the desk becomes current: the office stays the office.
    let d = reduce(
        d,
        vec![
            DeskAction::Opened(session(CLIENT)),
            DeskAction::Session(Some(session(CLIENT))),
        ],
    );
    assert_eq!(
        d.office.as_ref().map(|o| o.context.value.as_str()),
        Some("6824515772")
    );
    let d = reduce(d, vec![DeskAction::Session(None)]);
    assert!(d.office.is_none());
}

#[test]
fn a_check_is_under_way_from_the_click() {
    let d = reduce(with_client(), vec![DeskAction::CheckStarted(1)]);
    assert!(d.checking());
}

#[test]
fn a_book_that_could_not_be_read_is_not_saved_over() {
    let d = reduce(
        with_client(),
        vec![DeskAction::BookUnread(
            "prod".into(),
            crate::idb::StoreError::Blocked,
        )],
    );
    assert_eq!(d.env.as_deref(), Some("prod"));
    assert!(!d.book_read, "the page saves only a book it has read");
    assert!(d.book.clients().is_empty());
    assert!(matches!(
        d.notice,
        Some(Notice::Store(crate::idb::StoreError::Blocked))
    ));
    let d = reduce(
        d,
        vec![DeskAction::BookLoaded("test".into(), ClientBook::new())],
    );
    assert!(d.book_read);
}
