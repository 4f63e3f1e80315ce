//! The forwarding handler: checks the request against the allowlist and relays it.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use ksef_core::environment::Environment;
use serde_json::json;
use tokio::sync::Semaphore;

use crate::allowlist::{query_is_safe, route_for};
use crate::rate_limit::RateLimiter;
use crate::upstream::{Destination, UpstreamError, Upstreams};

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

type Request = axum::http::Request<Incoming>;

/// The forwarder as a tower service for one client, so tower-http's CORS can wrap it.
pub struct Forward {
    fw: Arc<Forwarder>,
    client: SocketAddr,
}

impl Forward {
    pub fn new(fw: Arc<Forwarder>, client: SocketAddr) -> Forward {
        Forward { fw, client }
    }
}

impl tower::Service<Request> for Forward {
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request) -> Self::Future {
        Box::pin(forward(self.fw.clone(), req, self.client))
    }
}

/// Keeps only the headers named in `allowed`, in place: `HeaderMap` has no `retain`, and a
/// new map for every request and answer showed in the relay's profile.
fn keep_only(headers: &mut HeaderMap, allowed: &[HeaderName]) {
    while let Some(name) = headers.keys().find(|n| !allowed.contains(n)).cloned() {
        headers.remove(&name);
    }
}

async fn forward(
    fw: Arc<Forwarder>,
    req: Request,
    client: SocketAddr,
) -> Result<Response, Infallible> {
    let fw = &*fw;
    let started = Instant::now();
    let method = req.method().clone();
    // The checks are not async: an async step would hold the request in one more future.
    let (response, env, route) = match check(fw, &req, client) {
        Ok(Allowed {
            env,
            route,
            dest,
            target,
        }) => {
            let response = relay(fw, env, dest, target, req, client).await;
            (response, Some(env), Some(route))
        }
        Err(refused) => *refused,
    };
    tracing::info!(
        method = %method,
        env = env.map(|e| e.segment()).unwrap_or("-"),
        route = route.unwrap_or("-"),
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_millis() as u64,
        "relay"
    );
    Ok(response)
}

/// An allowed request: its environment, route template, destination and upstream target.
struct Allowed<'a> {
    env: Environment,
    route: &'static str,
    dest: Destination<'a>,
    target: String,
}

/// The answer to a refused request, with what is known of it for the log (boxed: refusals
/// are rare, and the allowed path should not carry their size).
type Refused = Box<(Response, Option<Environment>, Option<&'static str>)>;

fn check<'a>(fw: &'a Forwarder, req: &Request, client: SocketAddr) -> Result<Allowed<'a>, Refused> {
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
        return Err(Box::new((
            relay_error(
                StatusCode::BAD_REQUEST,
                "absolute-form",
                "Niedozwolony format żądania",
                "Request form not allowed",
            ),
            None,
            None,
        )));
    }
    let path = req.uri().path();
    let Some((env, rest)) = path.strip_prefix('/').and_then(|p| p.split_once("/v2/")) else {
        return Err(Box::new((refuse("unknown-route"), None, None)));
    };
    let Some(env) = Environment::from_segment(env) else {
        return Err(Box::new((refuse("unknown-env"), None, None)));
    };
    let query = req.uri().query();
    if query.is_some_and(|q| !query_is_safe(q)) {
        return Err(Box::new((refuse("bad-query"), Some(env), None)));
    }
    let Some(route) = route_for(req.method(), rest, query.is_some()) else {
        return Err(Box::new((refuse("not-allowed"), Some(env), None)));
    };
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if let Err(wait) = fw.limiter.check(client.ip(), bearer) {
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
        return Err(Box::new((r, Some(env), Some(route))));
    }
    let dest = match fw.upstreams.destination(env) {
        Ok(dest) => dest,
        Err(e) => return Err(Box::new((upstream_error(env, e), Some(env), Some(route)))),
    };
    let target = dest.target(rest, query);
    Ok(Allowed {
        env,
        route,
        dest,
        target,
    })
}

async fn relay(
    fw: &Forwarder,
    env: Environment,
    dest: Destination<'_>,
    target: String,
    req: Request,
    client: SocketAddr,
) -> Response {
    let (mut parts, body) = req.into_parts();
    // A slow body must not hold a connection (and an upstream slot) for ever; an empty one
    // needs no timer.
    let read = async {
        use axum::body::HttpBody;
        if body.size_hint().exact() == Some(0) {
            return Ok(Ok(axum::body::Bytes::new()));
        }
        let read = http_body_util::Limited::new(body, fw.body_limit).collect();
        let read = async { read.await.map(|b| b.to_bytes()) };
        tokio::time::timeout(fw.body_timeout, read).await
    };
    let body = match read.await {
        Ok(Ok(b)) => b,
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            return relay_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body-too-large",
                "Żądanie jest za duże",
                "The request is too large",
            )
        }
        Ok(Err(_)) => {
            return relay_error(
                StatusCode::BAD_REQUEST,
                "body-unreadable",
                "Nie udało się odczytać treści żądania",
                "The request body could not be read",
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
    let mut headers = std::mem::take(&mut parts.headers);
    keep_only(&mut headers, &REQUEST_HEADERS);
    if fw.forwarded_for {
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_str(&client.ip().to_string()).expect("ip is ascii"),
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
    // Boxed: each enclosing future would otherwise hold (and move) the whole exchange's state.
    let exchange = fw
        .upstreams
        .send(dest, parts.method, target, headers, body, client);
    match Box::pin(exchange).await {
        Ok(mut answer) => {
            keep_only(&mut answer.headers, &RESPONSE_HEADERS);
            let mut resp = Response::new(Body::from(answer.body));
            *resp.status_mut() = answer.status;
            *resp.headers_mut() = answer.headers;
            resp
        }
        Err(e) => upstream_error(env, e),
    }
}

/// The relay's answer when KSeF (or the simulator) could not be asked or did not answer.
fn upstream_error(env: Environment, e: UpstreamError) -> Response {
    match e {
        UpstreamError::Timeout => relay_error(
            StatusCode::GATEWAY_TIMEOUT,
            "upstream-timeout",
            "KSeF nie odpowiedział w wyznaczonym czasie",
            "KSeF did not answer in time",
        ),
        UpstreamError::TooLarge => relay_error(
            StatusCode::BAD_GATEWAY,
            "upstream-too-large",
            "Odpowiedź KSeF jest za duża",
            "The KSeF response is too large",
        ),
        UpstreamError::NotConfigured => relay_error(
            StatusCode::NOT_FOUND,
            "sim-disabled",
            "Symulator nie jest włączony w tym przekaźniku",
            "The simulator is not enabled on this relay",
        ),
        UpstreamError::Unreachable(kind) => {
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
