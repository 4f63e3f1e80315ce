//! The token list's reducer: questions, stale answers, paging, revocation and its failure.

use std::rc::Rc;

use ksef_core::api::tokens::{TokenStatus, TokenStatusResponse};
use ksef_core::flow::Failure;
use yew::Reducible;

use super::state::{Action, Page, Question, TokenListState};
use crate::api::TokenFilter;
use crate::pages::listing::Revocation;

const REF: &str = "20251010-AU-1234567890-ABCDEF0123-01";

fn token(status: &str) -> TokenStatusResponse {
    serde_json::from_value(serde_json::json!({
        "referenceNumber": REF,
        "authorIdentifier": {"type": "Nip", "value": "5265877635"},
        "contextIdentifier": {"type": "Nip", "value": "5265877635"},
        "description": "ERP",
        "requestedPermissions": ["InvoiceRead"],
        "dateCreated": "2026-11-30T10:00:00+00:00",
        "status": status,
    }))
    .unwrap()
}

fn page(status: &str, next: Option<&str>) -> Page {
    Page {
        rows: vec![token(status)],
        next: next.map(str::to_string),
    }
}

fn run(s: TokenListState, actions: impl IntoIterator<Item = Action>) -> TokenListState {
    let mut s = Rc::new(s);
    for a in actions {
        s = s.reduce(a);
    }
    (*s).clone()
}

fn active_filter() -> TokenFilter {
    TokenFilter {
        status: Some(TokenStatus::Active),
        ..TokenFilter::default()
    }
}

#[test]
fn the_first_question_is_asked_on_open() {
    let s = TokenListState::default();
    assert!(s.list.waiting);
    assert_eq!(s.list.question, Question::default());
    assert!(s.rows().is_empty());
}

#[test]
fn an_answer_for_the_old_filter_is_dropped() {
    let old = Question::default();
    let s = run(
        TokenListState::default(),
        [
            Action::Filter(active_filter()),
            Action::Answered(old, Ok(page("Revoked", None))),
        ],
    );
    assert!(s.rows().is_empty());
    assert!(s.list.waiting);
    let asked = s.list.question.clone();
    assert_eq!(asked.filter, active_filter());
    let s = run(s, [Action::Answered(asked, Ok(page("Active", None)))]);
    assert_eq!(s.rows().len(), 1);
    assert!(!s.list.waiting);
}

#[test]
fn paging_follows_the_continuation_token_and_a_filter_goes_back_to_the_first_page() {
    let s = run(
        TokenListState::default(),
        [
            Action::Answered(Question::default(), Ok(page("Active", Some("c2")))),
            Action::NextPage,
        ],
    );
    assert_eq!(s.list.question.page.as_deref(), Some("c2"));
    let s = run(s, [Action::FirstPage]);
    assert_eq!(s.list.question.page, None);
    let s = run(s, [Action::NextPage, Action::Filter(active_filter())]);
    assert_eq!(s.list.question.page, None);
}

#[test]
fn a_failed_fetch_is_kept_as_a_value() {
    let s = run(
        TokenListState::default(),
        [Action::Answered(Question::default(), Err(Failure::Network))],
    );
    assert_eq!(s.list.failure, Some(Failure::Network));
    assert!(!s.list.waiting);
}

#[test]
fn a_pending_token_is_polled_until_it_settles() {
    let s = run(
        TokenListState::default(),
        [Action::Answered(
            Question::default(),
            Ok(page("Pending", None)),
        )],
    );
    assert!(s.unsettled());
    let s = run(s, [Action::Refresh]);
    assert_eq!(s.list.question.generation, 1);
    // Rows stay on screen while asked again.
    assert_eq!(s.rows().len(), 1);
}

#[test]
fn revoking_asks_first_then_refreshes() {
    let s = run(
        TokenListState::default(),
        [
            Action::Answered(Question::default(), Ok(page("Active", None))),
            Action::Select(REF.into()),
            Action::AskRevoke(REF.into()),
        ],
    );
    assert_eq!(
        s.selected_row().map(|t| t.description.as_str()),
        Some("ERP")
    );
    assert_eq!(s.revocation.asking(), Some((REF, &())));
    let s = run(s, [Action::ConfirmRevoke]);
    assert!(s.revocation.running());
    let s = run(s, [Action::Revoked(REF.into(), Ok(()))]);
    assert_eq!(s.revocation, Revocation::Idle);
    assert_eq!(s.list.question.generation, 1);
}

#[test]
fn a_failed_revocation_is_shown_and_the_list_is_not_asked_again() {
    let s = run(
        TokenListState::default(),
        [
            Action::AskRevoke(REF.into()),
            Action::CancelRevoke,
            Action::AskRevoke(REF.into()),
            Action::ConfirmRevoke,
            Action::Revoked(REF.into(), Err(Failure::Network)),
        ],
    );
    assert!(
        matches!(s.revocation, Revocation::Failed { ref failure, .. } if *failure == Failure::Network)
    );
    assert_eq!(s.list.question.generation, 0);
}
