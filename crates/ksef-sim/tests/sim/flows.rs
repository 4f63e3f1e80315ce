//! Every flow over HTTP, in the order a user meets them: XAdES login with a self-signed
//! certificate signed by xmlsec1, redeem, a KSeF token and a login with it, a certificate from a
//! CSR, a login with that certificate, revocation, and the login that then fails. Every response
//! is checked against open-api.json (status code and body schema).

use crate::support;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::api::security::{token_encryption_key, PublicKeyCertificate};
use ksef_core::context::ContextType;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use rand_core::OsRng;
use serde_json::{json, Value};
use support::*;

/// Encrypts `token|timestampMs` for the published token key, as a client does.
pub async fn encrypted_token(server: &Server, token: &str, timestamp_ms: i64) -> (String, String) {
    let keys: Vec<PublicKeyCertificate> = serde_json::from_slice(
        &server
            .get("/v2/security/public-key-certificates", None)
            .await
            .body,
    )
    .unwrap();
    let key = token_encryption_key(&keys, time::OffsetDateTime::now_utc()).expect("a token key");
    let cert =
        ksef_core::certificate::Certificate::from_der(&B64.decode(&key.certificate).unwrap())
            .unwrap();
    use rsa::pkcs8::DecodePublicKey;
    let public = rsa::RsaPublicKey::from_public_key_der(&cert.public_key_der()).unwrap();
    let plain = format!("{token}|{timestamp_ms}");
    let ct = public
        .encrypt(
            &mut OsRng,
            rsa::Oaep::new::<sha2::Sha256>(),
            plain.as_bytes(),
        )
        .unwrap();
    (B64.encode(ct), key.public_key_id.clone())
}

async fn token_login(server: &Server, token: &str, nip: &str) -> (String, String) {
    let challenge = server.challenge().await;
    let (encrypted, key_id) = encrypted_token(server, token, challenge.timestamp_ms).await;
    let body = json!({"challenge": challenge.challenge, "contextIdentifier": {"type": "Nip", "value": nip},
        "encryptedToken": encrypted, "publicKeyId": key_id});
    Server::accepted(&server.post("/v2/auth/ksef-token", None, body).await)
}

