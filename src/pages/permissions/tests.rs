//! The Permissions page's reducers, natively: lists ask once and drop stale answers, filters
//! and paging ask again, operations end visibly, and the grant forms send only valid requests.

use std::rc::Rc;

use ksef_core::api::permissions::{PermissionFormError, PermissionState};
use ksef_core::api::SubjectIdentifierKind;
use ksef_core::flow::operation::{OperationOutcome, OperationStage};
use ksef_core::flow::{Body, Failure};
use ksef_core::permissions::Permission;
use serde_json::Value;
use yew::Reducible;

use super::grant::fields::{FieldAction, Fields, GrantKind, Text};
use super::rows::{self, parse_subject, Filter, Row};
use super::state::*;

fn reduce(s: PermissionsState, actions: Vec<Action>) -> PermissionsState {
    let mut s = Rc::new(s);
    for a in actions {
        s = s.reduce(a);
    }
    (*s).clone()
}

fn row(id: &str) -> Row {
    let v: Value = serde_json::json!({"id": id, "contextIdentifier": {"type": "Nip", "value": "5265877635"},
        "permissionScope": "InvoiceRead", "description": "Biuro rachunkowe", "startDate": "2026-01-02T10:00:00Z",
        "canDelegate": true});
    rows::received(&serde_json::from_value(v).unwrap())
}

fn answer(list: List, question: Question, ids: &[&str], more: bool) -> Action {
    Action::Answered {
        list,
        question,
        answer: Ok((ids.iter().map(|i| row(i)).collect(), more)),
    }
}

#[test]
fn the_first_view_asks_its_list_once() {
    let s = PermissionsState::default();
    assert_eq!(s.pending(), vec![(List::Here, Question::default())]);
    let q = s.pending()[0].1.clone();
    let s = reduce(s, vec![answer(List::Here, q, &["a"], false)]);
    assert!(s.pending().is_empty());
    let Fetch::Loaded { rows, has_more } = &s.listing(List::Here).unwrap().fetch else {
        panic!("not loaded")
    };
    assert_eq!((rows.len(), *has_more), (1, false));
}

#[test]
fn an_answer_to_an_older_question_is_dropped() {
    let s = PermissionsState::default();
    let old = s.pending()[0].1.clone();
    let newer = Filter {
        permission: Some(Permission::InvoiceRead),
        ..Filter::default()
    };
    let s = reduce(s, vec![Action::Filter(newer.clone())]);
    let s = reduce(s, vec![answer(List::Here, old, &["stale"], false)]);
    let l = s.listing(List::Here).unwrap();
    assert_eq!(l.fetch, Fetch::Loading, "the stale answer must not show");
    assert_eq!(l.question.filter, newer);
}

#[test]
fn a_view_shows_all_its_lists_and_keeps_what_it_loaded() {
    let s = reduce(
        PermissionsState::default(),
        vec![Action::Show(View::Received)],
    );
    let lists: Vec<List> = s.pending().into_iter().map(|(l, _)| l).collect();
    assert_eq!(lists, vec![List::Received, List::AuthorizationsReceived]);
    let q = s.listing(List::Received).unwrap().question.clone();
    let s = reduce(s, vec![answer(List::Received, q, &["client"], false)]);
    let s = reduce(
        s,
        vec![Action::Show(View::Mine), Action::Show(View::Received)],
    );
    assert!(matches!(
        s.listing(List::Received).unwrap().fetch,
        Fetch::Loaded { .. }
    ));
}

#[test]
fn paging_asks_for_the_next_page_and_a_failure_stays_shown() {
    let s = PermissionsState::default();
    let q = s.pending()[0].1.clone();
    let s = reduce(
        s,
        vec![
            answer(List::Here, q, &["a"], true),
            Action::Page(List::Here, 1),
        ],
    );
    let (list, q) = s.pending()[0].clone();
    assert_eq!((list, q.page), (List::Here, 1));
    let s = reduce(
        s,
        vec![Action::Answered {
            list,
            question: q,
            answer: Err(Failure::TimedOut),
        }],
    );
    assert_eq!(
        s.listing(List::Here).unwrap().fetch,
        Fetch::Failed(Failure::TimedOut)
    );
}

#[test]
fn a_finished_operation_asks_every_list_again_and_a_failed_one_keeps_the_lists() {
    let s = PermissionsState::default();
    let q = s.pending()[0].1.clone();
    let deed = Deed::Revoke { id: "a".into() };
    let s = reduce(
        s,
        vec![
            answer(List::Here, q, &["a"], false),
            Action::AskRevoke("a".into()),
            Action::Progress(deed.clone(), OperationStage::Sending),
        ],
    );
    assert!(s.operation.running());
    let failed = reduce(
        s.clone(),
        vec![Action::Ended(deed.clone(), Err(Failure::Network))],
    );
    assert!(matches!(failed.operation, Operation::Failed { .. }));
    assert!(
        failed.pending().is_empty(),
        "a failure changes nothing in KSeF"
    );
    assert_eq!(failed.confirm, None);
    let done = Ok(OperationOutcome::Completed {
        reference: "R".into(),
    });
    let s = reduce(s, vec![Action::Ended(deed, done)]);
    assert_eq!(s.pending().len(), 1, "the list is asked again");
    assert_eq!(s.pending()[0].1.generation, 1);
    let s = reduce(s, vec![Action::DismissOperation]);
    assert_eq!(s.operation, Operation::Idle);
}

