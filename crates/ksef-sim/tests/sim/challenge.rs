//! The simulator over HTTP, as a client sees it.

use std::net::SocketAddr;

use ksef_core::api::auth::ChallengeResponse;
use ksef_core::ident::Challenge;

async fn start() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app =
        ksef_sim::router(ksef_sim::Sim::new()).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// Minimal HTTP/1.1 client over a TcpStream: the simulator's tests need no HTTP client crate.
async fn request(addr: SocketAddr, method: &str, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    let status = out[9..12].parse().unwrap();
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn challenge_has_the_documented_shape() {
    let addr = start().await;
    let (status, body) = request(addr, "POST", "/v2/auth/challenge").await;
    assert_eq!(status, 200, "{body}");
    let raw: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ts = raw["timestamp"].as_str().unwrap();
    assert_eq!(ts.len(), "2025-07-11T12:23:56.0154302+00:00".len(), "{ts}");
    assert!(ts.ends_with("+00:00"));
    let c: ChallengeResponse = serde_json::from_str(&body).unwrap();
    let parsed: Challenge = c.challenge.parse().unwrap();
    let reference: ksef_core::ident::ReferenceNumber = parsed.into();
    assert!(reference.crc_ok());
    assert_eq!(
        (c.timestamp.unix_timestamp_nanos() / 1_000_000) as i64,
        c.timestamp_ms
    );
    assert_eq!(c.client_ip, "127.0.0.1");
}

#[tokio::test]
async fn unknown_paths_and_methods_are_refused() {
    let addr = start().await;
    assert_eq!(request(addr, "GET", "/v2/auth/challenge").await.0, 405);
    let (status, body) = request(addr, "GET", "/v2/nothing").await;
    assert_eq!(status, 404);
    assert!(body.contains("\"status\":404"));
}

#[tokio::test]
async fn public_key_certificates_are_published_with_correct_ids() {
    use base64::Engine;
    use ksef_core::api::security::{token_encryption_key, PublicKeyCertificate, PublicKeyUsage};
    use sha2::{Digest, Sha256};
    let b64 = base64::engine::general_purpose::STANDARD;

    let addr = start().await;
    let (status, body) = request(addr, "GET", "/v2/security/public-key-certificates").await;
    assert_eq!(status, 200, "{body}");
    let keys: Vec<PublicKeyCertificate> = serde_json::from_str(&body).unwrap();
    assert_eq!(keys.len(), 2);
    let usages: Vec<_> = keys.iter().map(|k| k.usage.clone()).collect();
    assert_eq!(
        usages,
        [
            vec![PublicKeyUsage::KsefTokenEncryption],
            vec![PublicKeyUsage::SymmetricKeyEncryption]
        ]
    );
    for k in &keys {
        let der = b64.decode(&k.certificate).unwrap();
        assert_eq!(k.certificate_id, b64.encode(Sha256::digest(&der)));
        let cert = ksef_core::certificate::Certificate::from_der(&der).unwrap();
        assert_eq!(
            k.public_key_id,
            b64.encode(Sha256::digest(cert.public_key_der()))
        );
        assert_eq!(k.public_key_id.len(), 44);
        assert!(cert.subject().contains("Ministerstwo"));
    }
    let now = time::OffsetDateTime::now_utc();
    let chosen = token_encryption_key(&keys, now).expect("a current token key");
    assert_eq!(chosen.usage, [PublicKeyUsage::KsefTokenEncryption]);
    assert_ne!(keys[0].public_key_id, keys[1].public_key_id);
}

/// Reads one HTTP/1.1 response with a `Content-Length` body: (status, head, body).
async fn read_response(s: &mut tokio::net::TcpStream) -> Option<(u16, String, String)> {
    use tokio::io::AsyncReadExt;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[head_end..head_end + length]).to_string();
    Some((head[9..12].parse().ok()?, head, body))
}

/// A refusal sent before the handler read the body (404, 401, 429 from a middleware) must not
/// break the kept-alive connection: the next request on it gets its answer.
#[tokio::test]
async fn keep_alive_survives_answers_given_before_the_body_was_read() {
    use tokio::io::AsyncWriteExt;
    let addr = start().await;
    for (path, size, expected) in [
        ("/v2/no-such-endpoint", 100, 404),
        ("/v2/no-such-endpoint", 200_000, 404),
        ("/v2/tokens", 300, 401),
        ("/v2/certificates/query?pageSize=10", 150_000, 401),
    ] {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let body = format!("{{\"description\":\"{}\"}}", "x".repeat(size));
        let first = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        s.write_all(first.as_bytes()).await.unwrap();
        let (status, head, _) = read_response(&mut s).await.expect("first answer");
        assert_eq!(status, expected, "{head}");
        let closing = head.to_lowercase().contains("connection: close");
        let sent = s
            .write_all(b"GET /v2/security/public-key-certificates HTTP/1.1\r\nHost: x\r\n\r\n")
            .await;
        let second = match sent {
            Ok(()) => read_response(&mut s).await,
            Err(_) => None,
        };
        assert!(
            closing || second.as_ref().is_some_and(|r| r.0 == 200),
            "{path} with a {size}-byte body: the kept-alive connection broke ({second:?}) \
             without `Connection: close` in\n{head}"
        );
    }
}
