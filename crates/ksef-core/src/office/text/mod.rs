//! Every user-facing text of the office module, as one enum and one catalog per language
//! (`pl.rs`, `en.rs`): each catalog matches every variant, so a text added to one and not the
//! other does not compile.

mod en;
mod pl;

use crate::lang::Lang;

use super::batch::{ActionKind, Activation};
use super::overview::{RowFilter, RowStatus, SortKey};

pub(crate) enum Text<'a> {
    // The book and its CSV file.
    AlreadyInBook {
        nip: &'a str,
    },
    NotInBook {
        nip: &'a str,
    },
    NameTooLong {
        max: usize,
        got: usize,
    },
    NoteTooLong {
        max: usize,
        got: usize,
    },
    Encoding {
        utf8: bool,
    },
    MissingNip,
    BadNip {
        why: &'a str,
    },
    DuplicateLine {
        first_line: u64,
    },
    Unreadable {
        detail: &'a str,
    },
    /// The CSV header, cells separated by `;`.
    BookHeader,
    // The overview.
    Status(RowStatus),
    Filter(RowFilter),
    Sort(SortKey),
    // Batches.
    Action(ActionKind),
    NoClients,
    NoPermissions,
    NotTokenPermission {
        permission: &'a str,
    },
    DescriptionLength {
        min: usize,
        max: usize,
        got: usize,
    },
    SearchTooShort {
        min: usize,
        got: usize,
    },
    /// A message rendered already (a lower error's).
    Plain(&'a str),
    /// The secrets file's header, cells separated by `;`.
    SecretsHeader,
    Waiting,
    WillCheckFirst,
    Cancelled,
    NotDelegable {
        list: &'a str,
    },
    TokenSent,
    TokenActivating {
        reference: &'a str,
    },
    Revoking {
        done: usize,
        of: usize,
    },
    GrantSent,
    GrantAccepted {
        reference: &'a str,
    },
    TokenMade {
        reference: &'a str,
        activation: Activation,
    },
    SecretKept,
    SecretSaved,
    SecretLost,
    /// `why`: the first failed revocation's message, when `failed > 0`.
    Revoked {
        revoked: usize,
        failed: usize,
        why: &'a str,
    },
    Granted {
        confirmed: bool,
        reference: Option<&'a str>,
    },
}

impl Text<'_> {
    pub fn say(&self, lang: Lang) -> String {
        match lang {
            Lang::Pl => pl::say(self),
            Lang::En => en::say(self),
        }
    }
}
