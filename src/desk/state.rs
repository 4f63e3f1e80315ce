//! The office desk's state, kept by the app (not the page) so the client book, the overview
//! and each client's session survive moving between pages: one reducer, tested natively.

use std::collections::BTreeMap;
use std::rc::Rc;

use ksef_core::ident::Nip;
use ksef_core::office::schedule::Progress;
use ksef_core::office::{Batch, ClientBook, ClientFacts, CsvImport, MergeReport, Overview, Query};
use yew::Reducible;

use super::batch::Pause;
use crate::failure::AppFailure;
use crate::session::Session;
use crate::worker::desk::DeskSigner;

/// What the last action over the book came to, shown until the next one.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Imported(Box<CsvImport>, MergeReport),
    Merged(MergeReport),
    Saved,
    /// IndexedDB refused the book: it lives in this tab only.
    NotKept,
    /// A client typed by hand was not added: its NIP …
    BadNip(ksef_core::ident::IdError),
    /// … or the rest of it.
    BadClient(ksef_core::office::ClientError),
    Failed(AppFailure),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Desk {
    pub signer: Option<DeskSigner>,
    /// The environment whose book is loaded (`None`: not loaded yet).
    pub env: Option<String>,
    pub book: ClientBook,
    pub overview: Overview,
    pub progress: Option<Progress>,
    pub query: Query,
    /// Each client's session, by NIP: switching back needs no new login.
    pub sessions: BTreeMap<String, Session>,
    /// The client being opened.
    pub opening: Option<Nip>,
    pub notice: Option<Notice>,
    /// The batch of this environment (running, paused, or over with its summary), and
    /// whether IndexedDB kept its last change.
    pub batch: Option<Batch>,
    pub batch_kept: bool,
    /// Stops the running batch before its next task.
    pub pause: Option<Pause>,
    /// Clients ticked for a batch, by NIP.
    pub selected: std::collections::BTreeSet<String>,
}

pub enum DeskAction {
    Signer(Option<DeskSigner>),
    /// The book of `env` as stored (or new).
    BookLoaded(String, ClientBook),
    /// The book changed (an edit, an import, KSeF's answers merged); `notice` says how.
    Book(ClientBook, Notice),
    Notice(Notice),
    Query(Query),
    Checking(Nip),
    /// Boxed: an action is moved around, and this one is large.
    Checked {
        nip: Nip,
        facts: Box<ClientFacts>,
        session: Option<Box<Session>>,
        progress: Progress,
    },
    CheckEnded(Progress),
    Opening(Nip),
    Opened(Session),
    OpenFailed(AppFailure),
    Batch(Option<Batch>, bool),
    Running(Option<Pause>),
    Select(String, bool),
    SelectOnly(Vec<String>),
}

impl Desk {
    pub fn session(&self, nip: &Nip) -> Option<&Session> {
        self.sessions.get(nip.as_str())
    }

    pub fn checking(&self) -> bool {
        self.progress.is_some_and(|p| p.running + p.waiting > 0)
    }
}

impl Reducible for Desk {
    type Action = DeskAction;

    fn reduce(self: Rc<Self>, action: DeskAction) -> Rc<Self> {
        let mut d = (*self).clone();
        match action {
            DeskAction::Signer(s) => {
                // Another certificate is another person: the old sessions are not theirs.
                if s.is_none()
                    || s.as_ref().map(|s| &s.serial) != d.signer.as_ref().map(|s| &s.serial)
                {
                    d.sessions.clear();
                }
                d.signer = s;
            }
            DeskAction::BookLoaded(env, book) => {
                d.overview = Overview::from_book(&book);
                d.book = book;
                d.env = Some(env);
                d.sessions.clear();
            }
            DeskAction::Book(book, notice) => {
                d.overview.update_book(&book);
                d.book = book;
                d.notice = Some(notice);
            }
            DeskAction::Notice(n) => d.notice = Some(n),
            DeskAction::Query(q) => d.query = q,
            DeskAction::Checking(nip) => d.overview.fetching(&nip),
            DeskAction::Checked {
                nip,
                facts,
                session,
                progress,
            } => {
                d.overview.record(&nip, *facts);
                if let Some(s) = session {
                    d.sessions.insert(nip.to_string(), *s);
                }
                d.progress = Some(progress);
            }
            DeskAction::CheckEnded(p) => d.progress = Some(p),
            DeskAction::Opening(nip) => {
                d.opening = Some(nip);
                d.notice = None;
            }
            DeskAction::Opened(s) => {
                d.opening = None;
                d.sessions.insert(s.context.value.clone(), s);
            }
            DeskAction::Batch(b, kept) => {
                d.batch = b;
                d.batch_kept = kept;
            }
            DeskAction::Running(p) => d.pause = p,
            DeskAction::Select(nip, on) => {
                match on {
                    true => d.selected.insert(nip),
                    false => d.selected.remove(&nip),
                };
            }
            DeskAction::SelectOnly(nips) => d.selected = nips.into_iter().collect(),
            DeskAction::OpenFailed(f) => {
                d.opening = None;
                d.notice = Some(Notice::Failed(f));
            }
        }
        Rc::new(d)
    }
}
