//! The relay against crafted requests: CORS, SSRF/open-proxy attempts, limits, upstream errors.
//!
//! The `sim` environment points at a recording test upstream; a separate canary server stands
//! for everything an attacker might try to reach. Neither may see a refused request.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Router;
use ksef_relay::{Config, SimUpstream};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod permissions;

/// The answer depends on these request headers, so shared caches must key on them.
const VARY: &str = "vary: origin, access-control-request-method, access-control-request-headers";

/// One request the upstream saw: method, path with query, header names.
type Request3 = (String, String, Vec<String>);

/// What the recording upstream saw.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Request3>>>);

async fn upstream(seen: Seen) -> SocketAddr {
    let app = Router::new().fallback(move |req: Request| {
        let seen = seen.clone();
        async move {
            let names = req.headers().keys().map(|k| k.to_string()).collect();
            let path = req
                .uri()
                .path_and_query()
                .map(|p| p.to_string())
                .unwrap_or_default();
            seen.0
                .lock()
                .unwrap()
                .push((req.method().to_string(), path.clone(), names));
            match path.as_str() {
                "/v2/limits/subject" => (
                    StatusCode::TOO_MANY_REQUESTS,
                    [("retry-after", "7"), ("set-cookie", "a=b")],
                    "{}",
                )
                    .into_response(),
                "/v2/rate-limits" => {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late".into_response()
                }
                _ => (
                    [
                        ("x-system-warning", "[sig-001]: test"),
                        ("set-cookie", "s=1"),
                    ],
                    "{\"ok\":true}",
                )
                    .into_response(),
            }
        }
    });
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    addr
}

/// Counts every connection made to it.
async fn canary() -> (SocketAddr, Arc<AtomicUsize>) {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    tokio::spawn(async move {
        while let Ok((_s, _)) = l.accept().await {
            h.fetch_add(1, Ordering::SeqCst);
        }
    });
    (addr, hits)
}

struct Setup {
    relay: SocketAddr,
    canary: SocketAddr,
    canary_hits: Arc<AtomicUsize>,
    seen: Seen,
}

async fn setup(tune: impl FnOnce(&mut Config)) -> Setup {
    let seen = Seen::default();
    let up = upstream(seen.clone()).await;
    let (canary, canary_hits) = canary().await;
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay = l.local_addr().unwrap();
    let mut config = Config::local(relay);
    config.sim = SimUpstream::Url(format!("http://{up}/v2"));
    // Generous, so a loaded machine never turns an ordinary answer into a 504 or 408; the
    // tests of those two shorten them.
    config.upstream_timeout = Duration::from_secs(10);
    config.body_timeout = Duration::from_secs(10);
    tune(&mut config);
    tokio::spawn(async move {
        ksef_relay::serve(l, &config, std::future::pending())
            .await
            .unwrap()
    });
    Setup {
        relay,
        canary,
        canary_hits,
        seen,
    }
}

/// Sends raw bytes and returns the status code and the whole response text.
async fn raw(addr: SocketAddr, bytes: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(bytes).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, text)
}

fn get(target: &str, extra: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}Connection: close\r\n\r\n")
        .into_bytes()
}

#[tokio::test]
async fn allowed_requests_reach_the_upstream_with_only_safe_headers() {
    let s = setup(|_| {}).await;
    let req = "POST /sim/v2/auth/challenge HTTP/1.1\r\nHost: evil.example\r\nCookie: c=1\r\nAuthorization: Bearer t\r\n\
               X-Error-Format: problem-details\r\nX-Custom: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    let (status, text) = raw(s.relay, req.as_bytes()).await;
    assert_eq!(status, 200, "{text}");
    assert!(text
        .to_lowercase()
        .contains("x-system-warning: [sig-001]: test"));
    assert!(!text.to_lowercase().contains("set-cookie"), "{text}");
    assert!(text.to_lowercase().contains(VARY), "{text}");
    let seen = s.seen.0.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    let (method, path, headers) = &seen[0];
    assert_eq!(
        (method.as_str(), path.as_str()),
        ("POST", "/v2/auth/challenge")
    );
    assert!(
        headers.contains(&"authorization".to_string())
            && headers.contains(&"x-error-format".to_string())
    );
    assert!(!headers
        .iter()
        .any(|h| h == "cookie" || h == "x-custom" || h == "x-forwarded-for"));
    let (status, _) = raw(
        s.relay,
        &get("/sim/v2/tokens?status=Active&pageSize=10", ""),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        s.seen.0.lock().unwrap()[1].1,
        "/v2/tokens?status=Active&pageSize=10"
    );
}

