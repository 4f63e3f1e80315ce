//! `GET /v2/limits/subject`, `GET /v2/limits/context` and `GET /v2/rate-limits`: the values the
//! simulator enforces or, for invoice sessions it does not model, keeps for the context.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use ksef_core::api::limits::{
    CertificateCountLimits, EffectiveApiRateLimits, EffectiveContextLimits, EffectiveSubjectLimits,
    EnrollmentLimits,
};

use crate::access::ClientIp;
use crate::errors::ApiError;
use crate::state::{context_key, Sim};

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/limits/subject", get(subject))
        .route("/limits/context", get(context))
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

/// Session and collective-identifier limits of the caller's context: KSeF's defaults unless
/// `/testdata/limits/context/session` changed them.
async fn context(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Json<EffectiveContextLimits>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let key = context_key(&caller.op.context);
    let limits = sim.state().session_limits.get(&key).copied();
    Ok(Json(limits.unwrap_or(EffectiveContextLimits::DEFAULT)))
}

/// All 17 groups of 2.9.0, with the context's `/testdata/rate-limits` overrides.
async fn rate_limits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Json<EffectiveApiRateLimits>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let key = context_key(&caller.op.context);
    Ok(Json(sim.state().rate.effective(Some(&key))))
}
