//! The overview of all clients: one row per client of the book, with what the app fetched in
//! that client's context (the login's outcome, the permissions held there, the context's KSeF
//! tokens) next to what the book knows (the office's grant). The app fetches; this sorts,
//! filters and names each row's status in both languages.

use std::cmp::Ordering;

use crate::api::tokens::{TokenStatus, TokenStatusResponse};
use crate::api::SubjectIdentifier;
use crate::flow::Failure;
use crate::ident::Nip;
use crate::lang::Lang;
use crate::permissions::Permission;

use super::book::{ClientBook, OfficeGrant};
use super::text::Text;

/// KSeF's authentication status "no permission in this context".
pub const NO_PERMISSION: i32 = 415;

/// The tokens of one context (`GET /tokens`, every page), counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenCounts {
    pub active: usize,
    pub pending: usize,
    /// Of those, made by the user (`authorIdentifier` is the user's identifier).
    pub mine_active: usize,
    pub mine_pending: usize,
}

impl TokenCounts {
    pub fn count(tokens: &[TokenStatusResponse], me: &SubjectIdentifier) -> TokenCounts {
        let mut c = TokenCounts::default();
        for t in tokens {
            let mine = &t.author_identifier == me;
            match t.status.known() {
                Some(TokenStatus::Active) => {
                    c.active += 1;
                    c.mine_active += usize::from(mine);
                }
                Some(TokenStatus::Pending) => {
                    c.pending += 1;
                    c.mine_pending += usize::from(mine);
                }
                _ => {}
            }
        }
        c
    }
}

/// What the app learnt in one client's context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientFacts {
    /// Logged in; each later read may have failed on its own.
    LoggedIn {
        /// `QueryPersonalPermissionsResponse::held_in` the client's context, every page.
        held: Result<Vec<Permission>, Failure>,
        tokens: Result<TokenCounts, Failure>,
    },
    /// The login ended with status 415: the user holds no permission in this context.
    NoPermission,
    LoginFailed(Failure),
}

impl ClientFacts {
    /// A login that failed: 415 is "no permission", anything else a failure to show.
    pub fn login_failed(f: Failure) -> ClientFacts {
        match f {
            Failure::AuthStatus {
                code: NO_PERMISSION,
                ..
            } => ClientFacts::NoPermission,
            other => ClientFacts::LoginFailed(other),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Fetch {
    #[default]
    NotFetched,
    Fetching,
    Fetched(Box<ClientFacts>),
}

/// A row's status, in the order a status sort shows them (what needs attention first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RowStatus {
    NoPermission,
    LoginFailed,
    /// Logged in, but the permissions or the tokens could not be read.
    Incomplete,
    Ready,
    Checking,
    NotChecked,
}

impl RowStatus {
    pub const ALL: [RowStatus; 6] = [
        RowStatus::NoPermission,
        RowStatus::LoginFailed,
        RowStatus::Incomplete,
        RowStatus::Ready,
        RowStatus::Checking,
        RowStatus::NotChecked,
    ];

    pub fn label(self, lang: Lang) -> String {
        Text::Status(self).say(lang)
    }

    /// A stable name, for pages to mark a row (`data-status`) and for tests.
    pub fn as_str(self) -> &'static str {
        match self {
            RowStatus::NoPermission => "no-permission",
            RowStatus::LoginFailed => "login-failed",
            RowStatus::Incomplete => "incomplete",
            RowStatus::Ready => "ready",
            RowStatus::Checking => "checking",
            RowStatus::NotChecked => "not-checked",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub nip: Nip,
    pub name: String,
    pub note: String,
    /// The office's grant from this client, as KSeF last named it.
    pub grant: Option<OfficeGrant>,
    /// KSeF named this client before and names it no longer.
    pub withdrawn: bool,
    pub fetch: Fetch,
}

impl Row {
    pub fn status(&self) -> RowStatus {
        match self.facts() {
            None if self.fetch == Fetch::Fetching => RowStatus::Checking,
            None => RowStatus::NotChecked,
            Some(ClientFacts::NoPermission) => RowStatus::NoPermission,
            Some(ClientFacts::LoginFailed(_)) => RowStatus::LoginFailed,
            Some(ClientFacts::LoggedIn { held, tokens }) => {
                if held.is_ok() && tokens.is_ok() {
                    RowStatus::Ready
                } else {
                    RowStatus::Incomplete
                }
            }
        }
    }

    /// What was fetched in the client's context, once it was.
    pub fn facts(&self) -> Option<&ClientFacts> {
        match &self.fetch {
            Fetch::Fetched(f) => Some(f),
            _ => None,
        }
    }

    pub fn tokens(&self) -> Option<&TokenCounts> {
        match self.facts() {
            Some(ClientFacts::LoggedIn { tokens: Ok(t), .. }) => Some(t),
            _ => None,
        }
    }

    pub fn held(&self) -> Option<&[Permission]> {
        match self.facts() {
            Some(ClientFacts::LoggedIn { held: Ok(h), .. }) => Some(h),
            _ => None,
        }
    }

    /// The failures to show next to the row (the login's, or the later reads').
    pub fn failures(&self) -> Vec<&Failure> {
        match self.facts() {
            Some(ClientFacts::LoginFailed(f)) => vec![f],
            Some(ClientFacts::LoggedIn { held, tokens }) => held
                .as_ref()
                .err()
                .into_iter()
                .chain(tokens.as_ref().err())
                .collect(),
            _ => Vec::new(),
        }
    }

    fn matches_text(&self, text: &str) -> bool {
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return true;
        }
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let nip_hit = !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && self.nip.as_str().contains(&digits);
        nip_hit
            || self.name.to_lowercase().contains(&text)
            || self.note.to_lowercase().contains(&text)
    }
}

/// The filters of the overview's list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RowFilter {
    #[default]
    All,
    Status(RowStatus),
    HasActiveTokens,
    NoActiveTokens,
    HasPendingTokens,
    HasMyTokens,
    /// The client took the office's grant back (or KSeF no longer names it).
    Withdrawn,
    /// The office may pass the client's permissions on to its staff.
    MayDelegate,
}

impl RowFilter {
    /// Every filter, in the order of a select list.
    pub fn all() -> Vec<RowFilter> {
        let mut all = vec![RowFilter::All];
        all.extend(RowStatus::ALL.map(RowFilter::Status));
        all.extend([
            RowFilter::HasActiveTokens,
            RowFilter::NoActiveTokens,
            RowFilter::HasPendingTokens,
            RowFilter::HasMyTokens,
            RowFilter::Withdrawn,
            RowFilter::MayDelegate,
        ]);
        all
    }

