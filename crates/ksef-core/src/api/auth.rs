//! `/auth/*`: challenge, XAdES and token login, status, redeem, refresh, sessions.

use serde::{Deserialize, Serialize};

use super::{StatusInfo, TokenInfo};
use crate::context::ApiContextIdentifier;
use crate::datetime::{serde_ksef, DateTime};
use crate::extensible::Extensible;
use crate::ident::ReferenceNumber;
use crate::ip_policy::ApiAllowedIps;

/// `POST /auth/challenge` → 200.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeResponse {
    pub challenge: String,
    #[serde(with = "serde_ksef")]
    pub timestamp: DateTime,
    /// Use this, not `timestamp`, for token encryption.
    pub timestamp_ms: i64,
    pub client_ip: String,
}

/// `POST /auth/xades-signature` and `/auth/ksef-token` → 202.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationInitResponse {
    pub reference_number: ReferenceNumber,
    pub authentication_token: TokenInfo,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationPolicy {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_ips: Option<ApiAllowedIps>,
}

/// `POST /auth/ksef-token` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InitTokenAuthenticationRequest {
    pub challenge: String,
    pub context_identifier: ApiContextIdentifier,
    /// Base64 of RSA-OAEP-SHA256(`token|timestampMs`).
    pub encrypted_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_policy: Option<AuthorizationPolicy>,
}

crate::ksef_enum! {
    /// Deprecated `authenticationMethod` (announced for removal; optional in answers).
    pub enum AuthenticationMethod {
        Token,
        TrustedProfile,
        InternalCertificate,
        QualifiedSignature,
        QualifiedSeal,
        PersonalSignature,
        PeppolSignature,
    }
}

crate::ksef_enum! {
    pub enum AuthenticationMethodCategory {
        XadesSignature,
        NationalNode,
        Token,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationMethodInfo {
    pub category: Extensible<AuthenticationMethodCategory>,
    pub code: String,
    pub display_name: String,
}

/// `GET /auth/{referenceNumber}` → 200.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationOperationStatusResponse {
    #[serde(with = "serde_ksef")]
    pub start_date: DateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_method: Option<Extensible<AuthenticationMethod>>,
    /// Required by the spec, yet missing from several of its own examples: tolerate that.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_method_info: Option<AuthenticationMethodInfo>,
    pub status: StatusInfo,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_token_redeemed: Option<bool>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_ksef::option"
    )]
    pub last_token_refresh_date: Option<DateTime>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "serde_ksef::option"
    )]
    pub refresh_token_valid_until: Option<DateTime>,
}

/// `POST /auth/token/redeem` → 200.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationTokensResponse {
    pub access_token: TokenInfo,
    pub refresh_token: TokenInfo,
}

/// `POST /auth/token/refresh` → 200.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationTokenRefreshResponse {
    pub access_token: TokenInfo,
}

/// One row of `GET /auth/sessions`: the operation's status plus its reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationListItem {
    pub reference_number: ReferenceNumber,
    #[serde(default)]
    pub is_current: bool,
    #[serde(flatten)]
    pub operation: AuthenticationOperationStatusResponse,
}

/// `GET /auth/sessions` → 200; page on with `continuationToken` in `x-continuation-token`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthenticationListResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continuation_token: Option<String>,
    pub items: Vec<AuthenticationListItem>,
}
