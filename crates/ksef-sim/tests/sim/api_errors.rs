//! Protected endpoints' refusals: bearer checks (401, 403 by reason, 410), tokens (26001,
//! 26002), certificates (25001–25011), paging (21418), test data (21405, 30001), 404, and 429
//! with Retry-After in both body shapes.

use crate::support;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::context::ContextType;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use rand_core::OsRng;
use serde_json::json;
use support::*;

#[tokio::test]
async fn bearer_checks() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let r = server.get("/v2/tokens", None).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    assert_eq!(
        server.get("/v2/tokens", Some(&s.refresh)).await.status,
        401,
        "a refresh token is no access token"
    );
    assert_eq!(
        server
            .get("/v2/tokens", Some("garbage.jwt.value"))
            .await
            .status,
        401
    );
    // Another operation's status with this operation's token.
    let other = owner_session(&server).await;
    let c = server.challenge().await;
    let xml = our_signed(
        &request(&c.challenge, ContextType::Nip, &other.nip),
        &other.key,
        &other.cert,
    );
    let (_, other_auth) = Server::accepted(&server.submit_xml(&xml, "").await);
    let r = server
        .get(&format!("/v2/auth/{}", s.reference), Some(&other_auth))
        .await;
    assert_eq!(
        (r.status, r.json()["reasonCode"].as_str()),
        (403, Some("insufficient-resource-access"))
    );
    let r = server
        .get(
            "/v2/auth/20250514-AU-226FB7B000-3ACF9BE4C0-10",
            Some(&other_auth),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21304));
    // Access tokens expire after 15 minutes (on the simulator's clock).
    server.advance(16 * 60).await;
    assert_eq!(server.get("/v2/tokens", Some(&s.access)).await.status, 401);
    assert_eq!(
        server
            .get("/v2/auth/sessions", Some(&s.access))
            .await
            .status,
        401
    );
}

#[tokio::test]
async fn allowed_ips_bind_the_access_token() {
    let server = Server::start().await;
    let nip = nip();
    let (key, cert) = key_and_cert(&person(&nip), KeyAlgorithm::EcP256);
    let c = server.challenge().await;
    let mut req = request(&c.challenge, ContextType::Nip, &nip);
    req.allowed_ips =
        Some(ksef_core::ip_policy::AllowedIps::parse(&["10.9.8.7"], &[], &[]).unwrap());
    let (op, auth) = Server::accepted(&server.submit_xml(&our_signed(&req, &key, &cert), "").await);
    assert_eq!(server.outcome(&op, &auth).await["status"]["code"], 200);
    let (access, _) = server.redeem(&auth).await;
    let r = server.get("/v2/tokens", Some(&access)).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json()["reasonCode"], "ip-not-allowed");
    assert_eq!(r.json()["security"]["clientIp"], "127.0.0.1");
    assert!(r.json()["timestamp"].is_string());
    // The same refusal on the endpoints of 2.9.0 (each checked against the spec).
    for (method, path) in [
        ("POST", "/v2/permissions/query/personal/grants"),
        ("GET", "/v2/limits/context"),
        ("GET", "/v2/rate-limits"),
        ("PUT", "/v2/testdata/certificates/0123456789ABCDEF"),
        ("POST", "/v2/testdata/limits/context/session"),
        ("DELETE", "/v2/testdata/limits/context/session"),
    ] {
        let body = (method != "GET" && method != "DELETE").then(|| Body::Json(json!({})));
        let r = server.call(method, path, Some(&access), &[], body).await;
        assert_eq!(
            (r.status, r.json()["reasonCode"].as_str()),
            (403, Some("ip-not-allowed")),
            "{method} {path}"
        );
    }
}

