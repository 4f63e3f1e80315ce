//! `POST /auth/ksef-token`: body (21405), challenge (21111), key id (21470 and recovery after a
//! rotation), and the 450 outcomes: wrong time, wrong challenge, garbage (encryption, encoding),
//! inactive, unknown, another context.

use crate::support;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::api::security::{token_encryption_key, PublicKeyCertificate};
use rand_core::OsRng;
use serde_json::{json, Value};
use support::*;

async fn token_key(server: &Server) -> (rsa::RsaPublicKey, String) {
    let keys: Vec<PublicKeyCertificate> = serde_json::from_slice(
        &server
            .get("/v2/security/public-key-certificates", None)
            .await
            .body,
    )
    .unwrap();
    let key = token_encryption_key(
        &keys,
        time::OffsetDateTime::now_utc() + time::Duration::seconds(5),
    )
    .unwrap();
    let cert =
        ksef_core::certificate::Certificate::from_der(&B64.decode(&key.certificate).unwrap())
            .unwrap();
    use rsa::pkcs8::DecodePublicKey;
    (
        rsa::RsaPublicKey::from_public_key_der(&cert.public_key_der()).unwrap(),
        key.public_key_id.clone(),
    )
}

fn encrypt(key: &rsa::RsaPublicKey, plain: &str) -> String {
    B64.encode(
        key.encrypt(
            &mut OsRng,
            rsa::Oaep::new::<sha2::Sha256>(),
            plain.as_bytes(),
        )
        .unwrap(),
    )
}

async fn new_token(server: &Server, s: &Session) -> (String, String) {
    let r = server
        .post(
            "/v2/tokens",
            Some(&s.access),
            json!({"permissions": ["InvoiceRead"], "description": "Odczyt faktur"}),
        )
        .await;
    assert_eq!(r.status, 202);
    (
        r.json()["referenceNumber"].as_str().unwrap().into(),
        r.json()["token"].as_str().unwrap().into(),
    )
}

fn body(challenge: &str, nip: &str, encrypted: &str, key_id: Option<&str>) -> Value {
    let mut b = json!({"challenge": challenge, "contextIdentifier": {"type": "Nip", "value": nip}, "encryptedToken": encrypted});
    if let Some(id) = key_id {
        b["publicKeyId"] = json!(id);
    }
    b
}

async fn status_detail(server: &Server, r: &Resp) -> (i64, String) {
    let (op, auth) = Server::accepted(r);
    let s = server.outcome(&op, &auth).await["status"].clone();
    (
        s["code"].as_i64().unwrap(),
        s["details"][0].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn synchronous_refusals_and_key_rotation() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let (_, token) = new_token(&server, &s).await;
    server.advance(2).await;
    let r = server
        .post("/v2/auth/ksef-token", None, json!({"challenge": "nope"}))
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
    let (key, id) = token_key(&server).await;
    let c = server.challenge().await;
    let r = server
        .post(
            "/v2/auth/ksef-token",
            None,
            body(&c.challenge, &s.nip, &encrypt(&key, "x"), Some("AAAA")),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21470));
    let r = server
        .post(
            "/v2/auth/ksef-token",
            None,
            body(
                "20250514-CR-226FB7B000-3ACF9BE4C0-10",
                &s.nip,
                &encrypt(&key, "x"),
                Some(&id),
            ),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21111));

    // Emergency rotation: the old id now gives 21470; a client that re-fetches the keys recovers.
    assert_eq!(
        server
            .call("POST", "/__sim/keys/rotate", None, &[], None)
            .await
            .status,
        204
    );
    assert_eq!(
        server
            .call("POST", "/__sim/keys/withdraw", None, &[], None)
            .await
            .status,
        204
    );
    let c = server.challenge().await;
    let plain = format!("{token}|{}", c.timestamp_ms);
    let r = server
        .post(
            "/v2/auth/ksef-token",
            None,
            body(&c.challenge, &s.nip, &encrypt(&key, &plain), Some(&id)),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21470));
    let (new_key, new_id) = token_key(&server).await;
    assert_ne!(new_id, id);
    let c = server.challenge().await;
    let plain = format!("{token}|{}", c.timestamp_ms);
    let r = server
        .post(
            "/v2/auth/ksef-token",
            None,
            body(
                &c.challenge,
                &s.nip,
                &encrypt(&new_key, &plain),
                Some(&new_id),
            ),
        )
        .await;
    assert_eq!(status_detail(&server, &r).await.0, 200);

    // Re-certification keeps the key id; without an id the login works with a warning.
    assert_eq!(
        server
            .call("POST", "/__sim/keys/recertify", None, &[], None)
            .await
            .status,
        204
    );
    let (_, same_id) = token_key(&server).await;
    assert_eq!(same_id, new_id);
    let c = server.challenge().await;
    let plain = format!("{token}|{}", c.timestamp_ms);
    let r = server
        .post(
            "/v2/auth/ksef-token",
            None,
            body(&c.challenge, &s.nip, &encrypt(&new_key, &plain), None),
        )
        .await;
    assert!(r
        .header("x-system-warning")
        .unwrap()
        .contains("publicKeyId"));
    assert_eq!(status_detail(&server, &r).await.0, 200);
}