#[test]
fn no_second_revocation_is_offered_while_one_runs() {
    let s = reduce(
        PermissionsState::default(),
        vec![
            Action::Progress(Deed::Grant, OperationStage::Sending),
            Action::AskRevoke("x".into()),
            Action::DismissOperation,
        ],
    );
    assert_eq!(s.confirm, None);
    assert!(
        s.operation.running(),
        "a running operation cannot be dismissed"
    );
}

#[test]
fn the_who_filter_reads_nip_pesel_and_fingerprints() {
    let nip = parse_subject(" 5265877635 ").unwrap();
    assert_eq!(
        (nip.kind, nip.value.as_str()),
        (SubjectIdentifierKind::Nip, "5265877635")
    );
    assert_eq!(
        parse_subject("44051401359").unwrap().kind,
        SubjectIdentifierKind::Pesel
    );
    let fp = parse_subject(&"ab".repeat(32)).unwrap();
    assert_eq!(
        (fp.kind, fp.value),
        (SubjectIdentifierKind::Fingerprint, "AB".repeat(32))
    );
    assert_eq!(
        parse_subject("5265877636"),
        None,
        "a wrong checksum is no NIP"
    );
}

fn fields(kind: GrantKind, texts: &[(Text, &str)], ticks: &[Permission]) -> Fields {
    let mut f = Rc::new(Fields::default()).reduce(FieldAction::Kind(kind));
    for (t, v) in texts {
        f = f.reduce(FieldAction::Set(*t, v.to_string()));
    }
    for p in ticks {
        f = f.reduce(FieldAction::Toggle(*p));
    }
    (*f).clone()
}

fn body(f: &Fields) -> (String, Value) {
    let call = f.call().unwrap();
    let Body::Json(j) = &call.body else {
        panic!("json")
    };
    (call.path.clone(), serde_json::from_str(j).unwrap())
}

const PERSON: [(Text, &str); 4] = [
    (Text::Subject, "44051401359"),
    (Text::FirstName, "Anna"),
    (Text::LastName, "Kowalska"),
    (Text::Description, "Księgowa"),
];

#[test]
fn a_person_grant_is_sent_as_the_spec_shapes_it() {
    let f = fields(GrantKind::Person, &PERSON, &[Permission::InvoiceRead]);
    let (path, v) = body(&f);
    assert_eq!(path, "/permissions/persons/grants");
    assert_eq!(
        v["subjectIdentifier"],
        serde_json::json!({"type": "Pesel", "value": "44051401359"})
    );
    assert_eq!(v["permissions"], serde_json::json!(["InvoiceRead"]));
    assert_eq!(
        v["subjectDetails"]["subjectDetailsType"],
        "PersonByIdentifier"
    );
}

#[test]
fn a_form_breaking_a_rule_is_not_sent_and_keeps_what_was_typed() {
    let f = fields(GrantKind::Person, &PERSON, &[]);
    assert_eq!(f.call().unwrap_err(), PermissionFormError::NoPermissions);
    let short = fields(
        GrantKind::Person,
        &[(Text::Description, "abc")],
        &[Permission::InvoiceRead],
    );
    assert!(short.call().is_err());
    // Switching kind keeps the typed values.
    let f = Rc::new(f).reduce(FieldAction::Kind(GrantKind::Indirect));
    assert_eq!(f.text(Text::FirstName), "Anna");
}

#[test]
fn an_entity_grant_carries_delegation_and_an_indirect_one_its_client() {
    let texts = [
        (Text::Subject, "5265877635"),
        (Text::FullName, "Biuro Rachunkowe"),
        (Text::Description, "Obsługa faktur"),
    ];
    let f = fields(
        GrantKind::Entity,
        &texts,
        &[Permission::InvoiceRead, Permission::InvoiceWrite],
    );
    let f = (*Rc::new(f).reduce(FieldAction::ToggleDelegate(Permission::InvoiceRead))).clone();
    let (path, v) = body(&f);
    assert_eq!(path, "/permissions/entities/grants");
    assert_eq!(
        v["permissions"][0],
        serde_json::json!({"type": "InvoiceRead", "canDelegate": true})
    );
    assert_eq!(v["permissions"][1]["canDelegate"], false);

    let mut texts = PERSON.to_vec();
    let (_, all) = body(&fields(
        GrantKind::Indirect,
        &texts,
        &[Permission::InvoiceRead],
    ));
    assert_eq!(
        all["targetIdentifier"],
        serde_json::json!({"type": "AllPartners"})
    );
    texts.push((Text::Client, "5265877635"));
    let (path, one) = body(&fields(
        GrantKind::Indirect,
        &texts,
        &[Permission::InvoiceRead],
    ));
    assert_eq!(path, "/permissions/indirect/grants");
    assert_eq!(
        one["targetIdentifier"],
        serde_json::json!({"type": "Nip", "value": "5265877635"})
    );
    texts.push((Text::Client, "123"));
    assert!(
        fields(GrantKind::Indirect, &texts, &[Permission::InvoiceRead])
            .call()
            .is_err()
    );
}

