//! The Permissions page as one reducer: which view is open, what each of its lists asked KSeF
//! and got back, the filters, the revocation being confirmed, and the grant or revocation that
//! is running. Pure, so every transition is tested natively; I/O lives in the page's effects.

use std::collections::BTreeMap;
use std::rc::Rc;

use ksef_core::flow::operation::{OperationOutcome, OperationStage};
use ksef_core::flow::Failure;
use yew::Reducible;

use super::rows::{Filter, Row};

/// The page's four views, as the Ministry's module named them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum View {
    /// Who may act in this context.
    #[default]
    Here,
    /// What this context granted (indirect grants, subunit administrators, authorizations).
    Granted,
    /// What other entities granted this context: an office sees its clients here.
    Received,
    /// The logged-in subject's own permissions.
    Mine,
}

impl View {
    pub const ALL: [View; 4] = [View::Here, View::Granted, View::Received, View::Mine];

    /// The lists the view shows, each one KSeF query.
    pub fn lists(self) -> &'static [List] {
        match self {
            View::Here => &[List::Here],
            View::Granted => &[List::Granted, List::Subunits, List::AuthorizationsGranted],
            View::Received => &[List::Received, List::AuthorizationsReceived],
            View::Mine => &[List::Mine],
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            View::Here => "here",
            View::Granted => "granted",
            View::Received => "received",
            View::Mine => "mine",
        }
    }
}

/// One KSeF query and its table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum List {
    Here,
    Granted,
    Subunits,
    AuthorizationsGranted,
    Received,
    AuthorizationsReceived,
    Mine,
}

impl List {
    pub fn as_str(self) -> &'static str {
        match self {
            List::Here => "here",
            List::Granted => "granted",
            List::Subunits => "subunits",
            List::AuthorizationsGranted => "authorizations-granted",
            List::Received => "received",
            List::AuthorizationsReceived => "authorizations-received",
            List::Mine => "mine",
        }
    }
}

/// What a list asked for: the answer to an older question is dropped, so a slow answer
/// cannot overwrite a newer one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Question {
    pub page: u32,
    pub filter: Filter,
    /// Bumped to ask again after an operation or on "Refresh".
    pub generation: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetch {
    Loading,
    Loaded { rows: Vec<Row>, has_more: bool },
    Failed(Failure),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    pub question: Question,
    pub fetch: Fetch,
}

/// What an operation does, for its progress line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Deed {
    Grant,
    Revoke { id: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operation {
    Idle,
    Running {
        deed: Deed,
        stage: OperationStage,
    },
    Finished {
        deed: Deed,
        outcome: OperationOutcome,
    },
    Failed {
        deed: Deed,
        failure: Failure,
    },
}

impl Operation {
    pub fn running(&self) -> bool {
        matches!(self, Operation::Running { .. })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermissionsState {
    pub view: View,
    pub filter: Filter,
    pub generation: u32,
    pub lists: BTreeMap<List, Listing>,
    /// The row whose revocation waits for "Yes".
    pub confirm: Option<String>,
    pub operation: Operation,
}

impl Default for PermissionsState {
    fn default() -> PermissionsState {
        let mut s = PermissionsState {
            view: View::default(),
            filter: Filter::default(),
            generation: 0,
            lists: BTreeMap::new(),
            confirm: None,
            operation: Operation::Idle,
        };
        s.ask_all();
        s
    }
}

pub enum Action {
    Show(View),
    Filter(Filter),
    /// Ask KSeF again (after an operation, or the user's "Refresh").
    Refresh,
    Page(List, u32),
    Answered {
        list: List,
        question: Question,
        answer: Result<(Vec<Row>, bool), Failure>,
    },
    AskRevoke(String),
    CancelRevoke,
    /// A grant or revocation started or moved on.
    Progress(Deed, OperationStage),
    Ended(Deed, Result<OperationOutcome, Failure>),
    DismissOperation,
}

impl PermissionsState {
    /// The question each list of the current view should ask now.
    fn ask_all(&mut self) {
        for list in self.view.lists() {
            self.ask(*list, 0);
        }
    }

    fn ask(&mut self, list: List, page: u32) {
        let question = Question {
            page,
            filter: self.filter.clone(),
            generation: self.generation,
        };
        let stale = self.lists.get(&list).map(|l| &l.question) != Some(&question);
        if stale {
            self.lists.insert(
                list,
                Listing {
                    question,
                    fetch: Fetch::Loading,
                },
            );
        }
    }

    /// The lists waiting for an answer, with their questions (what the page's effect fetches).
    pub fn pending(&self) -> Vec<(List, Question)> {
        self.view
            .lists()
            .iter()
            .filter_map(|l| self.lists.get(l).map(|x| (*l, x)))
            .filter(|(_, x)| x.fetch == Fetch::Loading)
            .map(|(l, x)| (l, x.question.clone()))
            .collect()
    }

    pub fn listing(&self, list: List) -> Option<&Listing> {
        self.lists.get(&list)
    }

    fn answered(
        &mut self,
        list: List,
        question: Question,
        answer: Result<(Vec<Row>, bool), Failure>,
    ) {
        let Some(l) = self.lists.get_mut(&list) else {
            return;
        };
        if l.question != question {
            return;
        }
        l.fetch = match answer {
            Ok((rows, has_more)) => Fetch::Loaded { rows, has_more },
            Err(f) => Fetch::Failed(f),
        };
    }

    fn ended(&mut self, deed: Deed, end: Result<OperationOutcome, Failure>) {
        self.operation = match end {
            Ok(outcome) => {
                // What KSeF did shows in the lists once they are asked again.
                self.generation += 1;
                self.ask_all();
                Operation::Finished { deed, outcome }
            }
            Err(failure) => Operation::Failed { deed, failure },
        };
        self.confirm = None;
    }
}

impl Reducible for PermissionsState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Show(view) => {
                s.view = view;
                s.confirm = None;
                s.ask_all();
            }
            Action::Filter(filter) => {
                s.filter = filter;
                s.ask_all();
            }
            Action::Refresh => {
                s.generation += 1;
                s.ask_all();
            }
            Action::Page(list, page) => s.ask(list, page),
            Action::Answered {
                list,
                question,
                answer,
            } => s.answered(list, question, answer),
            Action::AskRevoke(id) if !s.operation.running() => s.confirm = Some(id),
            Action::AskRevoke(_) => {}
            Action::CancelRevoke => s.confirm = None,
            Action::Progress(deed, stage) => {
                // The confirmation goes once the revocation is under way: no second "yes".
                s.confirm = None;
                s.operation = Operation::Running { deed, stage };
            }
            Action::Ended(deed, end) => s.ended(deed, end),
            Action::DismissOperation if !s.operation.running() => s.operation = Operation::Idle,
            Action::DismissOperation => {}
        }
        Rc::new(s)
    }
}
