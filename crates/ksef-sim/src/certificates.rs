//! `/v2/certificates/*`: limits, enrollment data, enrollment (CSR checks, asynchronous issuance
//! by the simulator's CA), enrollment status, retrieve, query and revoke. Everything concerns
//! the authenticated subject, whatever the login context.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::api::certificates::*;
use ksef_core::api::SubjectIdentifier;
use ksef_core::cert_subject::matches_enrollment_data;
use ksef_core::datetime::DateTime;
use serde::Deserialize;

use crate::access::{Caller, ClientIp};
use crate::errors::ApiError;
use crate::future;
use crate::model::{status, Enrollment, IssuedCertificate};
use crate::state::{Sim, State as SimState};

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/certificates/limits", get(limits))
        .route("/certificates/enrollments/data", get(data))
        .route("/certificates/enrollments", post(enroll))
        .route(
            "/certificates/enrollments/{reference}",
            get(enrollment_status),
        )
        .route("/certificates/retrieve", post(retrieve))
        .route("/certificates/query", post(query))
        .route("/certificates/{serial}/revoke", post(revoke))
}

const ENROLLMENT_RETENTION: time::Duration = time::Duration::days(30);

/// (enrollments made, certificates active) of a subject now.
fn usage(state: &SimState, subject: &SubjectIdentifier, now: DateTime) -> (u32, u32) {
    let enrollments = state
        .enrollments
        .values()
        .filter(|e| &e.subject == subject)
        .count();
    let active = mine(state, subject, now)
        .filter(|c| c.status(now) == CertificateStatus::Active)
        .count();
    (enrollments as u32, active as u32)
}

/// The subject's certificates that have been issued by now.
fn mine<'a>(
    state: &'a SimState,
    subject: &'a SubjectIdentifier,
    now: DateTime,
) -> impl Iterator<Item = &'a IssuedCertificate> {
    state
        .certificates
        .values()
        .filter(move |c| &c.subject == subject && c.issued_at <= now)
}

async fn limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Json<CertificateLimitsResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let state = sim.state();
    let (max_enrollments, max_active) = state.limits(caller.op.subject.kind);
    let (made, active) = usage(&state, &caller.op.subject, sim.now());
    let limit = |limit: u32, used: u32| CertificateLimit {
        limit: limit as i32,
        remaining: limit.saturating_sub(used) as i32,
    };
    Ok(Json(CertificateLimitsResponse {
        can_request: made < max_enrollments && active < max_active,
        enrollment: limit(max_enrollments, made),
        certificate: limit(max_active, active),
    }))
}

fn signature_data(
    caller: &Caller,
    code: i32,
) -> Result<CertificateEnrollmentDataResponse, ApiError> {
    caller
        .op
        .enrollment_data
        .clone()
        .filter(|_| caller.op.is_xades())
        .ok_or_else(|| {
            ApiError::code(
                code,
                ["Dostępne tylko po uwierzytelnieniu podpisem (XAdES).".into()],
            )
        })
}

async fn data(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Json<CertificateEnrollmentDataResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    Ok(Json(signature_data(&caller, 25001)?))
}

fn check_name(name: &str) -> Result<(), ApiError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_- ąćęłńóśźżĄĆĘŁŃÓŚŹŻ".contains(c);
    let len = name.chars().count();
    if (5..=100).contains(&len) && name.chars().all(allowed) {
        return Ok(());
    }
    Err(ApiError::validation(
        "certificateName: 5–100 znaków: litery (także polskie), cyfry, spacja, _ i -.",
    ))
}

async fn enroll(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<EnrollCertificateResponse>), ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let data = signature_data(&caller, 25002)?;
    let request: EnrollCertificateRequest = crate::errors::json_body(&body)?;
    check_name(&request.certificate_name)?;
    let csr = crate::csr_check::check(&request.csr)?;
    if !matches_enrollment_data(&csr.subject, &data) {
        return Err(ApiError::code(
            25003,
            [
                "Podmiot CSR musi zawierać dokładnie dane z GET /certificates/enrollments/data."
                    .into(),
            ],
        ));
    }
    let now = sim.now();
    let subject = caller.op.subject.clone();
    let mut state = sim.state();
    let (max_enrollments, max_active) = state.limits(subject.kind);
    let (made, active) = usage(&state, &subject, now);
    if made >= max_enrollments {
        return Err(ApiError::code(
            25006,
            [format!("Limit: {max_enrollments}.")],
        ));
    }
    if active >= max_active {
        return Err(ApiError::code(25007, [format!("Limit: {max_active}.")]));
    }
    let ready_at = now + time::Duration::milliseconds(state.config.enrollment_delay_ms);
    let spki_der =
        der::Encode::to_der(&csr.spki).map_err(|e| ApiError::code(25004, [e.to_string()]))?;
    let taken = state.certificates.values().any(|c| {
        c.subject != subject
            && ksef_core::certificate::Certificate::from_der(&c.der)
                .is_ok_and(|x| x.public_key_der() == spki_der)
    });
    let outcome = if let Some(detail) = state.config.force_enrollment_failure.clone() {
        Err(detail)
    } else if taken {
        Err("Klucz publiczny został już certyfikowany przez inny podmiot.".to_string())
    } else {
        let name = ksef_core::csr::subject_name(&data)
            .map_err(|e| ApiError::code(25003, [e.to_string()]))?;
        let valid_from = request.valid_from.unwrap_or(now);
        let (serial, der) = sim
            .ca
            .issue(csr.spki, name, request.certificate_type, valid_from)
            .map_err(|e| ApiError::code(25004, [e]))?;
        state.certificates.insert(
            serial.clone(),
            IssuedCertificate {
                serial: serial.clone(),
                der,
                name: request.certificate_name.clone(),
                kind: request.certificate_type,
                subject: subject.clone(),
                common_name: data.common_name.clone(),
                valid_from,
                valid_to: valid_from + time::Duration::days(730),
                request_date: now,
                revoked_at: None,
                last_use: None,
                issued_at: ready_at,
            },
        );
        Ok(serial)
    };
    let reference = sim.reference("EH").to_string();
    state.enrollments.insert(
        reference.clone(),
        Enrollment {
            reference: reference.clone(),
            request_date: now,
            ready_at,
            subject,
            outcome,
        },
    );
    Ok((
        StatusCode::ACCEPTED,
        Json(EnrollCertificateResponse {
            reference_number: reference.parse().expect("ours"),
            timestamp: now,
        }),
    ))
}

