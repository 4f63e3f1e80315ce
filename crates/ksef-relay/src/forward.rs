//! The forwarding handler: checks the request against the allowlist and relays it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use ksef_core::environment::Environment;
use serde_json::json;
use tokio::sync::Semaphore;

use crate::allowlist::{query_is_safe, route_for};
use crate::rate_limit::RateLimiter;
use crate::upstream::{UpstreamError, Upstreams};

/// Request headers passed to KSeF; everything else (cookies, Host, hop-by-hop) stays here.
/// Names, not strings: looking a header up by string parses the string every time.
const REQUEST_HEADERS: [HeaderName; 6] = [
    header::AUTHORIZATION,
    header::CONTENT_TYPE,
    header::ACCEPT,
    HeaderName::from_static("x-error-format"),
    HeaderName::from_static("x-continuation-token"),
    HeaderName::from_static("x-ksef-feature"),
];
/// Response headers passed back to the app.
const RESPONSE_HEADERS: [HeaderName; 4] = [
    header::CONTENT_TYPE,
    header::RETRY_AFTER,
    HeaderName::from_static("x-continuation-token"),
    HeaderName::from_static("x-system-warning"),
];

pub struct Forwarder {
    pub upstreams: Upstreams,
    pub body_limit: usize,
    pub body_timeout: Duration,
    pub permits: Arc<Semaphore>,
    pub permit_wait: Duration,
    pub limiter: Arc<RateLimiter>,
    pub forwarded_for: bool,
}

/// An error the relay itself produces, as Problem Details so the app reads it like KSeF's.
pub fn relay_error(status: StatusCode, code: &str, pl: &str, en: &str) -> Response {
    let body = json!({ "title": status.canonical_reason().unwrap_or(""), "status": status.as_u16(),
        "detail": format!("{pl} / {en}"), "code": code, "relay": true });
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

fn client_addr(req: &Request) -> Option<SocketAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
}

pub async fn forward(fw: Arc<Forwarder>, req: Request) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let (response, env, route) = handle(&fw, req).await;
    tracing::info!(
        method = %method,
        env = env.map(|e| e.segment()).unwrap_or("-"),
        route = route.unwrap_or("-"),
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_millis() as u64,
        "relay"
    );
    response
}

async fn handle(
    fw: &Forwarder,
    req: Request,
) -> (Response, Option<Environment>, Option<&'static str>) {
    let refuse = |code: &str| {
        relay_error(
            StatusCode::NOT_FOUND,
            code,
            "Relay nie przekazuje tego żądania",
            "The relay does not forward this request",
        )
    };
    // Absolute-form targets (`GET http://host/...`) are proxy requests: never.
    if req.uri().scheme().is_some() || req.uri().authority().is_some() {
        return (
            relay_error(
                StatusCode::BAD_REQUEST,
                "absolute-form",
                "Niedozwolony format żądania",
                "Request form not allowed",
            ),
            None,
            None,
        );
    }
    let path = req.uri().path();
    let Some((env, rest)) = path.strip_prefix('/').and_then(|p| p.split_once("/v2/")) else {
        return (refuse("unknown-route"), None, None);
    };
    let Some(env) = Environment::from_segment(env) else {
        return (refuse("unknown-env"), None, None);
    };
    let query = req.uri().query();
    if query.is_some_and(|q| !query_is_safe(q)) {
        return (refuse("bad-query"), Some(env), None);
    }
    let Some(route) = route_for(req.method(), rest, query.is_some()) else {
        return (refuse("not-allowed"), Some(env), None);
    };
    let client = client_addr(&req);
    if let Some(wait) = client.and_then(|c| fw.limiter.check(c.ip()).err()) {
        let mut r = relay_error(
            StatusCode::TOO_MANY_REQUESTS,
            "relay-rate-limit",
            "Zbyt wiele żądań do przekaźnika",
            "Too many requests to the relay",
        );
        r.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(wait.as_secs().max(1)),
        );
        return (r, Some(env), Some(route));
    }
    let path_and_query = match query {
        Some(q) => format!("{rest}?{q}"),
        None => rest.to_string(),
    };
    (
        relay(fw, env, path_and_query, req, client).await,
        Some(env),
        Some(route),
    )
}

