//! What `/permissions/*` keeps: grants made through the API (one record per permission, as
//! KSeF's ids are), entity authorizations, and the asynchronous operations that make or
//! remove them. Saved with the rest of the state; every field added later has a default.

use ksef_core::api::permissions::{
    AuthorizationScope, AuthorizedEntityKind, EuEntityDetails, Identifier, SubjectEntityDetails,
    SubjectPersonDetails, TargetIdentifier,
};
use ksef_core::api::{StatusInfo, SubjectIdentifier};
use ksef_core::context::ApiContextIdentifier;
use ksef_core::datetime::DateTime;
use ksef_core::permissions::Permission;
use serde::{Deserialize, Serialize};

/// How a grant was made, which decides who holds it where.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrantKind {
    /// `persons/grants`: to work in `context`.
    Person,
    /// `entities/grants`: `context` (the client) lets the entity `authorized` handle invoices.
    Entity,
    /// `indirect/grants`: `granted_in` (the office) passes on its clients' rights.
    Indirect,
    /// `subunits/grants`: CredentialsManage in `context` (an internal id or a subordinate NIP).
    SubunitAdmin,
    /// `eu-entities/administration/grants`: in the composite `context` NIP-VAT UE.
    EuAdmin,
    /// `eu-entities/grants`: a representative in the composite `context`.
    EuRepresentative,
}

/// One permission granted through the API.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PermissionGrant {
    /// KSeF's `PermissionId`: a lower-case UUID.
    pub id: String,
    pub kind: GrantKind,
    /// The context the permission takes effect in (for indirect grants: the office's).
    pub context: ApiContextIdentifier,
    /// The context of the session that granted it.
    pub granted_in: ApiContextIdentifier,
    pub authorized: SubjectIdentifier,
    pub permission: Permission,
    pub can_delegate: bool,
    /// Indirect grants: the one client, or `AllPartners`.
    pub target: Option<TargetIdentifier>,
    pub author: SubjectIdentifier,
    pub description: String,
    pub person: Option<SubjectPersonDetails>,
    pub entity: Option<SubjectEntityDetails>,
    /// Entity grants: the grantee's name.
    pub full_name: Option<String>,
    pub subunit_name: Option<String>,
    pub eu_entity_name: Option<String>,
    pub eu_entity_details: Option<EuEntityDetails>,
    #[serde(with = "time::serde::rfc3339")]
    pub granted: DateTime,
}

impl PermissionGrant {
    /// The same permission for the same subject in the same place: granting it again changes
    /// nothing but `canDelegate`.
    pub fn same_as(&self, other: &PermissionGrant) -> bool {
        self.kind == other.kind
            && self.context == other.context
            && self.granted_in == other.granted_in
            && self.authorized == other.authorized
            && self.permission == other.permission
            && self.target == other.target
    }
}

/// An entity right (`authorizations/grants`) from `authorizing_nip` to another entity.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuthorizationGrant {
    pub id: String,
    pub authorizing_nip: String,
    pub authorized: Identifier<AuthorizedEntityKind>,
    pub scope: AuthorizationScope,
    pub author: SubjectIdentifier,
    pub description: String,
    pub full_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub granted: DateTime,
}

/// What an operation changes once it succeeds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Change {
    Grant(Box<PermissionGrant>),
    Authorize(Box<AuthorizationGrant>),
    /// A grant of either store (API or test data) by id.
    Revoke(String),
    RevokeAuthorization(String),
}

/// A grant or revoke: 100 until `ready_at`, then `outcome`; applied once, then kept 30 days.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PermissionOperation {
    pub reference: String,
    /// The context of the session that started it (only it may read the status).
    pub context: ApiContextIdentifier,
    #[serde(with = "time::serde::rfc3339")]
    pub started: DateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub ready_at: DateTime,
    pub outcome: StatusInfo,
    pub changes: Vec<Change>,
    pub applied: bool,
}

/// `/testdata/attachment` of a NIP: allowed, until `revoked` if set.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AttachmentConsent {
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub revoked: Option<DateTime>,
}
