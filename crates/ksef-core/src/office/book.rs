//! The client book: every client NIP the office serves, with the name and note the office wrote
//! and where the client came from. KSeF knows no client names, so names and notes are only ever
//! written by hand (or a CSV file) and a merge of KSeF's answer never touches them.
//!
//! A client that drops out of KSeF's answer stays in the book, marked withdrawn: the office must
//! see that a client took its permission back, not find the client silently gone.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::api::permissions::{
    EntityPermissionItem, PermissionState, PersonalPermission, TargetIdentifierKind,
};
use crate::context::{ApiContextIdentifier, ContextType};
use crate::extensible::Extensible;
use crate::ident::Nip;
use crate::lang::{Lang, Localized};
use crate::permissions::Permission;

use super::book_csv::ImportedClient;
use super::text::Text;

/// Longest name and note kept (characters); a longer one is refused, not cut.
pub const NAME_MAX: usize = 256;
pub const NOTE_MAX: usize = 2000;

/// Invoice handling a client gave the office (`POST /permissions/query/entities/grants` in the
/// office's context: `contextIdentifier` is the client).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfficeGrant {
    pub scopes: Vec<Extensible<Permission>>,
    /// The scopes the office may pass on to its staff (`canDelegate`).
    pub delegable: Vec<Permission>,
}

impl OfficeGrant {
    pub fn may_delegate(&self) -> bool {
        !self.delegable.is_empty()
    }

    /// Of `wanted`, what the client did not allow the office to pass on.
    pub fn not_delegable(&self, wanted: &[Permission]) -> Vec<Permission> {
        wanted
            .iter()
            .filter(|p| !self.delegable.contains(p))
            .copied()
            .collect()
    }
}

/// The user's own permissions in the client's context (`query/personal/grants`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Personal {
    pub active: Vec<Extensible<Permission>>,
    /// Granted but not in effect (e.g. the client withdrew the office's delegable right).
    pub inactive: Vec<Extensible<Permission>>,
}

/// What one of KSeF's answers said about a client.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Received<T> {
    pub value: T,
    /// In KSeF's last answer; `false`: it was in an earlier one and is no longer.
    pub current: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Client {
    pub nip: Nip,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub office_grant: Option<Received<OfficeGrant>>,
    #[serde(default)]
    pub personal: Option<Received<Personal>>,
    /// Added by hand or from a CSV file.
    #[serde(default)]
    pub by_hand: bool,
}

impl Client {
    fn new(nip: Nip) -> Client {
        Client {
            nip,
            name: String::new(),
            note: String::new(),
            office_grant: None,
            personal: None,
            by_hand: false,
        }
    }

    /// KSeF named this client in one of its answers, now or earlier.
    pub fn from_ksef(&self) -> bool {
        self.office_grant.is_some() || self.personal.is_some()
    }

    /// KSeF named this client before and names it no longer.
    pub fn withdrawn(&self) -> bool {
        self.from_ksef()
            && !self.office_grant.as_ref().is_some_and(|g| g.current)
            && !self.personal.as_ref().is_some_and(|p| p.current)
    }

    /// The office's grant as KSeF last named it (none once withdrawn).
    pub fn current_grant(&self) -> Option<&OfficeGrant> {
        self.office_grant
            .as_ref()
            .filter(|g| g.current)
            .map(|g| &g.value)
    }
}

/// Why a hand edit of the book was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Pl))]
pub enum ClientError {
    AlreadyInBook { nip: Nip },
    NotInBook { nip: Nip },
    NameTooLong { got: usize },
    NoteTooLong { got: usize },
}

impl Localized for ClientError {
    fn message(&self, lang: Lang) -> String {
        let text = match self {
            ClientError::AlreadyInBook { nip } => Text::AlreadyInBook { nip: nip.as_str() },
            ClientError::NotInBook { nip } => Text::NotInBook { nip: nip.as_str() },
            ClientError::NameTooLong { got } => Text::NameTooLong {
                max: NAME_MAX,
                got: *got,
            },
            ClientError::NoteTooLong { got } => Text::NoteTooLong {
                max: NOTE_MAX,
                got: *got,
            },
        };
        text.say(lang)
    }
}

/// A name and a note as kept: trimmed, and not longer than the limits.
pub(super) fn checked_texts(name: &str, note: &str) -> Result<(String, String), ClientError> {
    let (name, note) = (name.trim(), note.trim());
    let (n, m) = (name.chars().count(), note.chars().count());
    if n > NAME_MAX {
        return Err(ClientError::NameTooLong { got: n });
    }
    if m > NOTE_MAX {
        return Err(ClientError::NoteTooLong { got: m });
    }
    Ok((name.to_string(), note.to_string()))
}

/// What a merge changed, for the app to tell the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub added: Vec<Nip>,
    /// Named by this source before, not in this answer: marked, not deleted.
    pub withdrawn: Vec<Nip>,
    /// Already in the book and named again (their names and notes kept).
    pub kept: usize,
    /// Items naming no client NIP (an internal id, the session's own NIP, a bad value).
    pub ignored: usize,
}

/// The book, one entry per NIP, in NIP order. Stored by the app as JSON per environment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientBook {
    clients: Vec<Client>,
}

impl ClientBook {
    pub fn new() -> ClientBook {
        ClientBook::default()
    }

    pub fn clients(&self) -> &[Client] {
        &self.clients
    }

    pub fn get(&self, nip: &Nip) -> Option<&Client> {
        self.find(nip).ok().map(|i| &self.clients[i])
    }

