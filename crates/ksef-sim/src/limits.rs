//! `GET /v2/limits/subject` and `GET /v2/rate-limits`: the values the simulator enforces.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use ksef_core::api::limits::{
    CertificateCountLimits, EffectiveApiRateLimits, EffectiveSubjectLimits, EnrollmentLimits,
};

use crate::access::ClientIp;
use crate::errors::ApiError;
use crate::state::Sim;

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/limits/subject", get(subject))
        .route("/rate-limits", get(rate_limits))
}

async fn subject(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Json<EffectiveSubjectLimits>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let (enrollments, certificates) = sim.state().limits(caller.op.subject.kind);
    Ok(Json(EffectiveSubjectLimits {
        enrollment: Some(EnrollmentLimits {
            max_enrollments: Some(enrollments as i32),
        }),
        certificate: Some(CertificateCountLimits {
            max_certificates: Some(certificates as i32),
        }),
    }))
}

async fn rate_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Json<EffectiveApiRateLimits>, ApiError> {
    sim.caller(&headers, &ip)?;
    Ok(Json(
        sim.state().rate.overrides.unwrap_or(crate::rate_limit::PRD),
    ))
}
