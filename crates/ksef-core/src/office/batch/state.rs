//! What a batch keeps per item, as stored: where a started item is (so a reload knows what
//! may have reached KSeF), how it ended, and the token secrets until they are saved.

use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::flow::Failure;
use crate::ident::Nip;
use crate::permissions::Permission;

/// A token's secret, kept only until the user saved it; never printed, wiped from memory.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct Secret(pub(super) String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<hidden>)")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SecretState {
    Kept(Secret),
    /// The user saved the file with it; wiped here.
    Saved,
    /// KSeF's answer with it never came (the token was found by its marker): not recoverable.
    Lost,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Activation {
    Active,
    Pending,
    /// KSeF gave the token but its activation could not be seen.
    Unconfirmed,
    /// Found already revoked (by someone else) when the batch looked for it.
    Revoked,
}

/// A revocation that failed, the others going on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotRevoked {
    pub reference: String,
    pub failure: Failure,
}

/// Where a started item is; kept so a reload knows what may have reached KSeF.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    /// `POST /tokens` may have reached KSeF.
    TokenSent,
    /// KSeF gave the token; its activation is being followed.
    TokenMade {
        reference: String,
        secret: SecretState,
    },
    Revoking {
        planned: Vec<String>,
        revoked: Vec<String>,
        not_revoked: Vec<NotRevoked>,
        /// A `DELETE /tokens/{ref}` whose answer has not come.
        sent: Option<String>,
    },
    /// `POST /permissions/indirect/grants` may have reached KSeF.
    GrantSent,
    /// KSeF accepted the grant; its operation is being followed.
    GrantAccepted { reference: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    TokenMade {
        reference: String,
        activation: Activation,
        secret: SecretState,
    },
    Revoked {
        revoked: Vec<String>,
        not_revoked: Vec<NotRevoked>,
    },
    Granted {
        /// The operation's reference; none when the grant was found by its marker.
        reference: Option<String>,
        confirmed: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SkipReason {
    /// The batch was stopped before this client's turn.
    Cancelled,
    /// The client did not allow the office to pass these permissions on.
    NotDelegable { missing: Vec<Permission> },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ItemState {
    Todo,
    Running(Stage),
    Done(Outcome),
    Failed {
        failure: Failure,
        /// Where it was: a retry goes back there (reconciling first), not to the start.
        stage: Option<Stage>,
    },
    Skipped(SkipReason),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub nip: Nip,
    pub name: String,
    pub state: ItemState,
}
