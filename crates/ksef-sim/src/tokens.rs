//! `/v2/tokens`: generate (secret shown once, only a hash kept), list with filters and paging,
//! status, revoke (`Revoking` → `Revoked`).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use ksef_core::api::tokens::{
    GenerateTokenRequest, GenerateTokenResponse, QueryTokensResponse, TokenStatus,
    TokenStatusResponse,
};
use ksef_core::context::ContextType;
use ksef_core::extensible::Extensible;
use ksef_core::permissions::Permission;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::access::{session_permissions, Caller, ClientIp};
use crate::errors::ApiError;
use crate::future;
use crate::model::TokenRecord;
use crate::sessions::{continuation, next_token, page_size};
use crate::state::Sim;

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/tokens", get(list).post(generate))
        .route("/tokens/{reference}", get(one).delete(revoke))
}

fn to_api(
    t: &TokenRecord,
    now: ksef_core::datetime::DateTime,
    future: bool,
) -> TokenStatusResponse {
    let status = t.status(now);
    let mut permissions: Vec<_> = t.permissions.iter().map(|&p| p.into()).collect();
    if future {
        permissions.push(Extensible::Unknown(future::PERMISSION.into()));
    }
    TokenStatusResponse {
        reference_number: t.reference.parse().expect("we generated it"),
        author_identifier: t.author.clone(),
        context_identifier: t.context.clone(),
        description: t.description.clone(),
        requested_permissions: permissions,
        date_created: t.created,
        last_use_date: t.last_use,
        status: if future {
            Extensible::Unknown(future::STATUS.into())
        } else {
            status.into()
        },
        status_details: (status == TokenStatus::Failed)
            .then(|| t.failed.clone().into_iter().collect()),
    }
}

async fn generate(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<GenerateTokenResponse>), ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let request: GenerateTokenRequest = crate::errors::json_body(&body)?;
    let len = request.description.chars().count();
    if !(5..=256).contains(&len) {
        return Err(ApiError::validation(
            "description: długość musi wynosić od 5 do 256 znaków.",
        ));
    }
    if request.permissions.is_empty() {
        return Err(ApiError::validation(
            "permissions: wybierz co najmniej jedno uprawnienie.",
        ));
    }
    // `TokenPermissionType` (2.9.0: with CollectiveIdentifierManage, without VatUeManage).
    if let Some(p) = request
        .permissions
        .iter()
        .find(|p| !Permission::TOKEN.contains(p))
    {
        return Err(ApiError::validation(format!(
            "permissions: {} nie jest uprawnieniem tokena.",
            p.as_str()
        )));
    }
    let context = caller.op.context.clone();
    if !matches!(context.kind, ContextType::Nip | ContextType::InternalId) {
        return Err(ApiError::code(
            26002,
            [format!(
                "Bieżący kontekst: {}; dozwolone: Nip, InternalId.",
                context.kind.as_str()
            )],
        ));
    }
    caller.require_signature_login()?;
    // What the creator holds now (grants revoked since the login no longer count).
    let held = session_permissions(&sim.state(), &caller.op);
    let missing: Vec<&str> = request
        .permissions
        .iter()
        .filter(|p| !held.contains(p))
        .map(|p| p.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::code(
            26001,
            [format!("Brakujące uprawnienia: {}.", missing.join(", "))],
        ));
    }
    let reference = sim.reference("EC").to_string();
    let mut secret = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut secret);
    let secret: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let prefix = match context.kind {
        ContextType::Nip => "nip",
        _ => "internalId",
    };
    let token = format!("{reference}|{prefix}-{}|{secret}", context.value);
    let now = sim.now();
    let mut state = sim.state();
    let mut permissions = request.permissions.clone();
    permissions.dedup();
    let record = TokenRecord {
        reference: reference.clone(),
        author: caller.op.subject.clone(),
        context,
        description: request.description,
        permissions,
        created: now,
        active_at: now + time::Duration::milliseconds(state.config.token_activation_ms),
        failed: state.config.force_token_failure.clone(),
        revoked_at: None,
        secret_hash: Sha256::digest(secret.as_bytes()).into(),
        last_use: None,
    };
    state.tokens.insert(reference.clone(), record);
    Ok((
        StatusCode::ACCEPTED,
        Json(GenerateTokenResponse {
            reference_number: reference.parse().expect("we generated it"),
            token,
        }),
    ))
}