#[tokio::test]
async fn forwarded_for_only_when_configured() {
    let s = setup(|c| c.forwarded_for = true).await;
    raw(s.relay, b"POST /sim/v2/auth/challenge HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").await;
    assert!(s.seen.0.lock().unwrap()[0]
        .2
        .contains(&"x-forwarded-for".to_string()));
}

/// A request with a body twice the default limit.
fn huge_body() -> Vec<u8> {
    let mut v = b"POST /sim/v2/auth/xades-signature HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\nConnection: close\r\n\r\n".to_vec();
    v.extend(vec![b'a'; 2_000_000]);
    v
}

#[tokio::test]
async fn crafted_requests_reach_nothing() {
    let s = setup(|c| c.body_timeout = Duration::from_secs(1)).await;
    let c = s.canary;
    let huge = huge_body();
    let battery: Vec<(&str, Vec<u8>)> = vec![
        ("absolute-form", get(&format!("http://{c}/"), "")),
        ("absolute-form to an allowed path", get(&format!("http://{c}/sim/v2/auth/challenge"), "")),
        ("scheme-relative", get(&format!("//{c}/"), "")),
        ("host header", get("/", &format!("Host: {c}\r\n"))),
        ("dot-dot", get("/sim/v2/../../etc/passwd", "")),
        ("dot-dot inside", get("/sim/v2/auth/../tokens", "")),
        ("encoded dot-dot", get("/sim/v2/auth/%2e%2e/%2e%2e/tokens", "")),
        ("encoded slash", get("/sim/v2/auth%2f..%2ftokens", "")),
        ("double-encoded", get("/sim/v2/auth/%252e%252e/tokens", "")),
        ("backslash", get("/sim/v2/auth\\..\\tokens", "")),
        ("userinfo", get(&format!("/sim/v2/@{c}/x"), "")),
        ("userinfo in segment", get(&format!("/sim/v2/tokens/user:pw@{c}"), "")),
        ("unknown env", get("/evil/v2/tokens", "")),
        ("env with port", get(&format!("/{c}/v2/tokens"), "")),
        ("no env", get("/v2/tokens", "")),
        ("not allowlisted path", get("/sim/v2/invoices/query/metadata", "")),
        ("wrong method", b"PUT /sim/v2/tokens HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()),
        ("CONNECT", format!("CONNECT {c} HTTP/1.1\r\nHost: {c}\r\nConnection: close\r\n\r\n").into_bytes()),
        ("query on a no-query route", get("/sim/v2/certificates/limits?url=http://x", "")),
        ("url in a query", get(&format!("/sim/v2/tokens?next=http://{c}/"), "")),
        ("double slash", get("/sim/v2//tokens", "")),
        ("lower-case id", get("/sim/v2/tokens/abc.def", "")),
        ("huge body", huge),
    ];
    assert!(battery.len() >= 20);
    for (name, bytes) in &battery {
        let (status, text) = raw(s.relay, bytes).await;
        assert!(
            (400..500).contains(&status) || status == 0,
            "{name}: {status} {text}"
        );
        assert!(
            s.seen.0.lock().unwrap().is_empty(),
            "{name} reached the upstream"
        );
    }
    // A body that never finishes: refused after the body timeout, nothing forwarded.
    let mut slow = TcpStream::connect(s.relay).await.unwrap();
    slow.write_all(b"POST /sim/v2/auth/ksef-token HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{").await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut out)).await;
    assert!(
        String::from_utf8_lossy(&out).starts_with("HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&out)
    );

    // A body that breaks off (a malformed chunk) is a 400 of its own, not "too large".
    let broken = b"POST /sim/v2/auth/ksef-token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n";
    let (status, text) = raw(s.relay, broken).await;
    assert_eq!(status, 400, "{text}");
    assert!(text.contains("body-unreadable"), "{text}");
    let (status, text) = raw(s.relay, &huge_body()).await;
    assert!(status == 413 || status == 0, "{text}");
    assert!(s.seen.0.lock().unwrap().is_empty());
    // Host-changing headers on an allowed route: forwarded, but only to the fixed upstream.
    let host_tricks = [
        format!("Host: {c}\r\n"),
        format!("X-Forwarded-Host: {c}\r\n"),
        format!("Forwarded: host={c}\r\n"),
    ];
    for extra in &host_tricks {
        let req =
            format!("GET /sim/v2/certificates/limits HTTP/1.1\r\n{extra}Connection: close\r\n\r\n");
        assert_eq!(raw(s.relay, req.as_bytes()).await.0, 200, "{extra}");
    }
    let seen = s.seen.0.lock().unwrap().clone();
    assert_eq!(
        seen.len(),
        host_tricks.len(),
        "allowed requests do reach the fixed upstream"
    );
    assert!(seen
        .iter()
        .all(|(_, path, headers)| path == "/v2/certificates/limits"
            && !headers
                .iter()
                .any(|h| h == "x-forwarded-host" || h == "forwarded")));
    assert_eq!(
        s.canary_hits.load(Ordering::SeqCst),
        0,
        "the canary was contacted"
    );
}

