//! The Sessions page's reducer: paging, stale answers, ending another session after "Yes", the
//! current one at once, and a failed end shown.

use std::rc::Rc;

use ksef_core::api::auth::AuthenticationListItem;
use ksef_core::flow::Failure;
use yew::Reducible;

use super::state::{Action, Ending, Page, Question, SessionsState};
use crate::pages::listing::Revocation;

const REF: &str = "20251010-AU-1234567890-ABCDEF0123-01";

fn item(current: bool) -> AuthenticationListItem {
    serde_json::from_value(serde_json::json!({
        "referenceNumber": REF, "isCurrent": current,
        "startDate": "2026-06-01T10:00:01+00:00",
        "status": {"code": 200, "description": "OK"},
    }))
    .unwrap()
}

fn page(next: Option<&str>) -> Page {
    Page {
        items: vec![item(false)],
        next: next.map(str::to_string),
    }
}

fn run(s: SessionsState, actions: impl IntoIterator<Item = Action>) -> SessionsState {
    let mut s = Rc::new(s);
    for a in actions {
        s = s.reduce(a);
    }
    (*s).clone()
}

#[test]
fn an_answer_for_the_page_left_is_dropped() {
    let first = Question::default();
    let s = run(
        SessionsState::default(),
        [
            Action::Answered(first.clone(), Ok(page(Some("c2")))),
            Action::NextPage,
            Action::Answered(first, Ok(page(None))),
        ],
    );
    assert_eq!(s.list.question.page.as_deref(), Some("c2"));
    assert!(s.list.waiting);
    let s = run(s, [Action::FirstPage]);
    assert_eq!(s.list.question, Question::default());
}

#[test]
fn a_failed_list_is_a_value() {
    let s = run(
        SessionsState::default(),
        [Action::Answered(Question::default(), Err(Failure::Network))],
    );
    assert_eq!(s.list.failure, Some(Failure::Network));
    assert!(s.items().is_empty());
}

#[test]
fn another_session_ends_after_yes_and_the_list_is_asked_again() {
    let s = run(
        SessionsState::default(),
        [
            Action::Answered(Question::default(), Ok(page(None))),
            Action::AskEnd(REF.into()),
        ],
    );
    assert_eq!(s.ending.asking(), Some((REF, &Ending::Other)));
    let s = run(s, [Action::CancelEnd]);
    assert_eq!(s.ending, Revocation::Idle);
    let s = run(s, [Action::AskEnd(REF.into()), Action::ConfirmEnd]);
    assert!(s.ending.running());
    let s = run(s, [Action::Ended(REF.into(), Ok(()))]);
    assert_eq!(s.ending, Revocation::Idle);
    assert_eq!(s.list.question.generation, 1);
    assert_eq!(s.items().len(), 1, "the rows stay while asked again");
}

#[test]
fn the_current_session_ends_at_once() {
    let s = run(SessionsState::default(), [Action::EndCurrent(REF.into())]);
    assert_eq!(
        s.ending,
        Revocation::Running {
            id: REF.into(),
            choice: Ending::Current
        }
    );
}

#[test]
fn a_failed_end_is_shown() {
    let s = run(
        SessionsState::default(),
        [
            Action::EndCurrent(REF.into()),
            Action::Ended(REF.into(), Err(Failure::Network)),
        ],
    );
    assert!(
        matches!(s.ending, Revocation::Failed { ref failure, .. } if *failure == Failure::Network)
    );
    assert_eq!(s.list.question.generation, 0);
}