/// KSeF's security layer answers 403 `security-service-blocked` without `timestamp` (optional
/// since 2.9.0); the spec check passes it. Only requests with a bearer token are blocked, since
/// only their endpoints document 403.
#[tokio::test]
async fn security_block_is_a_403_without_timestamp() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    server.config(json!({"forceSecurityBlock": 2})).await;
    assert_eq!(
        server
            .call("POST", "/v2/auth/challenge", None, &[], None)
            .await
            .status,
        200
    );
    let r = server.get("/v2/tokens", Some(&s.access)).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let v = r.json();
    assert_eq!(v["reasonCode"], "security-service-blocked");
    assert!(v.get("timestamp").is_none(), "{v}");
    assert_eq!(v["security"]["clientIp"], "127.0.0.1");
    assert!(v["security"]["incidentId"].is_string());
    let r = server
        .post(
            "/v2/permissions/query/personal/grants",
            Some(&s.access),
            json!({}),
        )
        .await;
    assert_eq!(r.json()["reasonCode"], "security-service-blocked");
    assert_eq!(server.get("/v2/tokens", Some(&s.access)).await.status, 200);
}

/// 2.9.0: a body that is no readable JSON is 21001 "Nieczytelna treść." wherever the 400 table
/// lists it; JSON of the wrong shape stays 21405. The `/testdata/*` tables list only 21405.
#[tokio::test]
async fn unreadable_json_is_21001_and_the_wrong_shape_21405() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let documented = [
        ("/v2/auth/ksef-token", None),
        ("/v2/tokens", Some(&s.access)),
        ("/v2/certificates/enrollments", Some(&s.access)),
        ("/v2/certificates/retrieve", Some(&s.access)),
        ("/v2/certificates/query", Some(&s.access)),
        ("/v2/certificates/0123456789ABCDEF/revoke", Some(&s.access)),
        ("/v2/permissions/query/personal/grants", Some(&s.access)),
    ];
    let unreadable: [(&str, &[u8]); 4] = [
        ("syntax error", b"{\"description\" \"x\"}"),
        ("cut short", b"{\"permissions\": [\"InvoiceRead\""),
        ("not UTF-8", b"{\"description\": \"Za\xf3\xb3\xe6\"}"),
        ("not JSON", b"description=x"),
    ];
    for (path, bearer) in documented {
        for (what, bytes) in unreadable {
            for format in [None, Some(("x-error-format", "problem-details"))] {
                let r = server
                    .call(
                        "POST",
                        path,
                        bearer.map(String::as_str),
                        format.as_slice(),
                        Some(Body::RawJson(bytes.to_vec())),
                    )
                    .await;
                assert_eq!((r.status, r.code()), (400, 21001), "{path}: {what}");
            }
        }
        let r = server
            .call(
                "POST",
                path,
                bearer.map(String::as_str),
                &[],
                Some(Body::RawJson(b"[\"a JSON array\"]".to_vec())),
            )
            .await;
        assert_eq!((r.status, r.code()), (400, 21405), "{path}: wrong shape");
    }
    let v = server
        .call(
            "POST",
            "/v2/tokens",
            Some(&s.access),
            &[],
            Some(Body::RawJson(b"{".to_vec())),
        )
        .await
        .json();
    assert_eq!(
        v["exception"]["exceptionDetailList"][0]["exceptionDescription"],
        "Nieczytelna treść."
    );
    for path in ["/v2/testdata/person", "/v2/testdata/permissions"] {
        let r = server
            .call("POST", path, None, &[], Some(Body::RawJson(b"{".to_vec())))
            .await;
        assert_eq!((r.status, r.code()), (400, 21405), "{path}");
    }
}