#[test]
fn subunit_and_authorization_grants_read_their_identifiers() {
    let mut texts = PERSON.to_vec();
    texts.push((Text::Subunit, "6824515772-12343"));
    assert!(
        fields(GrantKind::Subunit, &texts, &[]).call().is_err(),
        "an internal id needs a name"
    );
    texts.push((Text::SubunitName, "Oddział w Gdańsku"));
    let (path, v) = body(&fields(GrantKind::Subunit, &texts, &[]));
    assert_eq!(path, "/permissions/subunits/grants");
    assert_eq!(v["contextIdentifier"]["type"], "InternalId");
    let texts = [
        (Text::Subject, "5265877635"),
        (Text::FullName, "Dostawca Sp. z o.o."),
        (Text::Description, "Samofakturowanie"),
        (Text::Scope, "SelfInvoicing"),
    ];
    let (path, v) = body(&fields(GrantKind::Authorization, &texts, &[]));
    assert_eq!(path, "/permissions/authorizations/grants");
    assert_eq!(v["permission"], "SelfInvoicing");
}

#[test]
fn owner_rows_are_active_and_not_revocable() {
    let r = rows::owned(&Permission::CredentialsManage.into());
    assert_eq!(r.state, Some(PermissionState::Active.into()));
    assert_eq!((r.revoke, r.since), (None, None));
}

#[test]
fn a_running_revocation_takes_its_confirmation_away() {
    let deed = Deed::Revoke { id: "a".into() };
    let s = reduce(
        PermissionsState::default(),
        vec![
            Action::AskRevoke("a".into()),
            Action::Progress(deed, OperationStage::Sending),
        ],
    );
    assert_eq!(s.confirm, None);
}

const FINGERPRINT: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

#[test]
fn eu_grants_name_a_fingerprint_and_its_holder() {
    let admin = [
        (Text::Subject, FINGERPRINT),
        (Text::EuGrantee, "entity"),
        (Text::FullName, "Muster GmbH"),
        (Text::Address, "Hauptstraße 1, Wien"),
        (Text::EuContext, "5265877635-atu12345678"),
        (Text::EuName, "Muster GmbH w KSeF"),
        (Text::EuFullName, "Muster GmbH"),
        (Text::EuAddress, "Hauptstraße 1, 1010 Wien"),
        (Text::Description, "Samofakturowanie"),
    ];
    let (path, v) = body(&fields(GrantKind::EuAdministration, &admin, &[]));
    assert_eq!(path, "/permissions/eu-entities/administration/grants");
    assert_eq!(
        v["subjectIdentifier"],
        serde_json::json!({"type": "Fingerprint", "value": FINGERPRINT.to_uppercase()})
    );
    assert_eq!(
        v["contextIdentifier"],
        serde_json::json!({"type": "NipVatUe", "value": "5265877635-ATU12345678"})
    );
    assert_eq!(
        v["subjectDetails"]["subjectDetailsType"],
        "EntityByFingerprint"
    );
    assert_eq!(v["euEntityDetails"]["address"], "Hauptstraße 1, 1010 Wien");

    // A representative: a person with a PESEL, and the permissions ticked.
    let person = [
        (Text::Subject, FINGERPRINT),
        (Text::FirstName, "Anna"),
        (Text::LastName, "Kowalska"),
        (Text::PersonId, "44051401359"),
        (Text::Description, "Wystawia faktury"),
    ];
    let (path, v) = body(&fields(
        GrantKind::EuRepresentative,
        &person,
        &[Permission::InvoiceWrite],
    ));
    assert_eq!(path, "/permissions/eu-entities/grants");
    assert_eq!(v["permissions"], serde_json::json!(["InvoiceWrite"]));
    assert_eq!(
        v["subjectDetails"]["subjectDetailsType"],
        "PersonByFingerprintWithIdentifier"
    );
    // A context that is no NIP-VAT UE is refused before anything is sent.
    let mut wrong = admin.to_vec();
    wrong.push((Text::EuContext, "5265877635"));
    assert!(fields(GrantKind::EuAdministration, &wrong, &[])
        .call()
        .is_err());
}
