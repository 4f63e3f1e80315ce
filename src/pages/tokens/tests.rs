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

mod form {
    use std::rc::Rc;

    use ksef_core::api::tokens::GenerateTokenRequest;
    use ksef_core::flow::token::GeneratedToken;
    use ksef_core::flow::Failure;
    use ksef_core::permissions::Permission;
    use yew::Reducible;

    use crate::pages::login::progress::Phase;
    use crate::pages::tokens::form::{Action, End, TokenForm};

    fn run(s: TokenForm, actions: impl IntoIterator<Item = Action>) -> TokenForm {
        let mut s = Rc::new(s);
        for a in actions {
            s = s.reduce(a);
        }
        (*s).clone()
    }

    fn request() -> GenerateTokenRequest {
        GenerateTokenRequest {
            permissions: vec![Permission::InvoiceWrite],
            description: "ERP".into(),
        }
    }

    fn token() -> GeneratedToken {
        GeneratedToken {
            reference: "ref".into(),
            token: "secret".into(),
        }
    }

    #[test]
    fn toggling_and_presets_choose_permissions() {
        let s = run(
            TokenForm::default(),
            [
                Action::Toggle(Permission::InvoiceRead),
                Action::Toggle(Permission::InvoiceWrite),
                Action::Toggle(Permission::InvoiceRead),
            ],
        );
        assert_eq!(s.chosen, vec![Permission::InvoiceWrite]);
        let s = run(s, [Action::Choose(vec![Permission::InvoiceRead])]);
        assert_eq!(s.chosen, vec![Permission::InvoiceRead]);
    }

    #[test]
    fn sending_twice_while_busy_sends_once() {
        let s = run(
            TokenForm::default(),
            [Action::Send(request()), Action::Send(request())],
        );
        assert_eq!(s.sent.as_ref().map(|(n, _)| *n), Some(1));
        assert!(s.phase.busy());
    }

    #[test]
    fn the_secret_is_shown_at_once_and_gone_when_saved() {
        let s = run(
            TokenForm::default(),
            [
                Action::Describe("ERP".into()),
                Action::Send(request()),
                Action::Shown(token()),
            ],
        );
        assert_eq!(s.secret.as_ref().map(|m| m.token.as_str()), Some("secret"));
        assert_eq!(s.phase, Phase::Idle);
        let s = run(s, [Action::Ended(End::Active), Action::Copied(true)]);
        assert_eq!(s.copied, Some(true));
        assert_eq!(s.secret.as_ref().and_then(|m| m.unconfirmed.clone()), None);
        let s = run(s, [Action::Done]);
        assert_eq!(
            (s.secret, s.description.as_str(), s.copied),
            (None, "", None)
        );
    }

    #[test]
    fn a_refused_clipboard_is_said() {
        let s = run(
            TokenForm::default(),
            [Action::Shown(token()), Action::Copied(false)],
        );
        assert_eq!(s.copied, Some(false));
    }

    #[test]
    fn a_failure_after_the_secret_only_marks_activation_unconfirmed() {
        let s = run(
            TokenForm::default(),
            [
                Action::Send(request()),
                Action::Shown(token()),
                Action::Ended(End::Failed(Failure::Network)),
            ],
        );
        assert_eq!(s.phase, Phase::Idle);
        assert_eq!(s.secret.and_then(|m| m.unconfirmed), Some(Failure::Network));
    }

    #[test]
    fn an_unconfirmed_token_shows_its_secret_with_the_reason() {
        let s = run(
            TokenForm::default(),
            [
                Action::Send(request()),
                Action::Ended(End::Unconfirmed(token(), Failure::Network)),
            ],
        );
        assert_eq!(s.phase, Phase::Idle);
        assert_eq!(s.secret.and_then(|m| m.unconfirmed), Some(Failure::Network));
    }

    #[test]
    fn a_failure_before_the_secret_is_shown_as_the_phase() {
        let s = run(
            TokenForm::default(),
            [
                Action::Send(request()),
                Action::Ended(End::Failed(Failure::Network)),
            ],
        );
        assert_eq!(s.phase, Phase::Failed(Failure::Network.into()));
        assert!(s.secret.is_none());
        assert!(!s.phase.busy(), "the form can be sent again");
    }
}