#[tokio::test]
async fn asynchronous_450_details() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let (_, token) = new_token(&server, &s).await;
    let (key, id) = token_key(&server).await;
    type Plain<'a> = Box<dyn Fn(i64) -> String + 'a>;
    let cases: Vec<(Plain, &str)> = vec![
        (Box::new(|ms| format!("{token}|{ms}")), "Token nieaktywny"),
        (
            Box::new(|ms| format!("{token}|{}", ms + 1)),
            "Nieprawidłowy czas tokena",
        ),
        (
            Box::new(|ms| {
                format!(
                    "{}|{ms}",
                    token.replace("|nip-", "|nip-0").replacen("0", "", 1)
                )
            }),
            "Nieprawidłowy token",
        ),
    ];
    for (plain, detail) in cases {
        let c = server.challenge().await;
        let r = server
            .post(
                "/v2/auth/ksef-token",
                None,
                body(
                    &c.challenge,
                    &s.nip,
                    &encrypt(&key, &plain(c.timestamp_ms)),
                    Some(&id),
                ),
            )
            .await;
        assert_eq!(
            status_detail(&server, &r).await,
            (450, detail.to_string()),
            "{detail}"
        );
    }
    // Another challenge's timestamp; and bytes that are no ciphertext at all.
    let other = server.challenge().await;
    let c = server.challenge().await;
    let plain = format!("{token}|{}", other.timestamp_ms);
    let r = server
        .post(
            "/v2/auth/ksef-token",
            None,
            body(&c.challenge, &s.nip, &encrypt(&key, &plain), Some(&id)),
        )
        .await;
    let (code, detail) = status_detail(&server, &r).await;
    assert_eq!(code, 450);
    assert!(
        [
            "Nieprawidłowe wyzwanie autoryzacyjne",
            "Nieprawidłowy czas tokena"
        ]
        .contains(&detail.as_str()),
        "{detail}"
    );
    // 2.9.0's Polish details: bytes that are no ciphertext, text that is no base64, a plaintext
    // that is no text, and a token of another context.
    let other_nip = nip();
    let cases: Vec<(String, &str, String)> = vec![
        (
            B64.encode([7u8; 256]),
            &s.nip,
            "Nieprawidłowe szyfrowanie tokena".into(),
        ),
        (
            "to nie jest base64!".into(),
            &s.nip,
            "Nieprawidłowe kodowanie tokena".into(),
        ),
        (
            B64.encode(
                key.encrypt(
                    &mut OsRng,
                    rsa::Oaep::new::<sha2::Sha256>(),
                    &[0xff, 0xfe, b'|'],
                )
                .unwrap(),
            ),
            &s.nip,
            "Nieprawidłowe kodowanie tokena".into(),
        ),
    ];
    for (encrypted, context, detail) in cases {
        let c = server.challenge().await;
        let r = server
            .post(
                "/v2/auth/ksef-token",
                None,
                body(&c.challenge, context, &encrypted, Some(&id)),
            )
            .await;
        assert_eq!(
            status_detail(&server, &r).await,
            (450, detail.clone()),
            "{detail}"
        );
    }
    server.advance(2).await;
    let c = server.challenge().await;
    let plain = format!("{token}|{}", c.timestamp_ms);
    let r = server
        .post(
            "/v2/auth/ksef-token",
            None,
            body(&c.challenge, &other_nip, &encrypt(&key, &plain), Some(&id)),
        )
        .await;
    assert_eq!(
        status_detail(&server, &r).await,
        (
            450,
            format!("Token nie może być użyty w kontekście {other_nip}")
        )
    );
}
