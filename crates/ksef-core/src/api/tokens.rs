//! `/tokens`: generate, list, status, revoke.

use serde::{Deserialize, Serialize};

use super::SubjectIdentifier;
use crate::context::ApiContextIdentifier;
use crate::datetime::{serde_ksef, DateTime};
use crate::extensible::Extensible;
use crate::ident::ReferenceNumber;
use crate::lang::Lang;
use crate::permissions::Permission;

/// `POST /tokens` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateTokenRequest {
    pub permissions: Vec<Permission>,
    pub description: String,
}

/// `POST /tokens` → 202: the only time the token string is ever shown.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenerateTokenResponse {
    pub reference_number: ReferenceNumber,
    pub token: String,
}

impl std::fmt::Debug for GenerateTokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GenerateTokenResponse")
            .field("reference_number", &self.reference_number)
            .field("token", &"<hidden>")
            .finish()
    }
}

crate::ksef_enum! {
    pub enum TokenStatus {
        Pending,
        Active,
        Revoking,
        Revoked,
        Failed,
    }
}

impl TokenStatus {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            TokenStatus::Pending => lang.pick("Oczekujący", "Pending"),
            TokenStatus::Active => lang.pick("Aktywny", "Active"),
            TokenStatus::Revoking => lang.pick("Unieważniany", "Revoking"),
            TokenStatus::Revoked => lang.pick("Unieważniony", "Revoked"),
            TokenStatus::Failed => lang.pick("Nieudany", "Failed"),
        }
    }
}

/// A row of `GET /tokens` and the body of `GET /tokens/{ref}` (same shape).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenStatusResponse {
    pub reference_number: ReferenceNumber,
    pub author_identifier: SubjectIdentifier,
    pub context_identifier: ApiContextIdentifier,
    pub description: String,
    pub requested_permissions: Vec<Extensible<Permission>>,
    #[serde(with = "serde_ksef")]
    pub date_created: DateTime,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_ksef::option"
    )]
    pub last_use_date: Option<DateTime>,
    pub status: Extensible<TokenStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_details: Option<Vec<String>>,
}

/// `GET /tokens` → 200.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryTokensResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    pub tokens: Vec<TokenStatusResponse>,
}
