//! `/testdata/*` bodies (TEST environment only).

use serde::{Deserialize, Serialize};

use super::limits::{EffectiveApiRateLimits, EffectiveContextLimits};
use super::SubjectIdentifier;
use crate::context::ApiContextIdentifier;
use crate::datetime::{serde_ksef, DateTime};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubjectType {
    EnforcementAuthority,
    VatGroup,
    #[serde(rename = "JST")]
    Jst,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subunit {
    pub subject_nip: String,
    pub description: String,
}

/// `POST /testdata/subject`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectCreateRequest {
    pub subject_nip: String,
    pub subject_type: SubjectType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subunits: Option<Vec<Subunit>>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date: Option<String>,
}

/// `POST /testdata/person`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonCreateRequest {
    pub nip: String,
    pub pesel: String,
    pub is_bailiff: bool,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_deceased: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_date: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestDataPermission {
    pub description: String,
    pub permission_type: crate::permissions::Permission,
}

/// `POST /testdata/permissions` (the context is always a NIP).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionsGrantRequest {
    pub context_identifier: ApiContextIdentifier,
    pub authorized_identifier: SubjectIdentifier,
    pub permissions: Vec<TestDataPermission>,
}

/// `POST /testdata/permissions/revoke`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionsRevokeRequest {
    pub context_identifier: ApiContextIdentifier,
    pub authorized_identifier: SubjectIdentifier,
}

/// `POST /testdata/context/block` and `/unblock`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContextBlockRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_identifier: Option<ApiContextIdentifier>,
}

/// `POST /testdata/subject/remove`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectRemoveRequest {
    pub subject_nip: String,
}

/// `POST /testdata/person/remove` and `/testdata/attachment`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NipRequest {
    pub nip: String,
}

/// `POST /testdata/limits/subject/certificate`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetSubjectLimitsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_identifier_type: Option<super::SubjectIdentifierKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrollment: Option<super::limits::EnrollmentLimits>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<super::limits::CertificateCountLimits>,
}

/// `POST /testdata/attachment/revoke`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentRevokeRequest {
    pub nip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_end_date: Option<String>,
}

/// `POST /testdata/limits/context/session`: since 2.9.0 `collectiveIdentifier` is required too,
/// so a body without it is refused (21405).
pub type SetSessionLimitsRequest = EffectiveContextLimits;

/// `POST /testdata/rate-limits`: the 13 groups of `ApiRateLimitsOverride`
/// ([`super::limits::RateLimitGroup::OVERRIDABLE`]) are required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetRateLimitsRequest {
    pub rate_limits: EffectiveApiRateLimits,
}

/// `PUT /testdata/certificates/{serialNumber}` (2.9.0): a new, earlier end of validity of the
/// caller's KSeF certificate, to test what an expired certificate does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCertificateRequest {
    #[serde(with = "serde_ksef")]
    pub valid_to: DateTime,
}
