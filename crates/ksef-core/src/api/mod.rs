//! Request and response bodies of the KSeF API 2.0 endpoints Klucznik uses (serde).
//!
//! Field names follow `open-api.json`; dates go through [`crate::datetime`], which tolerates
//! 7 fractional digits and missing offsets.

pub mod auth;
pub mod certificates;
pub mod limits;
pub mod permissions;
pub mod security;
pub mod testdata;
pub mod tokens;

use serde::{Deserialize, Serialize};

use crate::datetime::{serde_ksef, DateTime};

/// A JWT with its expiry. Clients treat the token as opaque.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenInfo {
    pub token: String,
    #[serde(with = "serde_ksef")]
    pub valid_until: DateTime,
}

/// `{code, description, details?}` used by operation statuses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusInfo {
    pub code: i32,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<String>>,
}

/// Who a token author or certificate subject is: NIP, PESEL or certificate fingerprint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SubjectIdentifierKind {
    Nip,
    Pesel,
    Fingerprint,
}

impl SubjectIdentifierKind {
    /// The API name (`label` is what a user reads).
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectIdentifierKind::Nip => "Nip",
            SubjectIdentifierKind::Pesel => "Pesel",
            SubjectIdentifierKind::Fingerprint => "Fingerprint",
        }
    }

    /// The name a user reads (the Debug/API name is `Nip`, Polish writes NIP).
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        match self {
            SubjectIdentifierKind::Nip => "NIP",
            SubjectIdentifierKind::Pesel => "PESEL",
            SubjectIdentifierKind::Fingerprint => {
                lang.pick("odcisk certyfikatu", "certificate fingerprint")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectIdentifier {
    #[serde(rename = "type")]
    pub kind: SubjectIdentifierKind,
    pub value: String,
}
