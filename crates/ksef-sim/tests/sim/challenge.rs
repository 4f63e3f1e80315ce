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
