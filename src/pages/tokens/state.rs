//! The token list as one reducer: filters, the page, the question asked and its answer, the row
//! whose details are open and the revocation. Pure; the list's effects fetch and revoke.

use std::rc::Rc;

use ksef_core::api::tokens::{TokenStatus, TokenStatusResponse};
use ksef_core::flow::Failure;
use yew::Reducible;

use crate::api::TokenFilter;
use crate::pages::listing::{Listing, Revocation};

/// What the list asked `GET /tokens`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Question {
    pub filter: TokenFilter,
    /// The continuation token of the page shown (`None`: the first).
    pub page: Option<String>,
    /// Bumped to ask again (a token revoked, a pending one polled).
    pub generation: u32,
    /// How many tokens the form made (the page's counter): a new one asks again.
    pub made: u32,
}

/// A page of tokens and the continuation token of the next.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub rows: Vec<TokenStatusResponse>,
    pub next: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TokenListState {
    pub list: Listing<Question, Page>,
    pub selected: Option<String>,
    pub revocation: Revocation<()>,
}

impl Default for TokenListState {
    fn default() -> TokenListState {
        TokenListState {
            list: Listing::new(Question::default()),
            selected: None,
            revocation: Revocation::Idle,
        }
    }
}

pub enum Action {
    Filter(TokenFilter),
    FirstPage,
    NextPage,
    /// Ask again: a token was made, or a Pending/Revoking one is polled.
    Refresh,
    /// The form's count of tokens made.
    Made(u32),
    Answered(Question, Result<Page, Failure>),
    Select(String),
    AskRevoke(String),
    CancelRevoke,
    ConfirmRevoke,
    Revoked(String, Result<(), Failure>),
}

impl TokenListState {
    pub fn rows(&self) -> &[TokenStatusResponse] {
        self.list.answer.as_ref().map_or(&[], |p| &p.rows)
    }

    pub fn next(&self) -> Option<&str> {
        self.list.answer.as_ref().and_then(|p| p.next.as_deref())
    }

    /// A Pending or Revoking row is refreshed until it settles.
    pub fn unsettled(&self) -> bool {
        self.rows().iter().any(|r| {
            matches!(
                r.status.known(),
                Some(TokenStatus::Pending | TokenStatus::Revoking)
            )
        })
    }

    pub fn selected_row(&self) -> Option<&TokenStatusResponse> {
        let r = self.selected.as_deref()?;
        self.rows()
            .iter()
            .find(|t| t.reference_number.to_string() == r)
    }

    fn ask(&mut self, change: impl FnOnce(&mut Question)) {
        let mut q = self.list.question.clone();
        change(&mut q);
        self.list.ask(q);
    }
}

impl Reducible for TokenListState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Filter(filter) => s.ask(|q| {
                q.filter = filter;
                q.page = None;
            }),
            Action::FirstPage => s.ask(|q| q.page = None),
            Action::NextPage => {
                let next = s.next().map(str::to_string);
                s.ask(|q| q.page = next);
            }
            Action::Refresh => s.ask(|q| q.generation += 1),
            Action::Made(made) if made != s.list.question.made => s.ask(|q| q.made = made),
            Action::Made(_) => {}
            Action::Answered(question, answer) => {
                s.list.answered(&question, answer);
            }
            Action::Select(reference) => s.selected = Some(reference),
            Action::AskRevoke(reference) => s.revocation.ask(reference, ()),
            Action::CancelRevoke => s.revocation.cancel(),
            Action::ConfirmRevoke => s.revocation.confirm(),
            Action::Revoked(reference, end) => {
                if s.revocation.ended(&reference, end) {
                    s.ask(|q| q.generation += 1);
                }
            }
        }
        Rc::new(s)
    }
}
