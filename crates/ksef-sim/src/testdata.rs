//! `/v2/testdata/*` (TEST only): entities, persons, permission grants, attachments, context
//! blocks, certificate and session limits, rate-limit overrides, and (2.9.0) shortening a KSeF
//! certificate's validity. All answer 200 with an empty body. Their 400 tables list 21405, not
//! 21001, so a body that is no JSON at all is a validation error here.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{post, put};
use axum::Router;
use ksef_core::api::limits::{EffectiveApiRateLimits, RateLimitGroup, SessionLimits};
use ksef_core::api::testdata::*;
use ksef_core::api::SubjectIdentifierKind;
use ksef_core::context::{ApiContextIdentifier, ContextIdentifier};
use ksef_core::permissions::Permission;
use serde::de::DeserializeOwned;

use crate::access::ClientIp;
use crate::errors::ApiError;
use crate::model::{permission_id, Entity, Grant, Person};
use crate::state::{context_key, Sim};

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/testdata/subject", post(subject))
        .route("/testdata/subject/remove", post(subject_remove))
        .route("/testdata/person", post(person))
        .route("/testdata/person/remove", post(person_remove))
        .route("/testdata/permissions", post(grant))
        .route("/testdata/permissions/revoke", post(revoke))
        .route(
            "/testdata/attachment",
            post(crate::permissions::attachments::grant),
        )
        .route(
            "/testdata/attachment/revoke",
            post(crate::permissions::attachments::revoke),
        )
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
        .route(
            "/testdata/limits/context/session",
            post(set_session_limits).delete(reset_session_limits),
        )
        .route("/testdata/certificates/{serial}", put(update_certificate))
}

fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    crate::errors::json_body_21405(body)
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
    let now = sim.now();
    let mut state = sim.state();
    if state.entities.iter().any(|e| e.nip == r.subject_nip) {
        return Err(exists());
    }
    state.entities.push(Entity {
        nip: r.subject_nip,
        kind: r.subject_type,
        subunits,
        description: r.description,
        created: now,
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
        created: sim.now(),
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
    let now = sim.now();
    let mut state = sim.state();
    let grants: Vec<Grant> = r
        .permissions
        .iter()
        .map(|p| {
            description(&p.description)?;
            // `TestDataPermissionType`: VatUeManage is granted otherwise (EU entities).
            if p.permission_type == Permission::VatUeManage {
                return Err(ApiError::validation(
                    "permissions.permissionType: VatUeManage nie jest dozwolone.",
                ));
            }
            Ok(Grant {
                context_nip: context_nip.clone(),
                authorized: r.authorized_identifier.clone(),
                permission: p.permission_type,
                id: permission_id(),
                description: p.description.clone(),
                granted: now,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    if grants
        .iter()
        .any(|g| state.grants.iter().any(|old| old.same_as(g)))
    {
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

fn block_key(body: &[u8]) -> Result<String, ApiError> {
    let r: ContextBlockRequest = json(body)?;
    let c = r
        .context_identifier
        .ok_or_else(|| ApiError::validation("contextIdentifier: pole wymagane."))?;
    ContextIdentifier::try_from(&c).map_err(|e| ApiError::validation(e.to_string()))?;
    Ok(context_key(&c))
}

async fn block(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let key = block_key(&body)?;
    sim.state().blocked_contexts.insert(key);
    Ok(StatusCode::OK)
}

async fn unblock(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let key = block_key(&body)?;
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

/// `POST /testdata/rate-limits`: the 13 groups of `ApiRateLimitsOverride` for the caller's
/// context (2.9.0 added `collectiveIdentifier`); the close, anonymous and global groups, and
/// any group the simulator does not know, keep their values.
async fn set_rate_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let r: SetRateLimitsRequest = json(&body)?;
    let missing = r.rate_limits.missing(RateLimitGroup::OVERRIDABLE);
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|g| g.as_str()).collect();
        return Err(ApiError::validation(format!(
            "rateLimits: brak wymaganych grup: {}.",
            names.join(", ")
        )));
    }
    let overrides: EffectiveApiRateLimits = RateLimitGroup::OVERRIDABLE
        .iter()
        .filter_map(|&g| Some((g, r.rate_limits.get(g)?)))
        .collect();
    sim.state()
        .rate
        .overrides
        .insert(context_key(&caller.op.context), overrides);
    Ok(StatusCode::OK)
}

async fn reset_rate_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    sim.state()
        .rate
        .overrides
        .remove(&context_key(&caller.op.context));
    Ok(StatusCode::OK)
}

async fn production_rate_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    sim.state().rate.overrides.insert(
        context_key(&caller.op.context),
        crate::rate_limit::PRD.clone(),
    );
    Ok(StatusCode::OK)
}

fn within(field: &str, value: i32, min: i32, max: i32) -> Result<(), ApiError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(ApiError::validation(format!(
            "{field}: wartość spoza zakresu {min}–{max}."
        )))
    }
}

fn session_limits_ok(part: &str, l: &SessionLimits) -> Result<(), ApiError> {
    within(
        &format!("{part}.maxInvoiceSizeInMB"),
        l.max_invoice_size_in_mb,
        0,
        5,
    )?;
    within(
        &format!("{part}.maxInvoiceWithAttachmentSizeInMB"),
        l.max_invoice_with_attachment_size_in_mb,
        0,
        10,
    )?;
    within(&format!("{part}.maxInvoices"), l.max_invoices, 0, 100_000)
}

/// `POST /testdata/limits/context/session`: all three parts are required since 2.9.0 (an old
/// body without `collectiveIdentifier` gets 21405), with the spec's ranges.
async fn set_session_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let r: SetSessionLimitsRequest = json(&body)?;
    session_limits_ok("onlineSession", &r.online_session)?;
    session_limits_ok("batchSession", &r.batch_session)?;
    within(
        "collectiveIdentifier.maxInvoices",
        r.collective_identifier.max_invoices,
        2,
        5000,
    )?;
    sim.state()
        .session_limits
        .insert(context_key(&caller.op.context), r);
    Ok(StatusCode::OK)
}

async fn reset_session_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    sim.state()
        .session_limits
        .remove(&context_key(&caller.op.context));
    Ok(StatusCode::OK)
}

/// `PUT /testdata/certificates/{serialNumber}` `{validTo}`: moves the end of validity of one of
/// the caller's KSeF certificates earlier (never later), e.g. into the past to make it
/// `Expired`. An unknown serial, another subject's certificate or a later date → 25008, the only
/// certificate error the endpoint documents.
async fn update_certificate(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Path(serial): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let serial_ok = serial.len() == 16
        && serial
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
    if !serial_ok {
        return Err(ApiError::validation(
            "serialNumber: 16 cyfr szesnastkowych (0-9, A-F).",
        ));
    }
    let r: UpdateCertificateRequest = json(&body)?;
    let now = sim.now();
    let mut state = sim.state();
    let cert = state
        .certificates
        .get_mut(&serial)
        .filter(|c| c.subject == caller.op.subject && c.issued_at <= now)
        .ok_or_else(|| ApiError::code(25008, [serial.clone()]))?;
    if r.valid_to > cert.valid_to {
        return Err(ApiError::code(
            25008,
            [format!(
                "validTo ({}) nie może być późniejsza niż obecna data ważności ({}).",
                ksef_core::datetime::format_ksef(r.valid_to),
                ksef_core::datetime::format_ksef(cert.valid_to)
            )],
        ));
    }
    cert.valid_to = r.valid_to;
    Ok(StatusCode::OK)
}