    fn find(&self, nip: &Nip) -> Result<usize, usize> {
        self.clients.binary_search_by(|c| c.nip.cmp(nip))
    }

    /// The client with `nip`, added (empty) when it is not in the book yet.
    fn entry(&mut self, nip: &Nip, report: &mut MergeReport) -> &mut Client {
        let i = match self.find(nip) {
            Ok(i) => {
                report.kept += 1;
                i
            }
            Err(i) => {
                self.clients.insert(i, Client::new(nip.clone()));
                report.added.push(nip.clone());
                i
            }
        };
        &mut self.clients[i]
    }

    pub fn add(&mut self, nip: Nip, name: &str, note: &str) -> Result<(), ClientError> {
        let (name, note) = checked_texts(name, note)?;
        match self.find(&nip) {
            Ok(_) => Err(ClientError::AlreadyInBook { nip }),
            Err(i) => {
                let mut c = Client::new(nip);
                (c.name, c.note, c.by_hand) = (name, note, true);
                self.clients.insert(i, c);
                Ok(())
            }
        }
    }

    pub fn edit(&mut self, nip: &Nip, name: &str, note: &str) -> Result<(), ClientError> {
        let (name, note) = checked_texts(name, note)?;
        let i = self
            .find(nip)
            .map_err(|_| ClientError::NotInBook { nip: nip.clone() })?;
        (self.clients[i].name, self.clients[i].note) = (name, note);
        Ok(())
    }

    /// Takes a client out of the book. One KSeF still names comes back with the next merge.
    pub fn remove(&mut self, nip: &Nip) -> Option<Client> {
        self.find(nip).ok().map(|i| self.clients.remove(i))
    }

    /// Clients read from a CSV file: new ones are added, known ones get the file's name and
    /// note where the file has them (an empty cell keeps what the book had).
    pub fn import(&mut self, rows: &[ImportedClient]) -> MergeReport {
        let mut report = MergeReport::default();
        for row in rows {
            let c = self.entry(&row.nip, &mut report);
            c.by_hand = true;
            if !row.name.is_empty() {
                c.name = row.name.clone();
            }
            if !row.note.is_empty() {
                c.note = row.note.clone();
            }
        }
        report
    }

    /// Merges every page of `POST /permissions/query/entities/grants` (asked in the office's
    /// context): each `contextIdentifier` NIP is a client, with its scopes and `canDelegate`.
    pub fn merge_office_grants(&mut self, items: &[EntityPermissionItem]) -> MergeReport {
        let mut report = MergeReport::default();
        let mut seen: BTreeMap<Nip, OfficeGrant> = BTreeMap::new();
        for item in items {
            let Some(nip) = nip_of(&item.context_identifier) else {
                report.ignored += 1;
                continue;
            };
            let grant = seen.entry(nip).or_default();
            push_unique(&mut grant.scopes, item.permission_scope.clone());
            if let Some(p) = item.permission_scope.known().filter(|_| item.can_delegate) {
                push_unique(&mut grant.delegable, p);
            }
        }
        for (nip, value) in seen.iter() {
            self.entry(nip, &mut report).office_grant = Some(Received {
                value: value.clone(),
                current: true,
            });
        }
        for c in &mut self.clients {
            if let Some(g) = c
                .office_grant
                .as_mut()
                .filter(|_| !seen.contains_key(&c.nip))
            {
                if std::mem::replace(&mut g.current, false) {
                    report.withdrawn.push(c.nip.clone());
                }
            }
        }
        report
    }

    /// Merges every page of `POST /permissions/query/personal/grants` asked in the context of
    /// `session` (the office or the person's own NIP): an item is about a client when its
    /// `targetIdentifier` names one NIP (an office's indirect grant) or its
    /// `contextIdentifier` is a NIP other than `session` (a client's direct grant).
    pub fn merge_personal(&mut self, session: &Nip, items: &[PersonalPermission]) -> MergeReport {
        let mut report = MergeReport::default();
        let mut seen: BTreeMap<Nip, Personal> = BTreeMap::new();
        for item in items {
            let Some(nip) = client_of(session, item) else {
                report.ignored += 1;
                continue;
            };
            let held = seen.entry(nip).or_default();
            let list = if item.permission_state.is(PermissionState::Active) {
                &mut held.active
            } else {
                &mut held.inactive
            };
            push_unique(list, item.permission_scope.clone());
        }
        for (nip, value) in seen.iter() {
            self.entry(nip, &mut report).personal = Some(Received {
                value: value.clone(),
                current: true,
            });
        }
        for c in &mut self.clients {
            if let Some(p) = c.personal.as_mut().filter(|_| !seen.contains_key(&c.nip)) {
                if std::mem::replace(&mut p.current, false) {
                    report.withdrawn.push(c.nip.clone());
                }
            }
        }
        report
    }
}

fn push_unique<T: PartialEq + Ord>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
        list.sort();
    }
}

fn nip_of(id: &ApiContextIdentifier) -> Option<Nip> {
    (id.kind == ContextType::Nip)
        .then(|| id.value.parse().ok())
        .flatten()
}

fn client_of(session: &Nip, item: &PersonalPermission) -> Option<Nip> {
    let target = item
        .target_identifier
        .as_ref()
        .filter(|t| t.kind == TargetIdentifierKind::Nip)
        .and_then(|t| t.value.as_deref()?.parse::<Nip>().ok());
    let context = item
        .context_identifier
        .as_ref()
        .and_then(nip_of)
        .filter(|n| n != session);
    target.or(context).filter(|n| n != session)
}