    pub fn label(self, lang: Lang) -> String {
        Text::Filter(self).say(lang)
    }

    pub fn keeps(self, row: &Row) -> bool {
        let t = row.tokens();
        match self {
            RowFilter::All => true,
            RowFilter::Status(s) => row.status() == s,
            RowFilter::HasActiveTokens => t.is_some_and(|t| t.active > 0),
            // Known to have none: a row whose tokens were not read is not shown as tokenless.
            RowFilter::NoActiveTokens => t.is_some_and(|t| t.active == 0),
            RowFilter::HasPendingTokens => t.is_some_and(|t| t.pending > 0),
            RowFilter::HasMyTokens => t.is_some_and(|t| t.mine_active + t.mine_pending > 0),
            RowFilter::Withdrawn => row.withdrawn,
            RowFilter::MayDelegate => row.grant.as_ref().is_some_and(OfficeGrant::may_delegate),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    #[default]
    Nip,
    Name,
    Status,
}

impl SortKey {
    pub const ALL: [SortKey; 3] = [SortKey::Nip, SortKey::Name, SortKey::Status];

    pub fn label(self, lang: Lang) -> String {
        Text::Sort(self).say(lang)
    }
}

/// What the list shows: a text to look for (in NIP, name, note), a filter and an order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub filter: RowFilter,
    pub sort: SortKey,
    pub descending: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    rows: Vec<Row>,
}

impl Overview {
    pub fn from_book(book: &ClientBook) -> Overview {
        let mut o = Overview::default();
        o.update_book(book);
        o
    }

    /// Takes the book's clients again (after an edit or a merge), keeping what was fetched
    /// for clients still in it.
    pub fn update_book(&mut self, book: &ClientBook) {
        let mut old = std::mem::take(&mut self.rows);
        self.rows = book
            .clients()
            .iter()
            .map(|c| Row {
                nip: c.nip.clone(),
                name: c.name.clone(),
                note: c.note.clone(),
                grant: c.current_grant().cloned(),
                withdrawn: c.withdrawn(),
                fetch: old
                    .iter_mut()
                    .find(|r| r.nip == c.nip)
                    .map(|r| std::mem::take(&mut r.fetch))
                    .unwrap_or_default(),
            })
            .collect();
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn row(&self, nip: &Nip) -> Option<&Row> {
        self.rows.iter().find(|r| &r.nip == nip)
    }

    /// The app started fetching `nip`'s context.
    pub fn fetching(&mut self, nip: &Nip) {
        self.set(nip, Fetch::Fetching);
    }

    pub fn record(&mut self, nip: &Nip, facts: ClientFacts) {
        self.set(nip, Fetch::Fetched(Box::new(facts)));
    }

    fn set(&mut self, nip: &Nip, fetch: Fetch) {
        if let Some(r) = self.rows.iter_mut().find(|r| &r.nip == nip) {
            r.fetch = fetch;
        }
    }

    /// How many rows each filter keeps (for counts beside the filter list).
    pub fn count(&self, filter: RowFilter) -> usize {
        self.rows.iter().filter(|r| filter.keeps(r)).count()
    }

    pub fn view(&self, q: &Query) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| q.filter.keeps(r) && r.matches_text(&q.text))
            .collect();
        rows.sort_by(|a, b| {
            let by = match q.sort {
                SortKey::Nip => Ordering::Equal,
                SortKey::Name => by_name(&a.name, &b.name),
                SortKey::Status => a.status().cmp(&b.status()),
            };
            let by = if q.descending { by.reverse() } else { by };
            let nip = a.nip.cmp(&b.nip);
            by.then(if q.sort == SortKey::Nip && q.descending {
                nip.reverse()
            } else {
                nip
            })
        });
        rows
    }
}

/// Polish alphabetical order, case-insensitive: `ł` right after `l`, not after `z`. Clients
/// without a name come after the named ones (before them when the order is reversed).
fn by_name(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => polish_key(a).cmp(&polish_key(b)),
    }
}

fn polish_key(s: &str) -> Vec<(char, u8)> {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'ą' => ('a', 1),
            'ć' => ('c', 1),
            'ę' => ('e', 1),
            'ł' => ('l', 1),
            'ń' => ('n', 1),
            'ó' => ('o', 1),
            'ś' => ('s', 1),
            'ź' => ('z', 1),
            'ż' => ('z', 2),
            other => (other, 0),
        })
        .collect()
}