async fn enrollment_status(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Json<CertificateEnrollmentStatusResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let now = sim.now();
    let e = sim
        .state()
        .enrollments
        .get(&reference)
        .filter(|e| e.subject == caller.op.subject)
        .cloned()
        .ok_or_else(|| ApiError::code(25005, [reference.clone()]))?;
    if now > e.request_date + ENROLLMENT_RETENTION {
        return Err(ApiError::Gone(format!(
            "Status wniosku {reference} jest przechowywany 30 dni."
        )));
    }
    let (status, serial) = match (&e.outcome, now < e.ready_at) {
        (_, true) => (status(100, "Wniosek przyjęty do realizacji", None), None),
        (Ok(serial), false) => (
            status(200, "Wniosek obsłużony (certyfikat wygenerowany)", None),
            Some(serial),
        ),
        (Err(detail), false) => (status(400, "Wniosek odrzucony", Some(detail)), None),
    };
    Ok(Json(CertificateEnrollmentStatusResponse {
        request_date: e.request_date,
        status,
        certificate_serial_number: serial.map(|s| s.parse().expect("16 hex digits")),
    }))
}

async fn retrieve(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<RetrieveCertificatesResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let request: RetrieveCertificatesRequest = crate::errors::json_body(&body)?;
    let n = request.certificate_serial_numbers.len();
    if !(1..=10).contains(&n) {
        return Err(ApiError::validation(
            "certificateSerialNumbers: od 1 do 10 numerów.",
        ));
    }
    let now = sim.now();
    let state = sim.state();
    let future = state.config.future_values;
    let certificates = mine(&state, &caller.op.subject, now)
        .filter(|c| {
            request
                .certificate_serial_numbers
                .iter()
                .any(|s| s.as_str() == c.serial)
        })
        .map(|c| RetrieveCertificatesListItem {
            certificate: B64.encode(&c.der),
            certificate_name: c.name.clone(),
            certificate_serial_number: c.serial.parse().expect("ours"),
            certificate_type: future::kind(c.kind, future),
        })
        .collect();
    Ok(Json(RetrieveCertificatesResponse { certificates }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Paging {
    page_size: Option<String>,
    page_offset: Option<String>,
}

async fn query(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<QueryCertificatesResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let filter: QueryCertificatesRequest = if body.is_empty() {
        QueryCertificatesRequest::default()
    } else {
        crate::errors::json_body(&body)?
    };
    let size = crate::sessions::page_size(paging.page_size.as_deref(), 10, 50)?;
    let offset: usize = match paging.page_offset.as_deref() {
        None => 0,
        Some(s) => s
            .parse()
            .map_err(|_| ApiError::validation("pageOffset: liczba ≥ 0."))?,
    };
    let now = sim.now();
    let state = sim.state();
    let future = state.config.future_values;
    let mut found: Vec<&IssuedCertificate> = mine(&state, &caller.op.subject, now)
        .filter(|c| {
            filter
                .certificate_serial_number
                .as_ref()
                .is_none_or(|s| s.as_str() == c.serial)
        })
        .filter(|c| {
            filter
                .name
                .as_ref()
                .is_none_or(|n| c.name.to_lowercase().contains(&n.to_lowercase()))
        })
        .filter(|c| filter.kind.is_none_or(|k| k == c.kind))
        .filter(|c| filter.status.is_none_or(|s| s == c.status(now)))
        .filter(|c| filter.expires_after.is_none_or(|t| c.valid_to > t))
        .collect();
    found.sort_by(|a, b| {
        b.request_date
            .cmp(&a.request_date)
            .then(b.serial.cmp(&a.serial))
    });
    let has_more = found.len() > (offset + 1) * size;
    let certificates = found
        .into_iter()
        .skip(offset * size)
        .take(size)
        .map(|c| CertificateListItem {
            certificate_serial_number: c.serial.parse().expect("ours"),
            name: c.name.clone(),
            kind: future::kind(c.kind, future),
            common_name: c.common_name.clone(),
            status: future::status(c.status(now), future),
            subject_identifier: c.subject.clone(),
            valid_from: c.valid_from,
            valid_to: c.valid_to,
            last_use_date: c.last_use,
            request_date: c.request_date,
        })
        .collect();
    Ok(Json(QueryCertificatesResponse {
        certificates,
        has_more,
    }))
}

async fn revoke(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Path(serial): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_signature_login()?;
    if !body.is_empty() {
        crate::errors::json_body::<RevokeCertificateRequest>(&body)?;
    }
    let now = sim.now();
    let mut state = sim.state();
    let cert = state
        .certificates
        .get_mut(&serial)
        .filter(|c| c.subject == caller.op.subject && c.issued_at <= now)
        .ok_or_else(|| ApiError::code(25008, [serial.clone()]))?;
    if cert.status(now) != CertificateStatus::Active {
        return Err(ApiError::code(25009, [serial.clone()]));
    }
    cert.revoked_at = Some(now);
    Ok(StatusCode::NO_CONTENT)
}
