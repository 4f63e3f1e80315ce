//! `PUT /testdata/certificates/{serialNumber}` (API 2.9.0): a KSeF certificate's validity can
//! only be shortened; an expired certificate then fails XAdES login with status 460.

use crate::support;

use ksef_core::context::ContextType;
use serde_json::json;
use support::*;

#[tokio::test]
async fn a_shortened_certificate_expires_and_its_login_ends_in_460() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let (serial, key, cert) = issue_certificate(&server, &s.access, "Authentication").await;
    let path = format!("/v2/testdata/certificates/{serial}");
    let listed = server
        .post("/v2/certificates/query", Some(&s.access), json!({}))
        .await
        .json();
    let valid_to = listed["certificates"][0]["validTo"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(listed["certificates"][0]["status"], "Active");

    // Only earlier: a later date, an unknown serial, or another subject's certificate → 25008.
    let r = server
        .put(
            &path,
            Some(&s.access),
            json!({"validTo": "2099-01-01T00:00:00+00:00"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 25008));
    let r = server
        .put(
            "/v2/testdata/certificates/0123456789ABCDEF",
            Some(&s.access),
            json!({"validTo": "2020-01-01T00:00:00+00:00"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 25008));
    let stranger = owner_session(&server).await;
    let r = server
        .put(
            &path,
            Some(&stranger.access),
            json!({"validTo": "2020-01-01T00:00:00+00:00"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 25008));
    // Validation: no date, a serial of the wrong shape, a body that is no JSON (21405 only,
    // this endpoint does not document 21001), no bearer.
    let r = server.put(&path, Some(&s.access), json!({})).await;
    assert_eq!((r.status, r.code()), (400, 21405));
    let r = server
        .put(
            "/v2/testdata/certificates/0123456789abcdef",
            Some(&s.access),
            json!({"validTo": "2020-01-01T00:00:00+00:00"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
    let r = server
        .call(
            "PUT",
            &path,
            Some(&s.access),
            &[],
            Some(Body::RawJson(b"{validTo".to_vec())),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
    let r = server
        .put(&path, None, json!({"validTo": "2020-01-01T00:00:00+00:00"}))
        .await;
    assert_eq!(r.status, 401);
    // Nothing changed so far: the certificate still logs in.
    xades_login(&server, &key, &cert, &s.nip).await;
    let same = server
        .put(&path, Some(&s.access), json!({"validTo": valid_to}))
        .await;
    assert_eq!(same.status, 200, "the same date is no extension");

    // Into the past: Expired in the list, and a login with it ends with 460.
    let r = server
        .put(
            &path,
            Some(&s.access),
            json!({"validTo": "2020-01-01T00:00:00+00:00"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json());
    assert!(r.body.is_empty());
    let listed = server
        .post("/v2/certificates/query", Some(&s.access), json!({}))
        .await
        .json();
    assert_eq!(listed["certificates"][0]["status"], "Expired");
    assert!(listed["certificates"][0]["validTo"]
        .as_str()
        .unwrap()
        .starts_with("2020-01-01T00:00:00"));
    let c = server.challenge().await;
    let xml = our_signed(
        &request(&c.challenge, ContextType::Nip, &s.nip),
        &key,
        &cert,
    );
    let (op, auth) = Server::accepted(&server.submit_xml(&xml, "").await);
    let status = server.outcome(&op, &auth).await;
    assert_eq!(
        status["status"],
        json!({"code": 460,
            "description": "Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu",
            "details": ["Nieważny certyfikat"]})
    );
    assert_eq!(
        status["authenticationMethodInfo"]["code"],
        "xades.internal-certificate"
    );
    // And it can no longer be moved later again.
    let r = server
        .put(&path, Some(&s.access), json!({"validTo": valid_to}))
        .await;
    assert_eq!((r.status, r.code()), (400, 25008));
}
