//! `/v2/testdata/*` (TEST only): entities, persons, permission grants, attachments, context
//! blocks, certificate limits and rate-limit overrides. All answer 200 with an empty body.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use ksef_core::api::limits::EffectiveApiRateLimits;
use ksef_core::api::testdata::*;
use ksef_core::api::SubjectIdentifierKind;
use ksef_core::context::{ApiContextIdentifier, ContextIdentifier};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::access::ClientIp;
use crate::errors::ApiError;
use crate::model::{Entity, Grant, Person};
use crate::state::Sim;

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/testdata/subject", post(subject))
        .route("/testdata/subject/remove", post(subject_remove))
        .route("/testdata/person", post(person))
        .route("/testdata/person/remove", post(person_remove))
        .route("/testdata/permissions", post(grant))
        .route("/testdata/permissions/revoke", post(revoke))
        .route("/testdata/attachment", post(attachment))
        .route("/testdata/attachment/revoke", post(attachment_revoke))
        .route("/testdata/context/block", post(block))
        .route("/testdata/context/unblock", post(unblock))
        .route(
            "/testdata/limits/subject/certificate",
            post(set_limits).delete(reset_limits),
        )
        .route(
            "/testdata/rate-limits",
            post(set_rate_limits).delete(reset_rate_limits),
        )
        .route(
            "/testdata/rate-limits/production",
            post(production_rate_limits),
        )
}

fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::validation(e.to_string()))
}

fn digits(field: &str, value: &str, len: usize) -> Result<(), ApiError> {
    if value.len() == len && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "{field}: oczekiwano {len} cyfr."
        )))
    }
}

fn description(value: &str) -> Result<(), ApiError> {
    if (5..=256).contains(&value.chars().count()) {
        Ok(())
    } else {
        Err(ApiError::validation("description: od 5 do 256 znaków."))
    }
}

fn exists() -> ApiError {
    ApiError::code(30001, [])
}

async fn subject(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let r: SubjectCreateRequest = json(&body)?;
    digits("subjectNip", &r.subject_nip, 10)?;
    description(&r.description)?;
    let subunits: Vec<String> = r
        .subunits
        .unwrap_or_default()
        .into_iter()
        .map(|s| s.subject_nip)
        .collect();
    for s in &subunits {
        digits("subunits.subjectNip", s, 10)?;
    }
    let mut state = sim.state();
    if state.entities.iter().any(|e| e.nip == r.subject_nip) {
        return Err(exists());
    }
    state.entities.push(Entity {
        nip: r.subject_nip,
        kind: r.subject_type,
        subunits,
    });
    Ok(StatusCode::OK)
}

async fn subject_remove(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let r: SubjectRemoveRequest = json(&body)?;
    digits("subjectNip", &r.subject_nip, 10)?;
    sim.state().entities.retain(|e| e.nip != r.subject_nip);
    Ok(StatusCode::OK)
}

async fn person(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let r: PersonCreateRequest = json(&body)?;
    digits("nip", &r.nip, 10)?;
    digits("pesel", &r.pesel, 11)?;
    description(&r.description)?;
    let mut state = sim.state();
    if state
        .persons
        .iter()
        .any(|p| p.nip == r.nip || p.pesel == r.pesel)
    {
        return Err(exists());
    }
    state.persons.push(Person {
        nip: r.nip,
        pesel: r.pesel,
        bailiff: r.is_bailiff,
        deceased: r.is_deceased.unwrap_or(false),
    });
    Ok(StatusCode::OK)
}

async fn person_remove(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let r: NipRequest = json(&body)?;
    digits("nip", &r.nip, 10)?;
    sim.state().persons.retain(|p| p.nip != r.nip);
    Ok(StatusCode::OK)
}

fn nip_context(c: &ApiContextIdentifier) -> Result<String, ApiError> {
    if c.kind != ksef_core::context::ContextType::Nip {
        return Err(ApiError::validation(
            "contextIdentifier.type: dozwolony tylko Nip.",
        ));
    }
    digits("contextIdentifier.value", &c.value, 10)?;
    Ok(c.value.clone())
}

