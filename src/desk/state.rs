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
    /// What was kept could not be read back (the book starts empty, the batch is gone).
    Store(crate::idb::StoreError),
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
    /// The session the user logged in with on the Login page: the office's own context, where
    /// its clients are read and its employees' grants are made (never a client's session).
    pub office: Option<Session>,
    /// Bumped by every change of the book: the page saves it then.
    pub book_version: u32,
    /// Whether the stored book of `env` was read (or there was none): only then is the book
    /// saved, never over one that could not be read.
    pub book_read: bool,
}

pub enum DeskAction {
    Signer(Option<DeskSigner>),
    /// The book of `env` as stored (or new).
    BookLoaded(String, ClientBook),
    /// The stored book of this environment could not be read: the desk starts empty and
    /// leaves the stored one alone.
    BookUnread(String, crate::idb::StoreError),
    /// A client typed by hand.
    Add {
        nip: String,
        name: String,
        note: String,
    },
    Import(Box<CsvImport>),
    /// KSeF's answers in the office's context, merged into the book as it is now.
    FromKsef {
        office: Nip,
        received: Vec<ksef_core::api::permissions::EntityPermissionItem>,
        personal: Vec<ksef_core::api::permissions::PersonalPermission>,
    },
    /// The app's current session changed: it is the office's unless the desk opened it.
    Session(Option<Session>),
    CheckStarted(usize),
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
    fn book_changed(&mut self, notice: Notice) {
        self.overview.update_book(&self.book);
        self.book_version += 1;
        self.notice = Some(notice);
    }

    fn add(&mut self, nip: &str, name: &str, note: &str) {
        let added = nip
            .trim()
            .parse::<Nip>()
            .map_err(Notice::BadNip)
            .and_then(|n| self.book.add(n, name, note).map_err(Notice::BadClient));
        match added {
            Ok(()) => self.book_changed(Notice::Saved),
            Err(why) => self.notice = Some(why),
        }
    }

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
                d.book_read = true;
                d.sessions.clear();
            }
            DeskAction::BookUnread(env, why) => {
                d.overview = Overview::default();
                d.book = ClientBook::default();
                d.env = Some(env);
                d.book_read = false;
                d.sessions.clear();
                d.notice = Some(Notice::Store(why));
            }
            DeskAction::Add { nip, name, note } => d.add(&nip, &name, &note),
            DeskAction::Import(import) => {
                let report = d.book.import(&import.clients);
                d.book_changed(Notice::Imported(import, report));
            }
            DeskAction::FromKsef {
                office,
                received,
                personal,
            } => {
                let mut report = d.book.merge_office_grants(&received);
                let more = d.book.merge_personal(&office, &personal);
                report.added.extend(more.added);
                d.book_changed(Notice::Merged(report));
            }
            DeskAction::Session(Some(s)) if !d.sessions.contains_key(&s.context.value) => {
                d.office = Some(s)
            }
            DeskAction::Session(Some(s)) => {
                // The office's own session, refreshed while it was the current one.
                if d.office.as_ref().map(|o| &o.context) == Some(&s.context) {
                    d.office = Some(s);
                }
            }
            DeskAction::Session(None) => d.office = None,
            DeskAction::CheckStarted(total) => {
                d.progress = Some(Progress {
                    total,
                    waiting: total,
                    ..Progress::default()
                })
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
