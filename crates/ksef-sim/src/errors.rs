//! KSeF error bodies. So far only the 404 for unknown paths (Problem Details, as KSeF's gateway).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ksef_core::datetime::format_ksef;
use rand::RngCore;
use serde_json::json;
use time::OffsetDateTime;

/// A W3C traceparent-like id, as KSeF's `serviceCode`/`traceId`.
fn trace_id() -> String {
    let mut b = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut b);
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("00-{}-{}-00", &hex[..32], &hex[32..])
}

/// Unknown paths: Problem Details 404, like the real API's gateway.
pub async fn not_found() -> Response {
    let body = json!({
        "title": "Not Found",
        "status": 404,
        "detail": "Nie znaleziono zasobu.",
        "timestamp": format_ksef(OffsetDateTime::now_utc()),
        "traceId": trace_id(),
    });
    (
        StatusCode::NOT_FOUND,
        [("content-type", "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}
