//! Consent to invoices with attachments (a ZAW-FA annex): `/testdata/attachment` gives it,
//! `/testdata/attachment/revoke` ends it (on `expectedEndDate`, or now), and
//! `GET /permissions/attachments/status` reads it for the current NIP.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use ksef_core::api::permissions::CheckAttachmentPermissionStatusResponse;
use ksef_core::api::testdata::{AttachmentRevokeRequest, NipRequest};
use ksef_core::permissions::Permission;

use super::model::AttachmentConsent;
use crate::access::ClientIp;
use crate::errors::{json_body_21405, ApiError};
use crate::state::Sim;

/// Ten digits, as the other test-data endpoints check a NIP.
fn nip(value: &str) -> Result<(), ApiError> {
    match value.len() == 10 && value.bytes().all(|b| b.is_ascii_digit()) {
        true => Ok(()),
        false => Err(ApiError::validation("nip: 10 cyfr.")),
    }
}

/// Consent to attachments (a ZAW-FA annex), read by `GET /permissions/attachments/status`.
pub async fn grant(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let r: NipRequest = json_body_21405(&body)?;
    nip(&r.nip)?;
    sim.state()
        .attachments
        .insert(r.nip, AttachmentConsent::default());
    Ok(StatusCode::OK)
}

/// `expectedEndDate` (`format: date`): the consent ends at that day's start (UTC).
fn end_date(text: &str) -> Option<ksef_core::datetime::DateTime> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = time::Date::parse(text, format).ok()?;
    Some(day.midnight().assume_utc())
}

/// Ends the consent on `expectedEndDate`, or now.
pub async fn revoke(State(sim): State<Sim>, body: Bytes) -> Result<StatusCode, ApiError> {
    let r: AttachmentRevokeRequest = json_body_21405(&body)?;
    nip(&r.nip)?;
    let end = match r.expected_end_date.as_deref() {
        None => sim.now(),
        Some(d) => end_date(d)
            .ok_or_else(|| ApiError::validation("expectedEndDate: oczekiwano daty RRRR-MM-DD."))?,
    };
    let mut state = sim.state();
    let consent = state.attachments.entry(r.nip).or_default();
    consent.revoked = Some(end);
    Ok(StatusCode::OK)
}

/// `GET /permissions/attachments/status` of the current NIP.
pub async fn status(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<Json<CheckAttachmentPermissionStatusResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[Permission::CredentialsManage, Permission::CredentialsRead])?;
    let now = sim.now();
    let state = sim.state();
    let consent = state.attachments.get(&caller.op.context.value);
    let revoked = consent.and_then(|c| c.revoked);
    Ok(Json(CheckAttachmentPermissionStatusResponse {
        is_attachment_allowed: Some(consent.is_some() && revoked.is_none_or(|at| at > now)),
        revoked_date: revoked,
    }))
}