#[tokio::test]
async fn every_flow_from_first_login_to_a_revoked_certificate() {
    let server = Server::start().await;
    if !xmlsec_sign::available() {
        return;
    }
    // 1. XAdES login: self-signed person certificate, signed by xmlsec1.
    let nip = nip();
    let (key, cert) = key_and_cert(&person(&nip), KeyAlgorithm::Rsa2048);
    let challenge = server.challenge().await;
    let xml = xmlsec_signed(
        &request(&challenge.challenge, ContextType::Nip, &nip),
        &key,
        &cert,
    );
    let (reference, auth) = Server::accepted(
        &server
            .submit_xml(&xml, "?verifyCertificateChain=false")
            .await,
    );
    let status = server.outcome(&reference, &auth).await;
    assert_eq!(status["status"]["code"], 200, "{status}");
    assert_eq!(
        status["authenticationMethodInfo"]["category"],
        "XadesSignature"
    );
    let (access, refresh) = server.redeem(&auth).await;
    let again = server
        .call("POST", "/v2/auth/token/redeem", Some(&auth), &[], None)
        .await;
    assert_eq!((again.status, again.code()), (400, 21301));

    // 2. A KSeF token: secret once, Pending, then Active; listed with a filter.
    let r = server
        .post(
            "/v2/tokens",
            Some(&access),
            json!({"permissions": ["InvoiceRead", "InvoiceWrite"], "description": "Token dla ERP"}),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.json());
    let token = r.json()["token"].as_str().unwrap().to_string();
    let token_ref = r.json()["referenceNumber"].as_str().unwrap().to_string();
    assert!(token.starts_with(&format!("{token_ref}|nip-{nip}|")));
    let one = server
        .get(&format!("/v2/tokens/{token_ref}"), Some(&access))
        .await
        .json();
    assert_eq!(one["status"], "Pending");
    assert!(
        !one.to_string().contains(token.rsplit('|').next().unwrap()),
        "the secret is shown once"
    );
    server.advance(2).await;
    let list = server
        .get("/v2/tokens?status=Active&description=erp", Some(&access))
        .await
        .json();
    assert_eq!(list["tokens"][0]["referenceNumber"], token_ref.as_str());

    // 3. Log in with the token: RSA-OAEP with the published key.
    let (token_op, token_auth) = token_login(&server, &token, &nip).await;
    let status = server.outcome(&token_op, &token_auth).await;
    assert_eq!(status["status"]["code"], 200, "{status}");
    assert_eq!(status["authenticationMethod"], "Token");
    let (token_access, token_refresh) = server.redeem(&token_auth).await;
    let own = server.get("/v2/tokens", Some(&token_access)).await.json();
    assert_eq!(
        own["tokens"].as_array().unwrap().len(),
        1,
        "a token session sees its own token"
    );

    // 4. A certificate from a CSR made with the enrollment data.
    let limits = server
        .get("/v2/certificates/limits", Some(&access))
        .await
        .json();
    assert_eq!(limits["canRequest"], true);
    let data: ksef_core::api::certificates::CertificateEnrollmentDataResponse =
        serde_json::from_slice(
            &server
                .get("/v2/certificates/enrollments/data", Some(&access))
                .await
                .body,
        )
        .unwrap();
    let ksef_key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let csr = ksef_core::csr::build(&data, &ksef_key, &mut OsRng).unwrap();
    let r = server.post("/v2/certificates/enrollments", Some(&access), json!({"certificateName": "Certyfikat łączności", "certificateType": "Authentication", "csr": csr.to_base64()})).await;
    assert_eq!(r.status, 202, "{}", r.json());
    let enrollment = r.json()["referenceNumber"].as_str().unwrap().to_string();
    let path = format!("/v2/certificates/enrollments/{enrollment}");
    assert_eq!(
        server.get(&path, Some(&access)).await.json()["status"]["code"],
        100
    );
    server.advance(2).await;
    let done = server.get(&path, Some(&access)).await.json();
    assert_eq!(done["status"]["code"], 200, "{done}");
    let serial = done["certificateSerialNumber"]
        .as_str()
        .unwrap()
        .to_string();
    let got = server
        .post(
            "/v2/certificates/retrieve",
            Some(&access),
            json!({"certificateSerialNumbers": [serial]}),
        )
        .await
        .json();
    let der = B64
        .decode(got["certificates"][0]["certificate"].as_str().unwrap())
        .unwrap();
    let ksef_cert = ksef_core::certificate::Certificate::from_der(&der).unwrap();
    assert!(ksef_cert.matches(&ksef_key));
    assert_eq!(ksef_cert.serial_hex(), serial);

    // 5. Log in with a signature made by that certificate.
    let challenge = server.challenge().await;
    let xml = our_signed(
        &request(&challenge.challenge, ContextType::Nip, &nip),
        &ksef_key,
        &ksef_cert,
    );
    let (op, op_auth) = Server::accepted(&server.submit_xml(&xml, "").await);
    let status = server.outcome(&op, &op_auth).await;
    assert_eq!(status["status"]["code"], 200, "{status}");
    assert_eq!(status["authenticationMethod"], "InternalCertificate");

    // 6. Revoke it; the next login with it fails with 460.
    let r = server
        .post(
            &format!("/v2/certificates/{serial}/revoke"),
            Some(&access),
            json!({"revocationReason": "Superseded"}),
        )
        .await;
    assert_eq!(r.status, 204);
    let challenge = server.challenge().await;
    let xml = our_signed(
        &request(&challenge.challenge, ContextType::Nip, &nip),
        &ksef_key,
        &ksef_cert,
    );
    let (op, op_auth) = Server::accepted(&server.submit_xml(&xml, "").await);
    let status = server.outcome(&op, &op_auth).await;
    assert_eq!(status["status"]["code"], 460);
    assert_eq!(status["status"]["details"][0], "Certyfikat odwołany");
    let query = server
        .post("/v2/certificates/query", Some(&access), json!({}))
        .await
        .json();
    assert_eq!(query["certificates"][0]["status"], "Revoked");

    // 7. Sessions: listed, refreshed, ended; the refresh token then stops working.
    let sessions = server.get("/v2/auth/sessions", Some(&access)).await.json();
    let current: Vec<&Value> = sessions["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["isCurrent"] == true)
        .collect();
    assert_eq!(current[0]["referenceNumber"], reference.as_str());
    let r = server
        .call("POST", "/v2/auth/token/refresh", Some(&refresh), &[], None)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        server
            .delete("/v2/auth/sessions/current", Some(&access))
            .await
            .status,
        204
    );
    let r = server
        .call("POST", "/v2/auth/token/refresh", Some(&refresh), &[], None)
        .await;
    assert_eq!((r.status, r.code()), (400, 21301));
    assert_eq!(
        server
            .get(&format!("/v2/auth/{reference}"), Some(&auth))
            .await
            .json()["status"]["code"],
        425
    );
    // The access token lives until its expiry.
    assert_eq!(
        server
            .get("/v2/certificates/limits", Some(&access))
            .await
            .status,
        200
    );

    // 8. Revoking the KSeF token ends logins with it and refreshes of its sessions.
    assert_eq!(
        server
            .delete(&format!("/v2/tokens/{token_ref}"), Some(&token_access))
            .await
            .status,
        204
    );
    let r = server
        .call(
            "POST",
            "/v2/auth/token/refresh",
            Some(&token_refresh),
            &[],
            None,
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21301));
    let (op, op_auth) = token_login(&server, &token, &nip).await;
    let status = server.outcome(&op, &op_auth).await;
    assert_eq!(
        (
            status["status"]["code"].clone(),
            status["status"]["details"][0].clone()
        ),
        (json!(450), json!("Token unieważniony"))
    );
}
