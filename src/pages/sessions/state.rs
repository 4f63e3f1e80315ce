//! The Sessions page as one reducer: the page asked, its answer, and ending a session (another
//! one after "Yes"; the current one at once, as it is the user's own "Log out").

use std::rc::Rc;

use ksef_core::api::auth::AuthenticationListItem;
use ksef_core::flow::Failure;
use yew::Reducible;

use crate::pages::listing::{Listing, Revocation};

/// What the page asked `GET /auth/sessions`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Question {
    /// The continuation token of the page shown (`None`: the first).
    pub page: Option<String>,
    /// Bumped to ask again after a session was ended.
    pub generation: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub items: Vec<AuthenticationListItem>,
    pub next: Option<String>,
}

/// Which session is ended: the current one ends the login too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Other,
    Current,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SessionsState {
    pub list: Listing<Question, Page>,
    pub ending: Revocation<Ending>,
}

impl Default for SessionsState {
    fn default() -> SessionsState {
        SessionsState {
            list: Listing::new(Question::default()),
            ending: Revocation::Idle,
        }
    }
}

pub enum Action {
    FirstPage,
    NextPage,
    Answered(Question, Result<Page, Failure>),
    AskEnd(String),
    CancelEnd,
    ConfirmEnd,
    /// "Log out" on the current session: no question, as in the header.
    EndCurrent(String),
    Ended(String, Result<(), Failure>),
}

impl SessionsState {
    pub fn items(&self) -> &[AuthenticationListItem] {
        self.list.answer.as_ref().map_or(&[], |p| &p.items)
    }

    pub fn next(&self) -> Option<&str> {
        self.list.answer.as_ref().and_then(|p| p.next.as_deref())
    }
}

impl Reducible for SessionsState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let ask = |s: &mut SessionsState, page: Option<String>, bump: u32| {
            let q = Question {
                page,
                generation: s.list.question.generation + bump,
            };
            s.list.ask(q);
        };
        match action {
            Action::FirstPage => ask(&mut s, None, 0),
            Action::NextPage => {
                let next = s.next().map(str::to_string);
                ask(&mut s, next, 0);
            }
            Action::Answered(q, answer) => {
                s.list.answered(&q, answer);
            }
            Action::AskEnd(reference) => s.ending.ask(reference, Ending::Other),
            Action::CancelEnd => s.ending.cancel(),
            Action::ConfirmEnd => s.ending.confirm(),
            Action::EndCurrent(reference) => {
                s.ending.ask(reference, Ending::Current);
                s.ending.confirm();
            }
            Action::Ended(reference, end) => {
                if s.ending.ended(&reference, end) {
                    let page = s.list.question.page.clone();
                    ask(&mut s, page, 1);
                }
            }
        }
        Rc::new(s)
    }
}