/// Tokens the caller may see: all of the context with Credentials*, else its own.
fn visible(caller: &Caller, t: &TokenRecord) -> bool {
    if t.context != caller.op.context {
        return false;
    }
    if caller.has_any(&[Permission::CredentialsManage, Permission::CredentialsRead]) {
        return true;
    }
    match &caller.op.via_token {
        Some(own) => own == &t.reference,
        None => t.author == caller.op.subject,
    }
}

struct Filters {
    statuses: Vec<TokenStatus>,
    description: Option<String>,
    author: Option<String>,
    author_type: Option<String>,
    page_size: Option<String>,
}

fn filters(query: Option<&str>) -> Result<Filters, ApiError> {
    let mut f = Filters {
        statuses: vec![],
        description: None,
        author: None,
        author_type: None,
        page_size: None,
    };
    for (k, v) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let v = v.into_owned();
        let at_least_3 = |name: &str, v: String| {
            (v.chars().count() >= 3)
                .then_some(v)
                .ok_or_else(|| ApiError::validation(format!("{name}: podaj co najmniej 3 znaki.")))
        };
        match k.as_ref() {
            "status" => {
                f.statuses.push(TokenStatus::from_name(&v).ok_or_else(|| {
                    ApiError::validation(format!("status: nieznana wartość '{v}'."))
                })?)
            }
            "description" => f.description = Some(at_least_3("description", v)?.to_lowercase()),
            "authorIdentifier" => {
                f.author = Some(at_least_3("authorIdentifier", v)?.to_lowercase())
            }
            "authorIdentifierType" => f.author_type = Some(v),
            "pageSize" => f.page_size = Some(v),
            _ => {}
        }
    }
    Ok(f)
}

async fn list(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Json<QueryTokensResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let f = filters(query.as_deref())?;
    let size = page_size(f.page_size.as_deref(), 10, 100)?;
    let offset = continuation(&headers)?;
    let now = sim.now();
    let state = sim.state();
    let mut tokens: Vec<&TokenRecord> = state
        .tokens
        .values()
        .filter(|t| visible(&caller, t))
        .filter(|t| f.statuses.is_empty() || f.statuses.contains(&t.status(now)))
        .filter(|t| {
            f.description
                .as_ref()
                .is_none_or(|d| t.description.to_lowercase().contains(d))
        })
        .filter(|t| {
            f.author
                .as_ref()
                .is_none_or(|a| t.author.value.to_lowercase().contains(a))
        })
        .filter(|t| {
            f.author_type
                .as_ref()
                .is_none_or(|k| format!("{:?}", t.author.kind) == *k)
        })
        .collect();
    tokens.sort_by(|a, b| {
        b.created
            .cmp(&a.created)
            .then(b.reference.cmp(&a.reference))
    });
    let total = tokens.len();
    Ok(Json(QueryTokensResponse {
        continuation_token: next_token(offset + size, total),
        tokens: tokens
            .into_iter()
            .skip(offset)
            .take(size)
            .map(|t| to_api(t, now, state.config.future_values))
            .collect(),
    }))
}

fn find(sim: &Sim, caller: &Caller, reference: &str) -> Result<TokenRecord, ApiError> {
    sim.state()
        .tokens
        .get(reference)
        .filter(|t| visible(caller, t))
        .cloned()
        .ok_or_else(|| {
            ApiError::validation(format!(
                "Token o numerze referencyjnym {reference} nie istnieje."
            ))
        })
}

async fn one(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Json<TokenStatusResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let future = sim.state().config.future_values;
    Ok(Json(to_api(
        &find(&sim, &caller, &reference)?,
        sim.now(),
        future,
    )))
}

/// With CredentialsManage any token of the context; else only one's own (or the one used to log in).
async fn revoke(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let token = find(&sim, &caller, &reference)?;
    let own = match &caller.op.via_token {
        Some(used) => used == &token.reference,
        None => token.author == caller.op.subject,
    };
    if !own && !caller.has_any(&[Permission::CredentialsManage]) {
        return Err(ApiError::Forbidden {
            reason_code: "insufficient-resource-access",
            detail:
                "Możesz unieważnić tylko własne tokeny (albo mając uprawnienie CredentialsManage)."
                    .into(),
            security: None,
        });
    }
    let now = sim.now();
    if matches!(
        token.status(now),
        TokenStatus::Revoking | TokenStatus::Revoked
    ) {
        return Err(ApiError::validation(format!(
            "Token {reference} jest już unieważniony."
        )));
    }
    if let Some(t) = sim.state().tokens.get_mut(&reference) {
        t.revoked_at = Some(now);
    }
    Ok(StatusCode::NO_CONTENT)
}
