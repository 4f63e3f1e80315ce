//! `POST /v2/auth/ksef-token`: body and challenge checked at once, `publicKeyId` against the
//! published keys (21470); decryption (RSA-OAEP SHA-256) and the token itself decide the
//! outcome the status shows later (450 with KSeF's details, in Polish since 2.6.1).

use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::api::auth::{
    AuthenticationMethod, AuthenticationMethodCategory, AuthenticationMethodInfo,
    InitTokenAuthenticationRequest,
};
use ksef_core::api::security::PublicKeyUsage;
use ksef_core::api::{SubjectIdentifier, SubjectIdentifierKind};
use ksef_core::context::ContextIdentifier;
use ksef_core::ip_policy::AllowedIps;
use ksef_core::ksef_token::KsefToken;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::auth::{accept, take_challenge};
use crate::errors::{ApiError, SystemWarning};
use crate::model::{status, AuthOperation};
use crate::state::{IssuedChallenge, Sim};

const BAD_TOKEN: &str = "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu";

/// Base64 that does not decode, or a plaintext that is not text.
const BAD_ENCODING: &str = "Nieprawidłowe kodowanie tokena";
/// A ciphertext no current token key decrypts.
const BAD_ENCRYPTION: &str = "Nieprawidłowe szyfrowanie tokena";

fn parse(body: &[u8]) -> Result<InitTokenAuthenticationRequest, ApiError> {
    let request: InitTokenAuthenticationRequest = crate::errors::json_body(body)?;
    request
        .challenge
        .parse::<ksef_core::ident::Challenge>()
        .map_err(|e| ApiError::validation(format!("challenge: {e}")))?;
    ContextIdentifier::try_from(&request.context_identifier)
        .map_err(|e| ApiError::validation(format!("contextIdentifier: {e}")))?;
    if let Some(ips) = request
        .authorization_policy
        .as_ref()
        .and_then(|p| p.allowed_ips.as_ref())
    {
        let list = |v: &Option<Vec<String>>| v.clone().unwrap_or_default();
        AllowedIps::parse(
            &list(&ips.ip4_addresses),
            &list(&ips.ip4_ranges),
            &list(&ips.ip4_masks),
        )
        .map_err(|e| ApiError::validation(format!("authorizationPolicy: {e}")))?;
    }
    Ok(request)
}

/// The private keys that may decrypt: the one named, or every current token key.
fn keys_for(sim: &Sim, id: Option<&str>) -> Result<Vec<rsa::RsaPrivateKey>, ApiError> {
    let keys = sim.keys();
    let token_keys = keys
        .iter()
        .filter(|k| k.usage == PublicKeyUsage::KsefTokenEncryption);
    match id {
        Some(id) => token_keys
            .filter(|k| k.public_key_id() == id)
            .map(|k| k.private.clone())
            .next()
            .map(|k| vec![k])
            .ok_or_else(|| {
                ApiError::code(
                    21470,
                    [format!("Klucz o identyfikatorze {id} nie jest wspierany.")],
                )
            }),
        None => Ok(token_keys.map(|k| k.private.clone()).collect()),
    }
}

/// Why the token does not log in, as the status detail; or the token's author.
fn check_token(
    sim: &Sim,
    keys: &[rsa::RsaPrivateKey],
    request: &InitTokenAuthenticationRequest,
    challenge: &IssuedChallenge,
) -> Result<(String, SubjectIdentifier), String> {
    let ciphertext = B64
        .decode(request.encrypted_token.trim())
        .map_err(|_| BAD_ENCODING)?;
    let plain = keys
        .iter()
        .find_map(|k| k.decrypt(rsa::Oaep::new::<Sha256>(), &ciphertext).ok())
        .ok_or(BAD_ENCRYPTION)?;
    let plain = String::from_utf8(plain).map_err(|_| BAD_ENCODING)?;
    let (token, ms) = plain.rsplit_once('|').ok_or("Nieprawidłowy token")?;
    let ms: i64 = ms.parse().map_err(|_| "Nieprawidłowy czas tokena")?;
    let now = sim.now();
    let mut state = sim.state();
    if ms != challenge.timestamp_ms {
        let other = state.challenges.values().any(|c| c.timestamp_ms == ms);
        return Err(if other {
            "Nieprawidłowe wyzwanie autoryzacyjne"
        } else {
            "Nieprawidłowy czas tokena"
        }
        .into());
    }
    let token: KsefToken = token.parse().map_err(|_| "Nieprawidłowy token")?;
    let record = state
        .tokens
        .get_mut(token.reference().as_str())
        .ok_or("Nieprawidłowy token")?;
    let hash: [u8; 32] = Sha256::digest(token.secret_part().as_bytes()).into();
    if !bool::from(hash.ct_eq(&record.secret_hash)) {
        return Err("Nieprawidłowy token".into());
    }
    if record.context != request.context_identifier {
        return Err(format!(
            "Token nie może być użyty w kontekście {}",
            request.context_identifier.value
        ));
    }
    use ksef_core::api::tokens::TokenStatus::*;
    match record.status(now) {
        Pending | Failed => return Err("Token nieaktywny".into()),
        Revoking | Revoked => return Err("Token unieważniony".into()),
        Active => {}
    }
    record.last_use = Some(now);
    Ok((record.reference.clone(), record.author.clone()))
}

pub async fn submit(State(sim): State<Sim>, body: Bytes) -> Result<Response, ApiError> {
    let request = parse(&body)?;
    let now = sim.now();
    let require_id = sim.state().config.require_public_key_id;
    if request.public_key_id.is_none() && require_id {
        return Err(ApiError::validation("publicKeyId: pole jest wymagane."));
    }
    let keys = keys_for(&sim, request.public_key_id.as_deref())?;
    let challenge = take_challenge(&mut sim.state(), &request.challenge, now)?;
    let context = request.context_identifier.clone();
    let checked = check_token(&sim, &keys, &request, &challenge);
    let unknown = || SubjectIdentifier {
        kind: SubjectIdentifierKind::Nip,
        value: context.value.clone(),
    };
    let (via, subject, permissions, outcome) = match checked {
        Ok((reference, author)) => {
            let state = sim.state();
            let mut held = crate::access::permissions(&state, &author, &context);
            let granted = &state.tokens[&reference].permissions;
            held.retain(|p| granted.contains(p));
            (
                Some(reference),
                author,
                held,
                status(200, "Uwierzytelnianie zakończone sukcesem", None),
            )
        }
        Err(detail) => (
            None,
            unknown(),
            Default::default(),
            status(450, BAD_TOKEN, Some(&detail)),
        ),
    };
    let op = AuthOperation {
        reference: sim.reference("AU").to_string(),
        started: now,
        ready_at: now,
        method: AuthenticationMethod::Token,
        method_info: AuthenticationMethodInfo {
            category: AuthenticationMethodCategory::Token.into(),
            code: "token.ksef".into(),
            display_name: "Token KSeF".into(),
        },
        outcome,
        context,
        subject,
        permissions,
        allowed_ips: request.authorization_policy.and_then(|p| p.allowed_ips),
        redeemed: false,
        revoked: false,
        last_refresh: None,
        refresh_valid_until: None,
        via_token: Some(via.unwrap_or_default()),
        enrollment_data: None,
        document_sha256: None,
    };
    let mut response = accept(&sim, op).into_response();
    if request.public_key_id.is_none() {
        response.extensions_mut().insert(SystemWarning(
            "Brak publicKeyId: podaj identyfikator klucza użytego do zaszyfrowania tokena.".into(),
        ));
    }
    Ok(response)
}
