//! The simulator's JWTs (HS256 with a key made at start): authentication, access and refresh
//! tokens. `exp` equals the `validUntil` the API returns; clients must treat tokens as opaque.
//! They name no permissions: a client learns its own from `POST /permissions/query/personal/grants`.

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::errors::ApiError;

/// What a bearer token is good for (the names are KSeF's `token-type` claim values).
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenType {
    /// `authenticationToken`: status and redeem of one operation.
    OperationToken,
    /// `accessToken`: protected calls.
    ContextToken,
    /// `refreshToken`: new access tokens.
    RefreshToken,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    #[serde(rename = "token-type")]
    pub token_type: TokenType,
    /// The authentication operation the token belongs to.
    #[serde(rename = "operation-reference-number")]
    pub operation: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

pub struct Keys {
    secret: [u8; 32],
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Keys {
    pub fn random() -> Keys {
        Keys::from_secret(rand::random())
    }

    pub fn from_secret(secret: [u8; 32]) -> Keys {
        Keys {
            secret,
            encoding: EncodingKey::from_secret(&secret),
            decoding: DecodingKey::from_secret(&secret),
        }
    }

    pub fn secret(&self) -> [u8; 32] {
        self.secret
    }

    pub fn issue(&self, claims: &Claims) -> String {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding).expect("HS256 signs")
    }

    /// Verifies signature, type and expiry against the simulator clock (`now` in Unix seconds).
    pub fn check(&self, token: &str, expected: TokenType, now: i64) -> Result<Claims, ApiError> {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked below against the simulator's clock, which tests move.
        validation.validate_exp = false;
        validation.set_audience(&["ksef-api-ti"]);
        validation.set_required_spec_claims(&["exp"]);
        let claims = decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| unauthorized("Nieprawidłowy token uwierzytelniający."))?
            .claims;
        if claims.exp <= now {
            return Err(unauthorized("Token wygasł."));
        }
        if claims.token_type != expected {
            return Err(unauthorized(match expected {
                TokenType::OperationToken => {
                    "Wymagany jest token operacji uwierzytelniania (authenticationToken)."
                }
                TokenType::ContextToken => "Wymagany jest token dostępowy (accessToken).",
                TokenType::RefreshToken => "Wymagany jest refresh token.",
            }));
        }
        Ok(claims)
    }
}

pub fn unauthorized(detail: &str) -> ApiError {
    ApiError::Unauthorized(detail.into())
}

/// The bearer token of a request, if any.
pub fn bearer(headers: &axum::http::HeaderMap) -> Result<&str, ApiError> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            unauthorized("Brak tokena uwierzytelniającego (nagłówek Authorization: Bearer …).")
        })
}