fn authorized_ok(a: &ksef_core::api::SubjectIdentifier) -> Result<(), ApiError> {
    match a.kind {
        SubjectIdentifierKind::Nip => digits("authorizedIdentifier.value", &a.value, 10),
        SubjectIdentifierKind::Pesel => digits("authorizedIdentifier.value", &a.value, 11),
        SubjectIdentifierKind::Fingerprint if (10..=64).contains(&a.value.len()) => Ok(()),
        SubjectIdentifierKind::Fingerprint => Err(ApiError::validation(
            "authorizedIdentifier.value: 10–64 znaki.",
        )),
    }
}

async fn grant(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let r: PermissionsGrantRequest = json(&body)?;
    let context_nip = nip_context(&r.context_identifier)?;
    authorized_ok(&r.authorized_identifier)?;
    if r.permissions.is_empty() {
        return Err(ApiError::validation("permissions: co najmniej jedno."));
    }
    let mut state = sim.state();
    let grants: Vec<Grant> = r
        .permissions
        .iter()
        .map(|p| {
            description(&p.description)?;
            Ok(Grant {
                context_nip: context_nip.clone(),
                authorized: r.authorized_identifier.clone(),
                permission: p.permission_type,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    if grants.iter().any(|g| state.grants.contains(g)) {
        return Err(exists());
    }
    state.grants.extend(grants);
    Ok(StatusCode::OK)
}

async fn revoke(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let r: PermissionsRevokeRequest = json(&body)?;
    let context_nip = nip_context(&r.context_identifier)?;
    authorized_ok(&r.authorized_identifier)?;
    sim.state()
        .grants
        .retain(|g| !(g.context_nip == context_nip && g.authorized == r.authorized_identifier));
    Ok(StatusCode::OK)
}

/// Attachments (ZAW-FA annexes) change nothing the simulator models; the body is still checked.
async fn attachment(body: Bytes) -> Result<StatusCode, ApiError> {
    let r: NipRequest = json(&body)?;
    digits("nip", &r.nip, 10)?;
    Ok(StatusCode::OK)
}

async fn attachment_revoke(body: Bytes) -> Result<StatusCode, ApiError> {
    let r: AttachmentRevokeRequest = json(&body)?;
    digits("nip", &r.nip, 10)?;
    Ok(StatusCode::OK)
}

fn context_key(body: &[u8]) -> Result<String, ApiError> {
    let r: ContextBlockRequest = json(body)?;
    let c = r
        .context_identifier
        .ok_or_else(|| ApiError::validation("contextIdentifier: pole wymagane."))?;
    ContextIdentifier::try_from(&c).map_err(|e| ApiError::validation(e.to_string()))?;
    Ok(format!("{:?}:{}", c.kind, c.value))
}

async fn block(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let key = context_key(&body)?;
    sim.state().blocked_contexts.insert(key);
    Ok(StatusCode::OK)
}

async fn unblock(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let key = context_key(&body)?;
    sim.state().blocked_contexts.remove(&key);
    Ok(StatusCode::OK)
}

async fn set_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let r: SetSubjectLimitsRequest = json(&body)?;
    let kind = r.subject_identifier_type.unwrap_or(caller.op.subject.kind);
    let enrollments = r
        .enrollment
        .and_then(|e| e.max_enrollments)
        .map(|n| n.max(0) as u32);
    let certificates = r
        .certificate
        .and_then(|c| c.max_certificates)
        .map(|n| n.max(0) as u32);
    sim.state()
        .limit_overrides
        .insert(format!("{kind:?}"), (enrollments, certificates));
    Ok(StatusCode::OK)
}

async fn reset_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    sim.caller(&headers, &ip)?;
    sim.state().limit_overrides.clear();
    Ok(StatusCode::OK)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RateLimitsBody {
    rate_limits: EffectiveApiRateLimits,
}

async fn set_rate_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    sim.caller(&headers, &ip)?;
    let r: RateLimitsBody = json(&body)?;
    sim.state().rate.overrides = Some(r.rate_limits);
    Ok(StatusCode::OK)
}

async fn reset_rate_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    sim.caller(&headers, &ip)?;
    sim.state().rate.overrides = None;
    Ok(StatusCode::OK)
}

async fn production_rate_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    sim.caller(&headers, &ip)?;
    sim.state().rate.overrides = Some(crate::rate_limit::PRD);
    Ok(StatusCode::OK)
}
