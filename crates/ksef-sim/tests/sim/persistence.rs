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

/// Grants of `/permissions/*` and their operations survive a restart (one still running ends
/// after it), and a state file written before they existed still loads.
#[tokio::test]
async fn permission_grants_survive_and_older_state_files_load() {
    use support::permissions::*;
    let sim = ksef_sim::Sim::new();
    let server = Server::start_with(sim.clone()).await;
    let s = owner_session(&server).await;
    let worker = Actor::person_nip(&nip());
    let body = person_grant("Nip", &worker.id, &["InvoiceRead"]);
    let done = start(
        &server,
        "POST",
        "/v2/permissions/persons/grants",
        &s.access,
        Some(body),
    )
    .await;
    assert_eq!(finish(&server, &s.access, &done).await["code"], 200);
    let body = person_grant("Nip", &worker.id, &["InvoiceWrite"]);
    let running = start(
        &server,
        "POST",
        "/v2/permissions/persons/grants",
        &s.access,
        Some(body),
    )
    .await;
    let body = json!({"subjectNip": nip(), "subjectType": "VatGroup", "description": "Grupa VAT"});
    assert_eq!(
        server.post("/v2/testdata/subject", None, body).await.status,
        200
    );

    let after = Server::start_with(ksef_sim::Sim::restore(&sim.snapshot()).unwrap()).await;
    assert_eq!(finish(&after, &s.access, &running).await["code"], 200);
    let access = worker.access(&after, &s.nip).await;
    let v = query(
        &after,
        "/v2/permissions/query/personal/grants",
        &access,
        json!({}),
    )
    .await;
    assert_eq!(scopes(&v), ["InvoiceRead", "InvoiceWrite"]);

    // An older file: no permission stores, entities and persons without their new fields.
    let mut old: serde_json::Value = serde_json::from_str(&sim.snapshot()).unwrap();
    let state = old["state"].as_object_mut().unwrap();
    for key in [
        "permission_grants",
        "authorizations",
        "permission_operations",
        "attachments",
    ] {
        assert!(state.remove(key).is_some(), "{key} is saved");
    }
    for e in state["entities"].as_array_mut().unwrap() {
        let e = e.as_object_mut().unwrap();
        assert!(e.remove("description").is_some() && e.remove("created").is_some());
    }
    let restored = ksef_sim::Sim::restore(&old.to_string()).unwrap();
    let after = Server::start_with(restored).await;
    assert_eq!(
        worker.login(&after, ContextType::Nip, &s.nip).await,
        Err(415)
    );
}
