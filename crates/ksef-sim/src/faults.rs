//! Forced faults on chosen endpoints, for tests of a client's error handling: what a broken
//! proxy, a crashing gateway, a hung server or KSeF's rate limiter would answer instead of the
//! API. Set with `POST /__sim/config` (`faults`, `timeoutHoldMs`, `retryAfterSeconds`), e.g.
//!
//! ```json
//! {"faults": [
//!   {"method": "POST", "path": "/v2/auth/challenge", "kind": "unreadable", "times": 1},
//!   {"path": "/v2/auth/*", "kind": "timeout", "holdMs": 5000},
//!   {"path": "/v2/tokens?status=Active", "kind": "tooMany", "retryAfterSeconds": 7}
//! ]}
//! ```
//!
//! The first fault matching a request is applied before routing (so before the handler, the
//! rate limits and the body checks) and one of its `times` is used up; the request itself then
//! has no effect on the simulator's state. A patch replaces the whole list; `/__sim/reset`
//! clears it. Paths under `/__sim` are never faulted, so a test can always undo its faults.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::errors::ApiError;
use crate::state::Sim;

/// One forced fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// `GET`, `POST`, … (any case); absent = every method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// The request path, e.g. `/v2/auth/challenge`; `*` stands for one whole segment
    /// (`/v2/auth/*` is the status poll `GET /v2/auth/{referenceNumber}`, but also
    /// `POST /v2/auth/challenge` and `GET /v2/auth/sessions`: list a more exact fault first, or
    /// name the `method`). Without `?` the query string is ignored; with `?` the query must be
    /// exactly the one given.
    pub path: String,
    pub kind: FaultKind,
    /// How many requests it hits, counting down (`GET /__sim/config` shows what is left) and
    /// gone from the list when spent; absent = every matching request until the list is
    /// replaced or the simulator reset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<u32>,
    /// `timeout` only: how long to hold, instead of the configuration's `timeoutHoldMs`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_ms: Option<u64>,
    /// `tooMany` only: `Retry-After`, instead of the configuration's `retryAfterSeconds`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FaultKind {
    /// 200 with an HTML page (`text/html`), as a misconfigured proxy or captive portal sends:
    /// a success status whose body is no JSON the client expects.
    Unreadable,
    /// 500 with a plain-text body, as a crashing gateway sends: no KSeF error JSON to read.
    ServerError,
    /// No answer for the hold time (an async sleep: other requests go on), then 504 in plain
    /// text as a gateway would; a relay or client with a shorter timeout gives up first.
    Timeout,
    /// 429 with `Retry-After` and KSeF's 429 body, rendered by the same code as the rate limits.
    TooMany,
}

/// The HTML a misconfigured proxy answers with, status 200.
pub const UNREADABLE_BODY: &str = "<!DOCTYPE html>\n<html><head><title>Proxy login</title></head>\n<body><h1>Sign in to continue</h1>\n<p>Your network requires you to sign in before you can browse.</p>\n</body></html>\n";
/// A crashing gateway's 500.
pub const SERVER_ERROR_BODY: &str = "Internal Server Error\n";
/// A gateway's 504, after a `timeout` fault's hold.
pub const TIMEOUT_BODY: &str = "Gateway Timeout\n";

/// Refuses patterns that could never match, so a typo fails the `/__sim/config` call instead
/// of silently leaving the endpoint working.
pub fn check(faults: &[Fault]) -> Result<(), String> {
    for f in faults {
        if !f.path.starts_with('/') {
            return Err(format!("fault path '{}' must start with '/'", f.path));
        }
        if f.path.starts_with("/__sim") {
            return Err(format!("fault path '{}': /__sim is never faulted", f.path));
        }
    }
    Ok(())
}

/// Whether `pattern` names this request (see [`Fault::path`]).
pub fn matches(pattern: &str, path: &str, query: Option<&str>) -> bool {
    let (pattern, wanted_query) = match pattern.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (pattern, None),
    };
    if wanted_query.is_some_and(|q| query.unwrap_or_default() != q) {
        return false;
    }
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some("*"), Some(s)) if !s.is_empty() => {}
            (Some(w), Some(s)) if w == s => {}
            _ => return false,
        }
    }
}

/// Takes the first fault matching the request off the configuration, one `times` at a time:
/// its kind, hold (ms) and `Retry-After` (s).
fn take(sim: &Sim, method: &str, path: &str, query: Option<&str>) -> Option<(FaultKind, u64, u64)> {
    let mut state = sim.state();
    let config = &mut state.config;
    // `times: 0` is already spent.
    let i = config.faults.iter().position(|f| {
        f.times != Some(0)
            && f.method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && matches(&f.path, path, query)
    })?;
    let f = &mut config.faults[i];
    let taken = (
        f.kind,
        f.hold_ms.unwrap_or(config.timeout_hold_ms),
        f.retry_after_seconds.unwrap_or(config.retry_after_seconds),
    );
    match f.times {
        Some(1) => {
            config.faults.remove(i);
        }
        Some(n) => f.times = Some(n - 1),
        None => {}
    }
    Some(taken)
}

/// Middleware over the whole router, inside the body reader and the error renderer (so a
/// `tooMany` body follows `X-Error-Format`, and keep-alive connections stay usable).
pub async fn apply(State(sim): State<Sim>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/__sim") {
        return next.run(req).await;
    }
    // `take` has released the lock: a held request must not stop any other.
    let Some((kind, hold_ms, retry_after)) =
        take(&sim, req.method().as_str(), path, req.uri().query())
    else {
        return next.run(req).await;
    };
    tracing::info!(path, ?kind, "forced fault");
    match kind {
        FaultKind::Unreadable => text(StatusCode::OK, "text/html; charset=utf-8", UNREADABLE_BODY),
        FaultKind::ServerError => text(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain; charset=utf-8",
            SERVER_ERROR_BODY,
        ),
        FaultKind::Timeout => {
            tokio::time::sleep(Duration::from_millis(hold_ms)).await;
            text(
                StatusCode::GATEWAY_TIMEOUT,
                "text/plain; charset=utf-8",
                TIMEOUT_BODY,
            )
        }
        FaultKind::TooMany => ApiError::TooMany { retry_after }.into_response(),
    }
}

fn text(status: StatusCode, content_type: &'static str, body: &'static str) -> Response {
    (status, [(CONTENT_TYPE, content_type)], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn star_is_one_segment_and_the_query_counts_only_when_named() {
        assert!(matches("/v2/auth/challenge", "/v2/auth/challenge", None));
        assert!(matches(
            "/v2/auth/challenge",
            "/v2/auth/challenge",
            Some("a=1")
        ));
        assert!(matches("/v2/auth/*", "/v2/auth/20250101-AU-1", None));
        assert!(!matches("/v2/auth/*", "/v2/auth/token/redeem", None));
        assert!(!matches("/v2/auth/*", "/v2/auth/", None));
        assert!(!matches("/v2/auth/*", "/v2/auth", None));
        assert!(matches("/v2/*/sessions", "/v2/auth/sessions", None));
        assert!(matches(
            "/v2/tokens?status=Active",
            "/v2/tokens",
            Some("status=Active")
        ));
        assert!(!matches("/v2/tokens?status=Active", "/v2/tokens", None));
        assert!(!matches(
            "/v2/tokens?status=Active",
            "/v2/tokens",
            Some("status=Revoked")
        ));
    }
}
