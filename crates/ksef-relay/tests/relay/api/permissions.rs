//! The `/permissions/*` routes of the allowlist, end to end through the relay.

use tokio::net::TcpListener;

use super::{raw, setup};
use ksef_relay::Config;

/// `POST /permissions/query/personal/grants` (with its paging query and JSON body) reaches the
/// upstream as sent, as do a grant and a revocation by a lower-case permission id; a wrong
/// method, a query on a grant and an id that is no UUID stay refused.
#[tokio::test]
async fn permission_routes_are_forwarded() {
    let s = setup(|_| {}).await;
    let body = r#"{"permissionState":"Active"}"#;
    let req = format!(
        "POST /sim/v2/permissions/query/personal/grants?pageOffset=0&pageSize=10 HTTP/1.1\r\nHost: x\r\n\
         Authorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, text) = raw(s.relay, req.as_bytes()).await;
    assert_eq!(status, 200, "{text}");
    let id = "0c9a72e8-f344-457f-9c16-7c640eb60242";
    for forwarded in [
        "POST /sim/v2/permissions/persons/grants HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
        format!("DELETE /sim/v2/permissions/common/grants/{id} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        "GET /sim/v2/permissions/query/entities/roles?pageOffset=1&pageSize=100 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
    ] {
        let (status, text) = raw(s.relay, forwarded.as_bytes()).await;
        assert_eq!(status, 200, "{forwarded}: {text}");
    }
    let seen: Vec<(String, String)> = s
        .seen
        .0
        .lock()
        .unwrap()
        .iter()
        .map(|r| (r.0.clone(), r.1.clone()))
        .collect();
    let want = [
        (
            "POST",
            "/v2/permissions/query/personal/grants?pageOffset=0&pageSize=10".to_string(),
        ),
        ("POST", "/v2/permissions/persons/grants".to_string()),
        ("DELETE", format!("/v2/permissions/common/grants/{id}")),
        (
            "GET",
            "/v2/permissions/query/entities/roles?pageOffset=1&pageSize=100".to_string(),
        ),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(m, p)| (m.to_string(), p.clone()))
        .collect();
    assert_eq!(seen, want);
    for refused in [
        "POST /sim/v2/permissions/persons/grants?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        "GET /sim/v2/permissions/query/personal/grants HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "DELETE /sim/v2/permissions/common/grants/0c9a72e8-f344-457f-9c16-7c640eb6024 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "DELETE /sim/v2/permissions/common/grants/..%2F..%2Fauth%2Fchallenge HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let (status, text) = raw(s.relay, refused.as_bytes()).await;
        assert!((400..500).contains(&status), "{refused}: {text}");
    }
    assert_eq!(s.seen.0.lock().unwrap().len(), 4);
}

/// The same through the relay to the in-process simulator: its own 401 comes back.
#[tokio::test]
async fn the_personal_permissions_query_reaches_the_simulator() {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay = l.local_addr().unwrap();
    let config = Config::local(relay);
    tokio::spawn(async move {
        ksef_relay::serve(l, &config, std::future::pending())
            .await
            .unwrap()
    });
    let req = "POST /sim/v2/permissions/query/personal/grants?pageSize=10 HTTP/1.1\r\nHost: x\r\n\
               Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
    let (status, text) = raw(relay, req.as_bytes()).await;
    assert_eq!(status, 401, "{text}");
    assert!(text.contains("application/problem+json"), "{text}");
}
