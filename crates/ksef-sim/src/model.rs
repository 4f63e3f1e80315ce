//! The records the simulator keeps: authentication operations (sessions), KSeF tokens,
//! certificates and enrollments, and the test data that decides permissions.

use std::collections::BTreeSet;

use ksef_core::api::auth::{AuthenticationMethod, AuthenticationMethodInfo};
use ksef_core::api::certificates::{
    CertificateEnrollmentDataResponse as EnrollmentData, CertificateStatus, CertificateType,
};
use ksef_core::api::tokens::TokenStatus;
use ksef_core::api::{StatusInfo, SubjectIdentifier};
use ksef_core::context::ApiContextIdentifier;
use ksef_core::datetime::DateTime;
use ksef_core::ip_policy::ApiAllowedIps;
use ksef_core::permissions::Permission;
use serde::{Deserialize, Serialize};

/// An authentication operation; once redeemed it is a session.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuthOperation {
    pub reference: String,
    #[serde(with = "time::serde::rfc3339")]
    pub started: DateTime,
    /// Until then the status reads 100 (the asynchronous checks "run").
    #[serde(with = "time::serde::rfc3339")]
    pub ready_at: DateTime,
    pub method: AuthenticationMethod,
    pub method_info: AuthenticationMethodInfo,
    pub outcome: StatusInfo,
    pub context: ApiContextIdentifier,
    pub subject: SubjectIdentifier,
    pub permissions: BTreeSet<Permission>,
    pub allowed_ips: Option<ApiAllowedIps>,
    pub redeemed: bool,
    pub revoked: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_refresh: Option<DateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub refresh_valid_until: Option<DateTime>,
    /// The KSeF token used to log in (token logins).
    pub via_token: Option<String>,
    /// The subject data of the certificate used to log in (XAdES logins): enrollment data.
    pub enrollment_data: Option<EnrollmentData>,
    /// SHA-256 (hex) of the signed document, which KSeF's UPO cites.
    pub document_sha256: Option<String>,
}

impl AuthOperation {
    pub fn status(&self, now: DateTime) -> StatusInfo {
        if self.revoked {
            return status(425, "Uwierzytelnienie unieważnione", Some("Uwierzytelnienie i powiązane refresh tokeny zostały unieważnione przez użytkownika"));
        }
        if now < self.ready_at {
            return status(100, "Uwierzytelnianie w toku", None);
        }
        self.outcome.clone()
    }

    pub fn is_xades(&self) -> bool {
        self.via_token.is_none()
    }
}

pub fn status(code: i32, description: &str, detail: Option<&str>) -> StatusInfo {
    StatusInfo {
        code,
        description: description.into(),
        details: detail.map(|d| vec![d.to_string()]),
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TokenRecord {
    pub reference: String,
    pub author: SubjectIdentifier,
    pub context: ApiContextIdentifier,
    pub description: String,
    pub permissions: Vec<Permission>,
    #[serde(with = "time::serde::rfc3339")]
    pub created: DateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub active_at: DateTime,
    pub failed: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<DateTime>,
    /// SHA-256 of the secret part; the secret itself is never stored.
    pub secret_hash: [u8; 32],
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_use: Option<DateTime>,
}

/// How long `Revoking` and `Blocked` last before the final state.
pub const REVOCATION_DELAY: time::Duration = time::Duration::milliseconds(500);

impl TokenRecord {
    pub fn status(&self, now: DateTime) -> TokenStatus {
        match (&self.failed, self.revoked_at) {
            (Some(_), _) if now >= self.active_at => TokenStatus::Failed,
            (_, Some(at)) if now < at + REVOCATION_DELAY => TokenStatus::Revoking,
            (_, Some(_)) => TokenStatus::Revoked,
            _ if now < self.active_at => TokenStatus::Pending,
            _ => TokenStatus::Active,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IssuedCertificate {
    pub serial: String,
    pub der: Vec<u8>,
    pub name: String,
    pub kind: CertificateType,
    pub subject: SubjectIdentifier,
    pub common_name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub valid_from: DateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub valid_to: DateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub request_date: DateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<DateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_use: Option<DateTime>,
    /// Visible only once the enrollment is done.
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: DateTime,
}

impl IssuedCertificate {
    pub fn status(&self, now: DateTime) -> CertificateStatus {
        match self.revoked_at {
            Some(at) if now < at + REVOCATION_DELAY => CertificateStatus::Blocked,
            Some(_) => CertificateStatus::Revoked,
            None if now >= self.valid_to => CertificateStatus::Expired,
            None => CertificateStatus::Active,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Enrollment {
    pub reference: String,
    #[serde(with = "time::serde::rfc3339")]
    pub request_date: DateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub ready_at: DateTime,
    pub subject: SubjectIdentifier,
    /// The issued serial, or why the request was rejected.
    pub outcome: Result<String, String>,
}

/// A permission granted with `/testdata/permissions` (a ZAW-FA filing on the real system).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Grant {
    pub context_nip: String,
    pub authorized: SubjectIdentifier,
    pub permission: Permission,
    /// KSeF's `PermissionId` (36 characters, a UUID).
    #[serde(default = "permission_id")]
    pub id: String,
    #[serde(default = "default_description")]
    pub description: String,
    #[serde(default = "epoch", with = "time::serde::rfc3339")]
    pub granted: DateTime,
}

impl Grant {
    /// The same permission for the same subject in the same context (30001 on a second grant).
    pub fn same_as(&self, other: &Grant) -> bool {
        self.context_nip == other.context_nip
            && self.authorized == other.authorized
            && self.permission == other.permission
    }
}

/// A random UUID (version 4), as KSeF's permission ids are.
pub fn permission_id() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// For grants saved before descriptions were kept.
fn default_description() -> String {
    "Uprawnienie testowe".into()
}

fn epoch() -> DateTime {
    DateTime::UNIX_EPOCH
}

/// A person from `/testdata/person`: owner of the NIP context under both NIP and PESEL.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Person {
    pub nip: String,
    pub pesel: String,
    pub bailiff: bool,
    pub deceased: bool,
    #[serde(default = "epoch", with = "time::serde::rfc3339")]
    pub created: DateTime,
}

/// An entity from `/testdata/subject`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Entity {
    pub nip: String,
    pub kind: ksef_core::api::testdata::SubjectType,
    pub subunits: Vec<String>,
    /// The role's description in `query/entities/roles`.
    #[serde(default = "default_entity_description")]
    pub description: String,
    #[serde(default = "epoch", with = "time::serde::rfc3339")]
    pub created: DateTime,
}

/// For entities saved before descriptions were kept.
fn default_entity_description() -> String {
    "Podmiot testowy".into()
}