async fn relay(
    fw: &Forwarder,
    env: Environment,
    path_and_query: String,
    req: Request,
    client: Option<SocketAddr>,
) -> Response {
    let (parts, body) = req.into_parts();
    // A slow body must not hold a connection (and an upstream slot) for ever; an empty one
    // needs no timer.
    let read = async {
        use axum::body::HttpBody;
        if body.size_hint().exact() == Some(0) {
            return Ok(Ok(axum::body::Bytes::new()));
        }
        let read = axum::body::to_bytes(body, fw.body_limit);
        tokio::time::timeout(fw.body_timeout, read).await
    };
    let body = match read.await {
        Ok(Ok(b)) => b,
        Ok(Err(_)) => {
            return relay_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body-too-large",
                "Żądanie jest za duże",
                "The request is too large",
            )
        }
        Err(_) => {
            return relay_error(
                StatusCode::REQUEST_TIMEOUT,
                "body-timeout",
                "Treść żądania nie dotarła na czas",
                "The request body did not arrive in time",
            )
        }
    };
    // Sized up front: growing a header map rehashes it, and this runs for every request.
    let mut headers = HeaderMap::with_capacity(8);
    for name in &REQUEST_HEADERS {
        for v in parts.headers.get_all(name) {
            headers.append(name.clone(), v.clone());
        }
    }
    if let (true, Some(c)) = (fw.forwarded_for, client) {
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_str(&c.ip().to_string()).expect("ip is ascii"),
        );
    }
    // The timer only when every slot is taken.
    let permit = match fw.permits.try_acquire() {
        Ok(p) => Ok(p),
        Err(_) => tokio::time::timeout(fw.permit_wait, fw.permits.acquire())
            .await
            .map(|p| p.expect("never closed")),
    };
    let Ok(_permit) = permit else {
        return relay_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "relay-busy",
            "Przekaźnik jest przeciążony, spróbuj za chwilę",
            "The relay is busy, try again shortly",
        );
    };
    match fw
        .upstreams
        .send(env, parts.method, &path_and_query, headers, body, client)
        .await
    {
        Ok(answer) => {
            let mut resp = Response::new(Body::from(answer.body));
            // Room for the forwarded headers and the CORS layer's.
            *resp.headers_mut() = HeaderMap::with_capacity(12);
            *resp.status_mut() = answer.status;
            for name in &RESPONSE_HEADERS {
                for v in answer.headers.get_all(name) {
                    resp.headers_mut().append(name.clone(), v.clone());
                }
            }
            resp
        }
        Err(UpstreamError::Timeout) => relay_error(
            StatusCode::GATEWAY_TIMEOUT,
            "upstream-timeout",
            "KSeF nie odpowiedział w wyznaczonym czasie",
            "KSeF did not answer in time",
        ),
        Err(UpstreamError::TooLarge) => relay_error(
            StatusCode::BAD_GATEWAY,
            "upstream-too-large",
            "Odpowiedź KSeF jest za duża",
            "The KSeF response is too large",
        ),
        Err(UpstreamError::NotConfigured) => relay_error(
            StatusCode::NOT_FOUND,
            "sim-disabled",
            "Symulator nie jest włączony w tym przekaźniku",
            "The simulator is not enabled on this relay",
        ),
        Err(UpstreamError::Unreachable(kind)) => {
            tracing::warn!(env = env.segment(), kind, "upstream unreachable");
            relay_error(
                StatusCode::BAD_GATEWAY,
                "upstream-unreachable",
                "Nie można połączyć się z KSeF",
                "Cannot reach KSeF",
            )
        }
    }
}
