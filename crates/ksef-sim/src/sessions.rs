//! `/v2/auth/sessions`: the context's active sessions, paged by an opaque continuation token,
//! and ending a session (its refresh token stops working; access tokens live until `exp`).

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{delete, get};
use axum::{Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use ksef_core::api::auth::{AuthenticationListItem, AuthenticationListResponse};
use serde::Deserialize;

use crate::access::ClientIp;
use crate::auth::status_response;
use crate::errors::ApiError;
use crate::jwt::{bearer, TokenType};
use crate::state::Sim;

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/auth/sessions", get(list))
        .route("/auth/sessions/current", delete(end_current))
        .route("/auth/sessions/{reference}", delete(end_one))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageQuery {
    page_size: Option<String>,
}

/// `pageSize` within `min..=max` (default `min`), else 21405.
pub fn page_size(raw: Option<&str>, min: usize, max: usize) -> Result<usize, ApiError> {
    match raw {
        None => Ok(min),
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| {
                ApiError::validation(format!(
                    "pageSize: wartość musi mieścić się w zakresie {min}–{max}."
                ))
            }),
    }
}

/// The offset a continuation token carries; garbage → 21418.
pub fn continuation(headers: &HeaderMap) -> Result<usize, ApiError> {
    let Some(raw) = headers.get("x-continuation-token") else {
        return Ok(0);
    };
    raw.to_str()
        .ok()
        .and_then(|s| B64URL.decode(s.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("sim-offset:").and_then(|n| n.parse().ok()))
        .ok_or_else(|| ApiError::code(21418, []))
}

pub fn next_token(offset: usize, total: usize) -> Option<String> {
    (offset < total).then(|| B64URL.encode(format!("sim-offset:{offset}")))
}

async fn list(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(q): Query<PageQuery>,
    headers: HeaderMap,
) -> Result<Json<AuthenticationListResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let size = page_size(q.page_size.as_deref(), 10, 100)?;
    let offset = continuation(&headers)?;
    let now = sim.now();
    let state = sim.state();
    let mut sessions: Vec<_> = state
        .operations
        .values()
        .filter(|o| o.context == caller.op.context && o.redeemed && !o.revoked)
        .filter(|o| o.refresh_valid_until.is_some_and(|t| t > now))
        .collect();
    sessions.sort_by_key(|o| std::cmp::Reverse(o.started));
    let total = sessions.len();
    let items = sessions
        .into_iter()
        .skip(offset)
        .take(size)
        .map(|o| AuthenticationListItem {
            reference_number: o.reference.parse().expect("we generated it"),
            is_current: o.reference == caller.op.reference,
            operation: status_response(o, now),
        })
        .collect();
    Ok(Json(AuthenticationListResponse {
        continuation_token: next_token(offset + size, total),
        items,
    }))
}

/// `DELETE /auth/sessions/current` with an access or a refresh token.
async fn end_current(State(sim): State<Sim>, headers: HeaderMap) -> Result<StatusCode, ApiError> {
    let now = sim.now().unix_timestamp();
    let token = bearer(&headers)?;
    let claims = sim
        .jwt
        .check(token, TokenType::ContextToken, now)
        .or_else(|_| sim.jwt.check(token, TokenType::RefreshToken, now))?;
    revoke(&sim, &claims.operation)
}

async fn end_one(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let target = sim.operation(&reference)?;
    if target.context != caller.op.context {
        return Err(ApiError::code(21304, [format!("Operacja uwierzytelniania o numerze referencyjnym {reference} nie została znaleziona.")]));
    }
    revoke(&sim, &reference)
}

fn revoke(sim: &Sim, reference: &str) -> Result<StatusCode, ApiError> {
    let mut state = sim.state();
    let op = state
        .operations
        .get_mut(reference)
        .ok_or_else(|| ApiError::Unauthorized("Nieznana sesja.".into()))?;
    op.revoked = true;
    Ok(StatusCode::NO_CONTENT)
}
