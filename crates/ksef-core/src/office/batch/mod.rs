//! One action over many selected clients, resumable: make a KSeF token in each client's
//! context, revoke the tokens whose description contains a text, or give an employee indirect
//! permissions for each client (in the office's own context).
//!
//! The app saves the batch after **every** call that changes it — [`Batch::next`] included,
//! before sending what it returned — so a reload finds each item where it was. An item whose
//! request may have reached KSeF without its answer coming back is *reconciled* before anything
//! is sent again: every token and grant a batch makes carries [`BatchId::marker`] in its
//! description, so the resumed batch first looks for it in KSeF's list. A token found that way
//! is reported as made, its secret lost; it is never made twice.
//!
//! The batch decides what an item does next ([`Task`]); the app drives the per-item protocol
//! machines that already exist ([`crate::flow::token::TokenGeneration`],
//! [`crate::flow::operation::PermissionOperation`], [`crate::flow::single::Single`]) and feeds
//! their results back. A failure at one client never stops the others.

mod describe;
mod grants;
mod secrets;
mod state;
mod steps;
mod tokens;
mod work;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::api::permissions::{
    IndirectPermissionsGrantRequest, PermissionFormError, TargetIdentifier,
};
use crate::ident::Nip;
use crate::lang::{Lang, Localized};
use crate::permissions::Permission;

use super::book::Client;
use super::text::Text;

pub use describe::{LineKind, Summary, SummaryLine};
pub use state::{
    Activation, Item, ItemState, NotRevoked, Outcome, Secret, SecretState, SkipReason, Stage,
};
pub use steps::RECONCILE_AFTER_MS;
pub use work::{Task, Work};

/// KSeF's limits on a token's or a grant's description.
const DESCRIPTION_MIN: usize = 5;
const DESCRIPTION_MAX: usize = 256;
/// KSeF's `description` filter of `GET /tokens` needs at least this many characters.
pub const SEARCH_MIN: usize = 3;

/// A batch's name in KSeF: 12 hex digits from randomness the app passes in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BatchId(String);