#[tokio::test]
async fn preflight_from_allowed_and_disallowed_origins() {
    let s = setup(|_| {}).await;
    let preflight = |origin: &str| {
        format!(
            "OPTIONS /sim/v2/auth/challenge HTTP/1.1\r\nHost: x\r\nOrigin: {origin}\r\nAccess-Control-Request-Method: POST\r\n\
             Access-Control-Request-Headers: authorization,content-type,x-error-format\r\nConnection: close\r\n\r\n"
        )
    };
    let (status, text) = raw(s.relay, preflight("http://localhost:8080").as_bytes()).await;
    let lower = text.to_lowercase();
    assert_eq!(status, 200, "{text}");
    assert!(lower.contains("access-control-allow-origin: http://localhost:8080"));
    assert!(lower.contains("access-control-max-age: 3600"));
    assert!(lower.contains(VARY), "{text}");
    assert!(lower.contains("access-control-allow-headers:") && lower.contains("authorization"));
    let (_, text) = raw(s.relay, preflight("https://evil.example").as_bytes()).await;
    assert!(
        !text.to_lowercase().contains("access-control-allow-origin"),
        "{text}"
    );
    assert!(
        s.seen.0.lock().unwrap().is_empty(),
        "preflights are answered by the relay"
    );
}

#[tokio::test]
async fn upstream_429_passes_through_with_retry_after_exposed() {
    let s = setup(|_| {}).await;
    let (status, text) = raw(
        s.relay,
        &get(
            "/sim/v2/limits/subject",
            "Origin: http://127.0.0.1:8080\r\n",
        ),
    )
    .await;
    let lower = text.to_lowercase();
    assert_eq!(status, 429, "{text}");
    assert!(lower.contains("retry-after: 7"));
    let expose = lower
        .lines()
        .find(|l| l.starts_with("access-control-expose-headers:"))
        .expect("expose header");
    assert!(
        expose.contains("retry-after")
            && expose.contains("x-continuation-token")
            && expose.contains("x-system-warning")
    );
    assert!(lower.contains("access-control-allow-origin: http://127.0.0.1:8080"));
}

#[tokio::test]
async fn upstream_timeout_is_a_clear_504() {
    let s = setup(|c| c.upstream_timeout = Duration::from_secs(1)).await;
    let (status, text) = raw(s.relay, &get("/sim/v2/rate-limits", "")).await;
    assert_eq!(status, 504, "{text}");
    let body = text.split_once("\r\n\r\n").unwrap().1;
    let json: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(json["code"], "upstream-timeout");
    assert!(json["detail"]
        .as_str()
        .unwrap()
        .contains("KSeF nie odpowiedział"));
    let err = ksef_core::error::KsefError::from_response(504, body.as_bytes(), None);
    assert!(err.descriptions[0].contains("KSeF did not answer in time"));
}

#[tokio::test]
async fn per_client_rate_limit_answers_429_with_retry_after() {
    let s = setup(|c| c.rate_limit_per_minute = 2).await;
    let token = "Authorization: Bearer one-context\r\n";
    for _ in 0..2 {
        assert_eq!(
            raw(s.relay, &get("/sim/v2/certificates/limits", token))
                .await
                .0,
            200
        );
    }
    // Another context's token has its own budget, as at KSeF.
    let other = "Authorization: Bearer another-context\r\n";
    assert_eq!(
        raw(s.relay, &get("/sim/v2/certificates/limits", other))
            .await
            .0,
        200
    );
    let (status, text) = raw(s.relay, &get("/sim/v2/certificates/limits", token)).await;
    assert_eq!(status, 429);
    assert!(text.to_lowercase().contains("retry-after:"));
    assert_eq!(s.seen.0.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn health_and_unknown_environments() {
    let s = setup(|c| c.sim = SimUpstream::Disabled).await;
    let (status, text) = raw(s.relay, &get("/healthz", "")).await;
    assert_eq!(status, 200);
    assert!(text.ends_with("ok"));
    let (status, text) = raw(s.relay, &get("/sim/v2/certificates/limits", "")).await;
    assert_eq!(status, 404);
    assert!(text.contains("sim-disabled"));
    let _ = s.canary;
}