#[tokio::test]
async fn token_generation_rules() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let r = server
        .post(
            "/v2/tokens",
            Some(&s.access),
            json!({"permissions": ["EnforcementOperations"], "description": "Komornik"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 26001));
    let r = server
        .post(
            "/v2/tokens",
            Some(&s.access),
            json!({"permissions": ["InvoiceRead"], "description": "abc"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
    let r = server
        .call(
            "POST",
            "/v2/tokens",
            Some(&s.access),
            &[("x-error-format", "problem-details")],
            Some(Body::Json(
                json!({"permissions": ["Nope"], "description": "Zły typ"}),
            )),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    assert_eq!(r.json()["errors"][0]["code"], 21405);
    // A NipVatUe context may not have tokens.
    let c = server.challenge().await;
    let ctx = format!("{}-DE123456789", s.nip);
    let xml = our_signed(
        &request(&c.challenge, ContextType::NipVatUe, &ctx),
        &s.key,
        &s.cert,
    );
    let (op, auth) = Server::accepted(&server.submit_xml(&xml, "").await);
    assert_eq!(server.outcome(&op, &auth).await["status"]["code"], 200);
    let (vat_access, _) = server.redeem(&auth).await;
    let r = server
        .post(
            "/v2/tokens",
            Some(&vat_access),
            json!({"permissions": ["InvoiceRead"], "description": "Token UE"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 26002));
    // A token session may not mint tokens, nor revoke others' tokens, nor touch certificates.
    let made = server
        .post(
            "/v2/tokens",
            Some(&s.access),
            json!({"permissions": ["InvoiceRead", "CredentialsRead"], "description": "Token ERP"}),
        )
        .await
        .json();
    let other = server
        .post(
            "/v2/tokens",
            Some(&s.access),
            json!({"permissions": ["InvoiceRead"], "description": "Drugi token"}),
        )
        .await
        .json();
    server.advance(2).await;
    let token_session = token_session(&server, made["token"].as_str().unwrap(), &s.nip).await;
    let r = server
        .post(
            "/v2/tokens",
            Some(&token_session),
            json!({"permissions": ["InvoiceRead"], "description": "Z tokena"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["reasonCode"].as_str()),
        (403, Some("auth-method-not-allowed"))
    );
    let r = server
        .delete(
            &format!("/v2/tokens/{}", other["referenceNumber"].as_str().unwrap()),
            Some(&token_session),
        )
        .await;
    assert_eq!(
        (r.status, r.json()["reasonCode"].as_str()),
        (403, Some("insufficient-resource-access"))
    );
    assert_eq!(
        server
            .get("/v2/certificates/enrollments/data", Some(&token_session))
            .await
            .code(),
        25001
    );
    let r = server
        .post(
            "/v2/certificates/enrollments",
            Some(&token_session),
            json!({"certificateName": "Nazwa", "certificateType": "Offline", "csr": "AA=="}),
        )
        .await;
    assert_eq!(r.code(), 25002);
    let r = server
        .post(
            "/v2/certificates/0123456789ABCDEF/revoke",
            Some(&token_session),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 403);
    // Paging: garbage continuation tokens and page sizes.
    let r = server
        .call(
            "GET",
            "/v2/tokens",
            Some(&s.access),
            &[("x-continuation-token", "!!")],
            None,
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21418));
    assert_eq!(
        server
            .get("/v2/auth/sessions?pageSize=5", Some(&s.access))
            .await
            .code(),
        21405
    );
    let r = server
        .delete(
            "/v2/auth/sessions/20250514-AU-226FB7B000-3ACF9BE4C0-10",
            Some(&s.access),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21304));
}

pub async fn token_session(server: &Server, token: &str, nip: &str) -> String {
    let keys: Vec<ksef_core::api::security::PublicKeyCertificate> = serde_json::from_slice(
        &server
            .get("/v2/security/public-key-certificates", None)
            .await
            .body,
    )
    .unwrap();
    let key =
        ksef_core::api::security::token_encryption_key(&keys, time::OffsetDateTime::now_utc())
            .unwrap();
    let cert =
        ksef_core::certificate::Certificate::from_der(&B64.decode(&key.certificate).unwrap())
            .unwrap();
    use rsa::pkcs8::DecodePublicKey;
    let public = rsa::RsaPublicKey::from_public_key_der(&cert.public_key_der()).unwrap();
    let c = server.challenge().await;
    let ct = public
        .encrypt(
            &mut OsRng,
            rsa::Oaep::new::<sha2::Sha256>(),
            format!("{token}|{}", c.timestamp_ms).as_bytes(),
        )
        .unwrap();
    let body = json!({"challenge": c.challenge, "contextIdentifier": {"type": "Nip", "value": nip}, "encryptedToken": B64.encode(ct), "publicKeyId": key.public_key_id});
    let (op, auth) = Server::accepted(&server.post("/v2/auth/ksef-token", None, body).await);
    assert_eq!(server.outcome(&op, &auth).await["status"]["code"], 200);
    server.redeem(&auth).await.0
}

#[tokio::test]
async fn enrollment_refusals_25003_to_25011() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let data: ksef_core::api::certificates::CertificateEnrollmentDataResponse =
        serde_json::from_slice(
            &server
                .get("/v2/certificates/enrollments/data", Some(&s.access))
                .await
                .body,
        )
        .unwrap();
    let enroll = |csr: String| {
        let server = server.clone();
        let access = s.access.clone();
        async move {
            server.post("/v2/certificates/enrollments", Some(&access), json!({"certificateName": "Mój certyfikat", "certificateType": "Authentication", "csr": csr})).await
        }
    };
    let ec = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let mut tampered = data.clone();
    tampered.common_name.push('X');
    assert_eq!(
        enroll(
            ksef_core::csr::build(&tampered, &ec, &mut OsRng)
                .unwrap()
                .to_base64()
        )
        .await
        .code(),
        25003
    );
    assert_eq!(enroll("bm90IGEgY3Ny".into()).await.code(), 25004);
    let mut der = ksef_core::csr::build(&data, &ec, &mut OsRng).unwrap().der;
    let last = der.len() - 1;
    der[last] ^= 1;
    assert_eq!(
        enroll(B64.encode(&der)).await.code(),
        25004,
        "a broken signature"
    );
    // sha224WithRSAEncryption / ecdsa-with-SHA224 are not on KSeF's list.
    let good = ksef_core::csr::build(&data, &ec, &mut OsRng).unwrap().der;
    let sha256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];
    let pos = good.windows(10).rposition(|w| w == sha256).unwrap();
    let mut odd = good.clone();
    odd[pos + 9] = 0x01;
    assert_eq!(enroll(B64.encode(&odd)).await.code(), 25011);
    let big = rsa::RsaPrivateKey::new(&mut OsRng, 3072).unwrap();
    let csr = ksef_core::csr::build(&data, &PrivateKey::Rsa(Box::new(big)), &mut OsRng).unwrap();
    assert_eq!(enroll(csr.to_base64()).await.code(), 25010);
    // Limits: one enrollment, one certificate.
    let limits = json!({"subjectIdentifierType": "Nip", "enrollment": {"maxEnrollments": 2}, "certificate": {"maxCertificates": 1}});
    assert_eq!(
        server
            .post(
                "/v2/testdata/limits/subject/certificate",
                Some(&s.access),
                limits
            )
            .await
            .status,
        200
    );
    assert_eq!(
        enroll(
            ksef_core::csr::build(&data, &ec, &mut OsRng)
                .unwrap()
                .to_base64()
        )
        .await
        .status,
        202
    );
    server.advance(2).await;
    let second = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    assert_eq!(
        enroll(
            ksef_core::csr::build(&data, &second, &mut OsRng)
                .unwrap()
                .to_base64()
        )
        .await
        .code(),
        25007
    );
    let limits = json!({"subjectIdentifierType": "Nip", "enrollment": {"maxEnrollments": 1}, "certificate": {"maxCertificates": 5}});
    assert_eq!(
        server
            .post(
                "/v2/testdata/limits/subject/certificate",
                Some(&s.access),
                limits
            )
            .await
            .status,
        200
    );
    assert_eq!(
        enroll(
            ksef_core::csr::build(&data, &second, &mut OsRng)
                .unwrap()
                .to_base64()
        )
        .await
        .code(),
        25006
    );
    assert_eq!(
        server
            .get("/v2/certificates/limits", Some(&s.access))
            .await
            .json()["canRequest"],
        false
    );
    // Unknown enrollment, unknown and already revoked certificates.
    assert_eq!(
        server
            .get(
                "/v2/certificates/enrollments/20250514-EH-226FB7B000-3ACF9BE4C0-10",
                Some(&s.access)
            )
            .await
            .code(),
        25005
    );
    assert_eq!(
        server
            .post(
                "/v2/certificates/0123456789ABCDEF/revoke",
                Some(&s.access),
                json!({})
            )
            .await
            .code(),
        25008
    );
    let serial = server
        .post("/v2/certificates/query", Some(&s.access), json!({}))
        .await
        .json()["certificates"][0]["certificateSerialNumber"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        server
            .post(
                &format!("/v2/certificates/{serial}/revoke"),
                Some(&s.access),
                json!({})
            )
            .await
            .status,
        204
    );
    assert_eq!(
        server
            .post(
                &format!("/v2/certificates/{serial}/revoke"),
                Some(&s.access),
                json!({})
            )
            .await
            .code(),
        25009
    );
}

#[tokio::test]
async fn issuance_outcomes_offline_certificates_and_retention() {
    let server = Server::start().await;
    let (a, b) = (owner_session(&server).await, owner_session(&server).await);
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let enroll = |s: &Session, key: &PrivateKey| {
        let (server, access, key) = (server.clone(), s.access.clone(), key.clone());
        async move {
            let data: ksef_core::api::certificates::CertificateEnrollmentDataResponse =
                serde_json::from_slice(
                    &server
                        .get("/v2/certificates/enrollments/data", Some(&access))
                        .await
                        .body,
                )
                .unwrap();
            let csr = ksef_core::csr::build(&data, &key, &mut OsRng)
                .unwrap()
                .to_base64();
            let r = server.post("/v2/certificates/enrollments", Some(&access), json!({"certificateName": "Wspólny klucz", "certificateType": "Offline", "csr": csr})).await;
            let reference = r.json()["referenceNumber"].as_str().unwrap().to_string();
            server.advance(2).await;
            let path = format!("/v2/certificates/enrollments/{reference}");
            (path.clone(), server.get(&path, Some(&access)).await.json())
        }
    };
    // A public key is certified for one subject only.
    let (a_path, st) = enroll(&a, &key).await;
    assert_eq!(st["status"]["code"], 200, "{st}");
    let (_, st) = enroll(&b, &key).await;
    assert_eq!(
        (
            st["status"]["code"].clone(),
            st["status"]["details"][0].clone()
        ),
        (
            json!(400),
            json!("Klucz publiczny został już certyfikowany przez inny podmiot.")
        )
    );
    // Forced rejection.
    server
        .config(json!({"forceEnrollmentFailure": "Operacja została anulowana"}))
        .await;
    let other = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let (_, st) = enroll(&b, &other).await;
    assert_eq!(st["status"]["details"][0], "Operacja została anulowana");
    // An Offline certificate cannot log in.
    let serial = server.get(&a_path, Some(&a.access)).await.json()["certificateSerialNumber"]
        .as_str()
        .unwrap()
        .to_string();
    let got = server
        .post(
            "/v2/certificates/retrieve",
            Some(&a.access),
            json!({"certificateSerialNumbers": [serial]}),
        )
        .await
        .json();
    assert_eq!(got["certificates"][0]["certificateType"], "Offline");
    let der = B64
        .decode(got["certificates"][0]["certificate"].as_str().unwrap())
        .unwrap();
    let offline = ksef_core::certificate::Certificate::from_der(&der).unwrap();
    let c = server.challenge().await;
    let xml = our_signed(
        &request(&c.challenge, ContextType::Nip, &a.nip),
        &key,
        &offline,
    );
    let (op, auth) = Server::accepted(&server.submit_xml(&xml, "").await);
    let status = server.outcome(&op, &auth).await;
    assert_eq!(
        (
            status["status"]["code"].clone(),
            status["status"]["details"][0].clone()
        ),
        (json!(460), json!("Nieważny certyfikat"))
    );
    // Enrollment statuses are kept 30 days: a new login a month later gets 410.
    server.advance(31 * 24 * 3600).await;
    let c = server.challenge().await;
    let xml = our_signed(
        &request(&c.challenge, ContextType::Nip, &a.nip),
        &a.key,
        &a.cert,
    );
    let (op, auth) = Server::accepted(&server.submit_xml(&xml, "").await);
    assert_eq!(server.outcome(&op, &auth).await["status"]["code"], 200);
    let (access, _) = server.redeem(&auth).await;
    let r = server.get(&a_path, Some(&access)).await;
    assert_eq!((r.status, r.json()["status"].clone()), (410, json!(410)));
}

#[tokio::test]
async fn forced_token_failure_and_warning_echo() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    server
        .config(json!({"forceTokenFailure": "Nie udało się nadać uprawnień"}))
        .await;
    let r = server
        .call(
            "POST",
            "/v2/tokens",
            Some(&s.access),
            &[("x-test-system-warning", "test-warning")],
            Some(Body::Json(
                json!({"permissions": ["InvoiceRead"], "description": "Nieudany"}),
            )),
        )
        .await;
    assert_eq!(r.header("x-system-warning"), Some("test-warning"));
    let reference = r.json()["referenceNumber"].as_str().unwrap().to_string();
    server.advance(2).await;
    let t = server
        .get(&format!("/v2/tokens/{reference}"), Some(&s.access))
        .await
        .json();
    assert_eq!(
        (t["status"].clone(), t["statusDetails"][0].clone()),
        (json!("Failed"), json!("Nie udało się nadać uprawnień"))
    );
    let failed = server
        .get("/v2/tokens?status=Failed", Some(&s.access))
        .await
        .json();
    assert_eq!(failed["tokens"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn too_many_requests_in_both_shapes_with_growing_retry_after() {
    let server = Server::start().await;
    server.config(json!({"rateLimits": "tiny"})).await;
    let mut statuses = vec![];
    for _ in 0..3 {
        statuses.push(
            server
                .call("POST", "/v2/auth/challenge", None, &[], None)
                .await,
        );
    }
    let limited = &statuses[2];
    assert_eq!((statuses[0].status, limited.status), (200, 429));
    assert_eq!(limited.header("retry-after"), Some("1"));
    assert_eq!(limited.json()["status"]["code"], 429);
    server.advance(2).await;
    server
        .call("POST", "/v2/auth/challenge", None, &[], None)
        .await;
    server
        .call("POST", "/v2/auth/challenge", None, &[], None)
        .await;
    let again = server
        .call(
            "POST",
            "/v2/auth/challenge",
            None,
            &[("x-error-format", "problem-details")],
            None,
        )
        .await;
    assert_eq!(again.status, 429);
    assert_eq!(
        again.header("retry-after"),
        Some("2"),
        "repeat offenders wait longer"
    );
    assert_eq!(again.json()["status"], 429);
    assert_eq!(
        again.header("content-type"),
        Some("application/problem+json")
    );
}

#[tokio::test]
async fn test_data_validation_and_unknown_paths() {
    let server = Server::start().await;
    let nip = nip();
    let subject = json!({"subjectNip": nip, "subjectType": "VatGroup", "description": "Grupa VAT", "subunits": [{"subjectNip": support::nip(), "description": "Członek"}]});
    assert_eq!(
        server
            .post("/v2/testdata/subject", None, subject.clone())
            .await
            .status,
        200
    );
    assert_eq!(
        server
            .post("/v2/testdata/subject", None, subject)
            .await
            .code(),
        30001
    );
    assert_eq!(
        server
            .post(
                "/v2/testdata/subject",
                None,
                json!({"subjectNip": "123", "subjectType": "JST", "description": "Gmina"})
            )
            .await
            .code(),
        21405
    );
    let grant = json!({"contextIdentifier": {"type": "Nip", "value": nip}, "authorizedIdentifier": {"type": "Pesel", "value": pesel()}, "permissions": [{"permissionType": "InvoiceRead", "description": "Księgowa"}]});
    assert_eq!(
        server
            .post("/v2/testdata/permissions", None, grant.clone())
            .await
            .status,
        200
    );
    assert_eq!(
        server
            .post("/v2/testdata/permissions", None, grant.clone())
            .await
            .code(),
        30001
    );
    assert_eq!(
        server
            .post("/v2/testdata/permissions/revoke", None, grant)
            .await
            .status,
        200
    );
    assert_eq!(
        server
            .post("/v2/testdata/attachment", None, json!({"nip": nip}))
            .await
            .status,
        200
    );
    assert_eq!(
        server
            .post("/v2/testdata/context/block", None, json!({}))
            .await
            .code(),
        21405
    );
    let r = server
        .call("GET", "/v2/nothing-here", None, &[], None)
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["status"], 404);
}
