//! `/certificates/*`: limits, enrollment data, enrollment, status, retrieval, query, revocation.

use serde::{Deserialize, Serialize};

use super::{StatusInfo, SubjectIdentifier};
use crate::datetime::{serde_ksef, DateTime};
use crate::extensible::Extensible;
use crate::ident::{CertSerial, ReferenceNumber};
use crate::lang::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateLimit {
    pub remaining: i32,
    pub limit: i32,
}

/// `GET /certificates/limits` → 200.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateLimitsResponse {
    pub can_request: bool,
    pub enrollment: CertificateLimit,
    pub certificate: CertificateLimit,
}

/// `GET /certificates/enrollments/data` → 200: the exact subject a CSR must carry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateEnrollmentDataResponse {
    pub common_name: String,
    pub country_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "one_or_many")]
    pub given_name: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_identifier: Option<String>,
}

/// `givenName` is a string in the current spec and was an array before; accept both, write a
/// string (several given names joined by spaces, as they appear on an ID).
mod one_or_many {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Vec<String>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(names) => s.serialize_str(&names.join(" ")),
            None => s.serialize_none(),
        }
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
        Ok(match Option::<OneOrMany>::deserialize(d)? {
            Some(OneOrMany::One(s)) => Some(vec![s]),
            Some(OneOrMany::Many(v)) => Some(v),
            None => None,
        })
    }
}

crate::ksef_enum! {
    pub enum CertificateType {
        /// Logs in with XAdES (keyUsage digitalSignature).
        Authentication,
        /// Signs QR code II of offline invoices (keyUsage nonRepudiation); cannot log in.
        Offline,
    }
}

impl CertificateType {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CertificateType::Authentication => lang.pick("Uwierzytelnianie", "Authentication"),
            CertificateType::Offline => lang.pick("Tryb offline", "Offline"),
        }
    }
}

/// `POST /certificates/enrollments` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollCertificateRequest {
    pub certificate_name: String,
    pub certificate_type: CertificateType,
    /// Base64 of the DER PKCS#10 request (no PEM armour).
    pub csr: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_ksef::option"
    )]
    pub valid_from: Option<DateTime>,
}

/// `POST /certificates/enrollments` → 202.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollCertificateResponse {
    pub reference_number: ReferenceNumber,
    #[serde(with = "serde_ksef")]
    pub timestamp: DateTime,
}

/// `GET /certificates/enrollments/{ref}` → 200.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateEnrollmentStatusResponse {
    #[serde(with = "serde_ksef")]
    pub request_date: DateTime,
    pub status: StatusInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_serial_number: Option<CertSerial>,
}

/// `POST /certificates/retrieve` body (1..10 serials).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetrieveCertificatesRequest {
    pub certificate_serial_numbers: Vec<CertSerial>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetrieveCertificatesListItem {
    /// Base64 DER.
    pub certificate: String,
    pub certificate_name: String,
    pub certificate_serial_number: CertSerial,
    pub certificate_type: Extensible<CertificateType>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetrieveCertificatesResponse {
    pub certificates: Vec<RetrieveCertificatesListItem>,
}

crate::ksef_enum! {
    pub enum CertificateStatus {
        Active,
        /// Transitional while revocation completes.
        Blocked,
        Revoked,
        Expired,
    }
}

impl CertificateStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            CertificateStatus::Active => lang.pick("Aktywny", "Active"),
            CertificateStatus::Blocked => lang.pick("Blokowany", "Blocked"),
            CertificateStatus::Revoked => lang.pick("Unieważniony", "Revoked"),
            CertificateStatus::Expired => lang.pick("Wygasły", "Expired"),
        }
    }
}

/// `POST /certificates/query` body; every filter optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryCertificatesRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_serial_number: Option<CertSerial>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "type")]
    pub kind: Option<CertificateType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CertificateStatus>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_ksef::option"
    )]
    pub expires_after: Option<DateTime>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateListItem {
    pub certificate_serial_number: CertSerial,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Extensible<CertificateType>,
    pub common_name: String,
    pub status: Extensible<CertificateStatus>,
    pub subject_identifier: SubjectIdentifier,
    #[serde(with = "serde_ksef")]
    pub valid_from: DateTime,
    #[serde(with = "serde_ksef")]
    pub valid_to: DateTime,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_ksef::option"
    )]
    pub last_use_date: Option<DateTime>,
    #[serde(with = "serde_ksef")]
    pub request_date: DateTime,
}

/// `POST /certificates/query` → 200.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryCertificatesResponse {
    pub certificates: Vec<CertificateListItem>,
    pub has_more: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevocationReason {
    Unspecified,
    Superseded,
    KeyCompromise,
}

/// `POST /certificates/{serial}/revoke` body (optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevokeCertificateRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revocation_reason: Option<RevocationReason>,
}
