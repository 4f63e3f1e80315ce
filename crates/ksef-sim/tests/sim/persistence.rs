//! `ksef-sim --state FILE`: a snapshot restores sessions, tokens and the CA, so a demo survives
//! a restart (access tokens, KSeF tokens and issued certificates keep working).

use crate::support;

use ksef_core::context::ContextType;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use rand_core::OsRng;
use serde_json::json;
use support::*;

#[tokio::test]
async fn a_restored_simulator_keeps_sessions_tokens_and_certificates() {
    let sim = ksef_sim::Sim::new();
    let server = Server::start_with(sim.clone()).await;
    let s = owner_session(&server).await;
    let made = server
        .post(
            "/v2/tokens",
            Some(&s.access),
            json!({"permissions": ["InvoiceRead"], "description": "Przed restartem"}),
        )
        .await;
    assert_eq!(made.status, 202);
    let data: ksef_core::api::certificates::CertificateEnrollmentDataResponse =
        serde_json::from_slice(
            &server
                .get("/v2/certificates/enrollments/data", Some(&s.access))
                .await
                .body,
        )
        .unwrap();
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let csr = ksef_core::csr::build(&data, &key, &mut OsRng)
        .unwrap()
        .to_base64();
    let r = server.post("/v2/certificates/enrollments", Some(&s.access), json!({"certificateName": "Przed restartem", "certificateType": "Authentication", "csr": csr})).await;
    assert_eq!(r.status, 202);
    server.advance(2).await;

    let restored = ksef_sim::Sim::restore(&sim.snapshot()).unwrap();
    let after = Server::start_with(restored).await;
    after.advance(2).await;
    let tokens = after.get("/v2/tokens", Some(&s.access)).await.json();
    assert_eq!(
        tokens["tokens"][0]["referenceNumber"],
        made.json()["referenceNumber"]
    );
    let certs = after
        .post("/v2/certificates/query", Some(&s.access), json!({}))
        .await
        .json();
    let serial = certs["certificates"][0]["certificateSerialNumber"]
        .as_str()
        .unwrap_or_else(|| panic!("{certs} {}", sim.snapshot()))
        .to_string();
    let got = after
        .post(
            "/v2/certificates/retrieve",
            Some(&s.access),
            json!({"certificateSerialNumbers": [serial]}),
        )
        .await
        .json();
    use base64::Engine;
    let der = base64::engine::general_purpose::STANDARD
        .decode(got["certificates"][0]["certificate"].as_str().unwrap())
        .unwrap();
    let cert = ksef_core::certificate::Certificate::from_der(&der).unwrap();
    let c = after.challenge().await;
    let xml = our_signed(
        &request(&c.challenge, ContextType::Nip, &s.nip),
        &key,
        &cert,
    );
    let (op, auth) = Server::accepted(&after.submit_xml(&xml, "").await);
    assert_eq!(
        after.outcome(&op, &auth).await["status"]["code"],
        200,
        "the CA key survived"
    );
    assert!(ksef_sim::Sim::restore("{}").is_err());
}
