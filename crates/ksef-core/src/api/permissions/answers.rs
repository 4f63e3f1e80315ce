//! The answers of `POST /permissions/query/*` and `GET /permissions/query/entities/roles`: one
//! page of items and `hasMore`. Scopes, states and roles are [`Extensible`]: a value of a later
//! KSeF release must not break a whole list.

use serde::{Deserialize, Serialize};

use super::details::{EuEntityDetails, SubjectEntityDetails, SubjectPersonDetails};
use super::identifiers::{AuthorIdentifier, Identifier, TargetIdentifier};
use super::kinds::{
    AuthorizationScope, AuthorizedEntityKind, EntityRoleType, NipKind, PermissionState, SubunitKind,
};
use crate::api::SubjectIdentifier;
use crate::context::ApiContextIdentifier;
use crate::datetime::{serde_ksef, DateTime};
use crate::extensible::Extensible;
use crate::permissions::Permission;

/// One of the subject's own permissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalPermission {
    pub id: String,
    /// The entity that granted invoice handling (absent: the session's context).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_identifier: Option<ApiContextIdentifier>,
    /// The grantee when it is not the caller itself (its entity, for an owner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_identifier: Option<SubjectIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_identifier: Option<TargetIdentifier>,
    pub permission_scope: Extensible<Permission>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_person_details: Option<SubjectPersonDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_entity_details: Option<SubjectEntityDetails>,
    pub permission_state: Extensible<PermissionState>,
    #[serde(with = "serde_ksef")]
    pub start_date: DateTime,
    pub can_delegate: bool,
}

/// `200` of `POST /permissions/query/personal/grants`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryPersonalPermissionsResponse {
    pub permissions: Vec<PersonalPermission>,
    /// The owner's permissions, when the subject owns the context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_permissions: Option<Vec<Extensible<Permission>>>,
    pub has_more: bool,
}

impl QueryPersonalPermissionsResponse {
    /// The permissions held in `context`: the owner's, plus the active grants there (a grant
    /// without a context identifier is one in the context of the session).
    pub fn held_in(&self, context: &ApiContextIdentifier) -> Vec<Permission> {
        let granted = self
            .permissions
            .iter()
            .filter(|p| p.permission_state.is(PermissionState::Active))
            .filter(|p| p.context_identifier.as_ref().is_none_or(|c| c == context))
            .filter_map(|p| p.permission_scope.known());
        let owned = self
            .owner_permissions
            .iter()
            .flatten()
            .filter_map(Extensible::known);
        let mut held: Vec<Permission> = granted.chain(owned).collect();
        held.sort();
        held.dedup();
        held
    }
}

/// A permission to work in the context, as an administrator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonPermission {
    pub id: String,
    pub authorized_identifier: SubjectIdentifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_identifier: Option<ApiContextIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_identifier: Option<TargetIdentifier>,
    pub author_identifier: AuthorIdentifier,
    pub permission_scope: Extensible<Permission>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_person_details: Option<SubjectPersonDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_entity_details: Option<SubjectEntityDetails>,
    pub permission_state: Extensible<PermissionState>,
    #[serde(with = "serde_ksef")]
    pub start_date: DateTime,
    pub can_delegate: bool,
}

/// `200` of `POST /permissions/query/persons/grants`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryPersonPermissionsResponse {
    pub permissions: Vec<PersonPermission>,
    pub has_more: bool,
}

/// A subunit administrator's CredentialsManage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubunitPermission {
    pub id: String,
    pub authorized_identifier: SubjectIdentifier,
    pub subunit_identifier: Identifier<SubunitKind>,
    pub author_identifier: SubjectIdentifier,
    pub permission_scope: Extensible<Permission>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_person_details: Option<SubjectPersonDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subunit_name: Option<String>,
    #[serde(with = "serde_ksef")]
    pub start_date: DateTime,
}

/// `200` of `POST /permissions/query/subunits/grants`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuerySubunitPermissionsResponse {
    pub permissions: Vec<SubunitPermission>,
    pub has_more: bool,
}

/// Invoice handling received from another entity (`contextIdentifier`: who gave it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityPermissionItem {
    pub id: String,
    pub context_identifier: ApiContextIdentifier,
    pub permission_scope: Extensible<Permission>,
    pub description: String,
    #[serde(with = "serde_ksef")]
    pub start_date: DateTime,
    pub can_delegate: bool,
}

/// `200` of `POST /permissions/query/entities/grants`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryEntityPermissionsResponse {
    pub permissions: Vec<EntityPermissionItem>,
    pub has_more: bool,
}

/// A role of the current entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityRole {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_entity_identifier: Option<Identifier<NipKind>>,
    pub role: Extensible<EntityRoleType>,
    pub description: String,
    #[serde(with = "serde_ksef")]
    pub start_date: DateTime,
}

/// `200` of `GET /permissions/query/entities/roles`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryEntityRolesResponse {
    pub roles: Vec<EntityRole>,
    pub has_more: bool,
}

/// A subordinate entity of the current one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubordinateEntityRole {
    pub subordinate_entity_identifier: Identifier<NipKind>,
    pub role: Extensible<EntityRoleType>,
    pub description: String,
    #[serde(with = "serde_ksef")]
    pub start_date: DateTime,
}

/// `200` of `POST /permissions/query/subordinate-entities/roles`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuerySubordinateEntityRolesResponse {
    pub roles: Vec<SubordinateEntityRole>,
    pub has_more: bool,
}

/// The entity named in an authorization (`PermissionsSubjectEntityByIdentifierDetails`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizedEntityDetails {
    pub subject_details_type: Extensible<super::kinds::SubjectDetailsType>,
    pub full_name: String,
}

/// An entity right granted or received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityAuthorizationGrant {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_identifier: Option<SubjectIdentifier>,
    pub authorized_entity_identifier: Identifier<AuthorizedEntityKind>,
    pub authorizing_entity_identifier: Identifier<NipKind>,
    pub authorization_scope: Extensible<AuthorizationScope>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_entity_details: Option<AuthorizedEntityDetails>,
    #[serde(with = "serde_ksef")]
    pub start_date: DateTime,
}

/// `200` of `POST /permissions/query/authorizations/grants`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryEntityAuthorizationPermissionsResponse {
    pub authorization_grants: Vec<EntityAuthorizationGrant>,
    pub has_more: bool,
}

/// A permission of an EU entity's administrator or representative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EuEntityPermission {
    pub id: String,
    pub author_identifier: SubjectIdentifier,
    pub vat_ue_identifier: String,
    pub eu_entity_name: String,
    pub authorized_fingerprint_identifier: String,
    pub permission_scope: Extensible<Permission>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_person_details: Option<SubjectPersonDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_entity_details: Option<SubjectEntityDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_entity_details: Option<EuEntityDetails>,
    #[serde(with = "serde_ksef")]
    pub start_date: DateTime,
}

/// `200` of `POST /permissions/query/eu-entities/grants`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryEuEntityPermissionsResponse {
    pub permissions: Vec<EuEntityPermission>,
    pub has_more: bool,
}

/// `GET /permissions/attachments/status`: may the context attach files to invoices (a
/// `revokedDate` ends that; none means for good).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckAttachmentPermissionStatusResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_attachment_allowed: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_ksef::option"
    )]
    pub revoked_date: Option<DateTime>,
}