impl BatchId {
    pub fn from_random(bytes: [u8; 6]) -> BatchId {
        BatchId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Appended to the description of every token and grant the batch makes.
    pub fn marker(&self) -> String {
        format!("[Klucznik {}]", self.0)
    }

    fn marks(&self, description: &str) -> bool {
        description
            .to_lowercase()
            .contains(&self.marker().to_lowercase())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Action {
    CreateToken {
        permissions: Vec<Permission>,
        /// The user's description; the marker is added to it.
        description: String,
    },
    RevokeTokens {
        /// Tokens whose description contains this (case-insensitive) are revoked.
        containing: String,
    },
    /// In the office's context (`office`), one grant per client with that client as target.
    GrantIndirect {
        office: Nip,
        request: Box<IndirectPermissionsGrantRequest>,
    },
}

impl Action {
    pub fn label(&self, lang: Lang) -> String {
        Text::Action(self.kind()).say(lang)
    }

    pub(super) fn kind(&self) -> ActionKind {
        match self {
            Action::CreateToken { .. } => ActionKind::CreateToken,
            Action::RevokeTokens { .. } => ActionKind::RevokeTokens,
            Action::GrantIndirect { .. } => ActionKind::GrantIndirect,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ActionKind {
    CreateToken,
    RevokeTokens,
    GrantIndirect,
}

/// Why a batch cannot be made as asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Pl))]
pub enum BatchError {
    NoClients,
    NoPermissions,
    /// A permission a KSeF token cannot carry.
    NotTokenPermission {
        permission: Permission,
    },
    /// The description with the batch's marker must fit KSeF's 5..256 characters.
    DescriptionLength {
        min: usize,
        max: usize,
        got: usize,
    },
    SearchTooShort {
        got: usize,
    },
    Grant(#[source] PermissionFormError),
}

impl Localized for BatchError {
    fn message(&self, lang: Lang) -> String {
        let why;
        let text = match self {
            BatchError::NoClients => Text::NoClients,
            BatchError::NoPermissions => Text::NoPermissions,
            BatchError::NotTokenPermission { permission } => Text::NotTokenPermission {
                permission: permission.label(lang),
            },
            BatchError::DescriptionLength { min, max, got } => Text::DescriptionLength {
                min: *min,
                max: *max,
                got: *got,
            },
            BatchError::SearchTooShort { got } => Text::SearchTooShort {
                min: SEARCH_MIN,
                got: *got,
            },
            BatchError::Grant(e) => {
                why = e.message(lang);
                Text::Plain(&why)
            }
        };
        text.say(lang)
    }
}

/// What lives only while the page does: requests in flight and rate-limit holds (on a
/// monotonic clock that a reload restarts). Never stored; after a reload nothing is in flight.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Live {
    in_flight: BTreeSet<Nip>,
    held: BTreeMap<Nip, u64>,
    /// Every item waits (one shared context was rate-limited).
    all_held: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    id: BatchId,
    action: Action,
    items: Vec<Item>,
    limit: usize,
    paused: bool,
    #[serde(skip)]
    live: Live,
}

impl Batch {
    fn new<'a>(
        id: BatchId,
        action: Action,
        clients: impl IntoIterator<Item = &'a Client>,
    ) -> Result<Batch, BatchError> {
        let mut items: Vec<Item> = Vec::new();
        for c in clients {
            if items.iter().all(|i| i.nip != c.nip) {
                items.push(Item {
                    nip: c.nip.clone(),
                    name: c.name.clone(),
                    state: ItemState::Todo,
                });
            }
        }
        if items.is_empty() {
            return Err(BatchError::NoClients);
        }
        Ok(Batch {
            id,
            action,
            items,
            limit: 1,
            paused: false,
            live: Live::default(),
        })
    }

    /// A token with `permissions` and `description` (plus the marker) in each client.
    pub fn create_token<'a>(
        id: BatchId,
        clients: impl IntoIterator<Item = &'a Client>,
        permissions: Vec<Permission>,
        description: &str,
    ) -> Result<Batch, BatchError> {
        if permissions.is_empty() {
            return Err(BatchError::NoPermissions);
        }
        if let Some(&p) = permissions.iter().find(|p| !Permission::TOKEN.contains(p)) {
            return Err(BatchError::NotTokenPermission { permission: p });
        }
        let description = description.trim().to_string();
        check_description(&id, &description)?;
        let action = Action::CreateToken {
            permissions,
            description,
        };
        Batch::new(id, action, clients)
    }

    /// Revokes, in each client, the Active and Pending tokens whose description contains
    /// `containing`.
    pub fn revoke_tokens<'a>(
        id: BatchId,
        clients: impl IntoIterator<Item = &'a Client>,
        containing: &str,
    ) -> Result<Batch, BatchError> {
        let containing = containing.trim().to_string();
        let got = containing.chars().count();
        if got < SEARCH_MIN {
            return Err(BatchError::SearchTooShort { got });
        }
        Batch::new(id, Action::RevokeTokens { containing }, clients)
    }

    /// Gives the employee of `request` (its subject, permissions, description, details) the
    /// same grant for each client, in the context of `office`. Clients whose grant in the book
    /// does not allow passing these permissions on are skipped at once.
    pub fn grant_indirect<'a>(
        id: BatchId,
        office: Nip,
        clients: impl IntoIterator<Item = &'a Client>,
        mut request: IndirectPermissionsGrantRequest,
    ) -> Result<Batch, BatchError> {
        request.description = request.description.trim().to_string();
        check_description(&id, &request.description)?;
        let clients: Vec<&Client> = clients.into_iter().collect();
        let mut sample = request.clone();
        sample.description = marked(&id, &request.description);
        sample.target_identifier = clients.first().map(|c| TargetIdentifier::nip(&c.nip));
        sample.validate().map_err(BatchError::Grant)?;
        let wanted = request.permissions.clone();
        request.target_identifier = None;
        let action = Action::GrantIndirect {
            office,
            request: Box::new(request),
        };
        let mut batch = Batch::new(id, action, clients.iter().copied())?;
        for (item, client) in batch.items.iter_mut().zip(&clients) {
            let missing = client
                .current_grant()
                .map(|g| g.not_delegable(&wanted))
                .unwrap_or_default();
            if !missing.is_empty() {
                item.state = ItemState::Skipped(SkipReason::NotDelegable { missing });
            }
        }
        Ok(batch)
    }

    /// At most `k` (at least 1) items in flight at once.
    pub fn with_limit(mut self, k: usize) -> Batch {
        self.limit = k.max(1);
        self
    }

    pub fn id(&self) -> &BatchId {
        &self.id
    }

    pub fn action(&self) -> &Action {
        &self.action
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    pub fn item(&self, nip: &Nip) -> Option<&Item> {
        self.items.iter().find(|i| &i.nip == nip)
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    /// No new request is started; those in flight end as usual.
    pub fn pause(&mut self) {
        self.paused = true;
    }

    pub fn resume(&mut self) {
        self.paused = false;
    }

    /// Skips every item not started yet; started ones are finished (or reconciled).
    pub fn cancel(&mut self) {
        for i in self.items.iter_mut().filter(|i| i.state == ItemState::Todo) {
            i.state = ItemState::Skipped(SkipReason::Cancelled);
        }
    }

    /// Puts failed items back: to where they were (reconciling first), or to the start.
    pub fn retry_failed(&mut self) {
        for i in self.items.iter_mut() {
            if let ItemState::Failed { stage, .. } = &mut i.state {
                i.state = stage.take().map_or(ItemState::Todo, ItemState::Running);
            }
        }
        self.live.held.clear();
        self.live.all_held = None;
    }

    /// Nothing left to do: every item done, failed or skipped.
    pub fn is_over(&self) -> bool {
        self.items
            .iter()
            .all(|i| !matches!(i.state, ItemState::Todo | ItemState::Running(_)))
    }

    /// When a held item may go on (ask [`Batch::next`] then), if any is held.
    pub fn wake_at(&self) -> Option<u64> {
        let held = self.live.held.values().copied().min();
        match (held, self.live.all_held) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }
}

fn marked(id: &BatchId, description: &str) -> String {
    format!("{description} {}", id.marker())
}

fn check_description(id: &BatchId, description: &str) -> Result<(), BatchError> {
    let got = marked(id, description).chars().count();
    let extra = got - description.chars().count();
    if description.chars().count() < DESCRIPTION_MIN || got > DESCRIPTION_MAX {
        return Err(BatchError::DescriptionLength {
            min: DESCRIPTION_MIN,
            max: DESCRIPTION_MAX - extra,
            got: got - extra,
        });
    }
    Ok(())
}
