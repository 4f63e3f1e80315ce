//! `POST /auth/xades-signature` refusals, each with KSeF's code, in both error shapes, and the
//! asynchronous certificate outcomes (460, 415, 470, 480, forced 500/550).

use crate::support;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::api::certificates::CertificateEnrollmentDataResponse as Data;
use ksef_core::context::ContextType;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use rand_core::OsRng;
use serde_json::json;
use support::*;

async fn signed(
    server: &Server,
    nip: &str,
) -> (String, PrivateKey, ksef_core::certificate::Certificate) {
    let (key, cert) = key_and_cert(&person(nip), KeyAlgorithm::EcP256);
    let c = server.challenge().await;
    (
        our_signed(&request(&c.challenge, ContextType::Nip, nip), &key, &cert),
        key,
        cert,
    )
}

async fn code_of(server: &Server, xml: &[u8]) -> (i64, String) {
    let r = server
        .call(
            "POST",
            "/v2/auth/xades-signature",
            None,
            &[],
            Some(Body::Xml(xml.to_vec())),
        )
        .await;
    assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
    (r.code(), r.details())
}

#[tokio::test]
async fn content_and_challenge_errors() {
    let server = Server::start().await;
    let nip = nip();
    assert_eq!(
        code_of(
            &server,
            b"<AuthTokenRequest xmlns=\"http://ksef.mf.gov.pl/auth/token/2.0\"><Challenge>"
        )
        .await
        .0,
        21001
    );
    assert_eq!(
        code_of(&server, b"<?xml version=\"1.0\"?><a>\xff\xfe</a>")
            .await
            .0,
        21217
    );
    let c = server.challenge().await;
    let unsigned =
        request(&c.challenge, ContextType::Nip, &nip).to_xml(ksef_core::auth_xml::XmlStyle::Pretty);
    let bad_nip = unsigned.replace(&format!(">{nip}<"), ">12345<");
    assert_eq!(code_of(&server, bad_nip.as_bytes()).await.0, 21401);
    let huge = format!("{}<!--{}-->", unsigned, "x".repeat(1 << 20));
    assert_eq!(code_of(&server, huge.as_bytes()).await.0, 21405);
    // Unknown, reused and expired challenges.
    let (xml, ..) = signed(&server, &nip).await;
    let unknown = xml.replace(
        &xml[xml.find("<Challenge>").unwrap() + 11..xml.find("</Challenge>").unwrap()],
        "20250514-CR-226FB7B000-3ACF9BE4C0-10",
    );
    assert_eq!(code_of(&server, unknown.as_bytes()).await.0, 21111);
    assert_eq!(server.submit_xml(&xml, "").await.status, 202);
    let (code, details) = code_of(&server, xml.as_bytes()).await;
    assert_eq!(code, 21111);
    assert!(details.contains("użyte"), "{details}");
    let (xml, ..) = signed(&server, &nip).await;
    server.advance(11 * 60).await;
    let (code, details) = code_of(&server, xml.as_bytes()).await;
    assert_eq!(code, 21111);
    assert!(details.contains("wygasło"), "{details}");
}

#[tokio::test]
async fn signature_errors_9101_to_9105_and_21115_21117_21406() {
    let server = Server::start().await;
    let nip = nip();
    let c = server.challenge().await;
    let unsigned = request(&c.challenge, ContextType::Nip, &nip)
        .to_xml(ksef_core::auth_xml::XmlStyle::Compact);
    assert_eq!(code_of(&server, unsigned.as_bytes()).await.0, 9102);
    let c = server.challenge().await;
    let empty_signature = request(&c.challenge, ContextType::Nip, &nip)
        .to_xml(ksef_core::auth_xml::XmlStyle::Compact)
        .replace("</AuthTokenRequest>", "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"></ds:Signature></AuthTokenRequest>");
    assert_eq!(code_of(&server, empty_signature.as_bytes()).await.0, 9101);

    let (xml, ..) = signed(&server, &nip).await;
    let (s, e) = (
        xml.find("<ds:Signature").unwrap(),
        xml.find("</ds:Signature>").unwrap() + 15,
    );
    let twice = format!("{}{}{}", &xml[..e], &xml[s..e], &xml[e..]);
    assert_eq!(code_of(&server, twice.as_bytes()).await.0, 9103);

    let (xml, ..) = signed(&server, &nip).await;
    let tampered = xml.replace("certificateSubject", "certificateFingerprint");
    let (code, details) = code_of(&server, tampered.as_bytes()).await;
    assert_eq!(
        (code, details.as_str()),
        (9105, "digest mismatch for reference ''")
    );

    let (xml, ..) = signed(&server, &nip).await;
    let (vs, ve) = (
        xml.find("<ds:SignatureValue>").unwrap() + 19,
        xml.find("</ds:SignatureValue>").unwrap(),
    );
    let sig = p256::ecdsa::Signature::from_slice(&B64.decode(&xml[vs..ve]).unwrap()).unwrap();
    let der = format!(
        "{}{}{}",
        &xml[..vs],
        B64.encode(sig.to_der().as_bytes()),
        &xml[ve..]
    );
    let (code, details) = code_of(&server, der.as_bytes()).await;
    assert_eq!(code, 9105);
    assert!(
        details.starts_with("signature verified negatively"),
        "{details}"
    );

    let (xml, ..) = signed(&server, &nip).await;
    let bad_cert = xml.replace("<ds:X509Certificate>", "<ds:X509Certificate>AAAA");
    assert_eq!(code_of(&server, bad_cert.as_bytes()).await.0, 21115);

    // A seal naming a person, a certificate with no identifier, a Peppol context by subject.
    let key = p256::SecretKey::random(&mut OsRng);
    let now = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    let seal_with_names = Data {
        common_name: "Firma".into(),
        country_name: "PL".into(),
        organization_identifier: Some(format!("VATPL-{nip}")),
        organization_name: Some("Firma".into()),
        given_name: Some(vec!["Jan".into()]),
        ..Data::default()
    };
    let no_id = Data {
        common_name: "Anonim".into(),
        country_name: "PL".into(),
        ..Data::default()
    };
    for (data, code) in [(seal_with_names, 21115), (no_id, 21406)] {
        let cert = custom_cert(&data, &key, None, now);
        let c = server.challenge().await;
        let xml = our_signed(
            &request(&c.challenge, ContextType::Nip, &nip),
            &PrivateKey::Ec(key.clone()),
            &cert,
        );
        assert_eq!(code_of(&server, xml.as_bytes()).await.0, code);
    }
    let (key, cert) = key_and_cert(&person(&nip), KeyAlgorithm::EcP256);
    let c = server.challenge().await;
    let xml = our_signed(
        &request(&c.challenge, ContextType::PeppolId, "PAB123456"),
        &key,
        &cert,
    );
    assert_eq!(code_of(&server, xml.as_bytes()).await.0, 21117);
}

#[tokio::test]
async fn xades_profile_and_sha1_switches() {
    let server = Server::start().await;
    if !xmlsec_sign::available() {
        return;
    }
    let nip = nip();
    let (key, cert) = key_and_cert(&person(&nip), KeyAlgorithm::Rsa2048);
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sim-profile");
    let without_properties_reference = |t: String| {
        let start = t.find("<Reference URI=\"#SignedProperties\"").unwrap();
        let end = t.find("</SignedInfo>").unwrap();
        format!("{}{}", &t[..start], &t[end..])
    };
    let sign = |challenge: &str, method: &str, strip: bool| {
        let unsigned = request(challenge, ContextType::Nip, &nip)
            .to_xml(ksef_core::auth_xml::XmlStyle::Pretty);
        let time = "2026-01-01T10:00:00Z";
        if strip {
            xmlsec_sign::sign_tweaked(
                &unsigned,
                &key,
                &cert,
                method,
                time,
                &dir,
                without_properties_reference,
            )
        } else {
            xmlsec_sign::sign(&unsigned, &key, &cert, method, time, &dir)
        }
    };
    let rsa256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
    let c = server.challenge().await;
    let (code, details) = code_of(&server, sign(&c.challenge, rsa256, true).as_bytes()).await;
    assert_eq!(code, 9105);
    assert!(
        details.starts_with("Format podpisu niezgodny z akceptowanymi profilami XAdES."),
        "{details}"
    );
    // Where KSeF only warns, the same document is accepted with X-System-Warning sig-001.
    server.config(json!({"strictXadesProfile": false})).await;
    let c = server.challenge().await;
    let r = server
        .submit_xml(&sign(&c.challenge, rsa256, true), "")
        .await;
    assert_eq!(r.status, 202);
    assert!(r.header("x-system-warning").unwrap().starts_with("sig-001"));
    // SHA-1 passes on TEST and is refused where it is switched off.
    let sha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    let c = server.challenge().await;
    assert_eq!(
        server
            .submit_xml(&sign(&c.challenge, sha1, false), "")
            .await
            .status,
        202
    );
    server.config(json!({"rejectSha1": true})).await;
    let c = server.challenge().await;
    assert_eq!(
        code_of(&server, sign(&c.challenge, sha1, false).as_bytes())
            .await
            .0,
        9105
    );
}

async fn outcome_of(server: &Server, xml: &str, query: &str) -> serde_json::Value {
    let (op, auth) = Server::accepted(&server.submit_xml(xml, query).await);
    server.outcome(&op, &auth).await["status"].clone()
}

#[tokio::test]
async fn certificate_and_permission_outcomes() {
    let server = Server::start().await;
    let nip = nip();
    let (xml, ..) = signed(&server, &nip).await;
    let status = outcome_of(&server, &xml, "?verifyCertificateChain=true").await;
    assert_eq!(
        (status["code"].clone(), status["details"][0].clone()),
        (json!(460), json!("Niezaufany łańcuch certyfikatów"))
    );

    let key = p256::SecretKey::random(&mut OsRng);
    let ca = p256::SecretKey::random(&mut OsRng);
    let data = person(&nip).subject();
    let foreign = custom_cert(
        &data,
        &key,
        Some(("CN=Obce CA,C=DE", &ca)),
        time::OffsetDateTime::now_utc() - time::Duration::hours(1),
    );
    let expired = custom_cert(
        &data,
        &key,
        None,
        time::OffsetDateTime::now_utc() - time::Duration::days(400),
    );
    for (cert, detail) in [
        (foreign, "Błąd weryfikacji łańcucha certyfikatów"),
        (expired, "Nieważny certyfikat"),
    ] {
        let c = server.challenge().await;
        let xml = our_signed(
            &request(&c.challenge, ContextType::Nip, &nip),
            &PrivateKey::Ec(key.clone()),
            &cert,
        );
        let status = outcome_of(&server, &xml, "").await;
        assert_eq!(
            (status["code"].clone(), status["details"][0].clone()),
            (json!(460), json!(detail))
        );
    }

    // Someone else's context: no permissions → 415; redeem is then refused (21301).
    let (key, cert) = key_and_cert(&person(&support::nip()), KeyAlgorithm::EcP256);
    let c = server.challenge().await;
    let xml = our_signed(&request(&c.challenge, ContextType::Nip, &nip), &key, &cert);
    let (op, auth) = Server::accepted(&server.submit_xml(&xml, "").await);
    assert_eq!(server.outcome(&op, &auth).await["status"]["code"], 415);
    let r = server
        .call("POST", "/v2/auth/token/redeem", Some(&auth), &[], None)
        .await;
    assert_eq!((r.status, r.code()), (400, 21301));

    // A blocked context → 480; unblocked → 200.
    let ctx = json!({"contextIdentifier": {"type": "Nip", "value": nip}});
    assert_eq!(
        server
            .post("/v2/testdata/context/block", None, ctx.clone())
            .await
            .status,
        200
    );
    let (xml, ..) = signed(&server, &nip).await;
    assert_eq!(outcome_of(&server, &xml, "").await["code"], 480);
    assert_eq!(
        server
            .post("/v2/testdata/context/unblock", None, ctx)
            .await
            .status,
        200
    );
    let (xml, ..) = signed(&server, &nip).await;
    assert_eq!(outcome_of(&server, &xml, "").await["code"], 200);

    // Forced system outcomes.
    for code in [500, 550] {
        server.config(json!({"forceAuthStatus": code})).await;
        let (xml, ..) = signed(&server, &nip).await;
        assert_eq!(outcome_of(&server, &xml, "").await["code"], code);
    }
}

#[tokio::test]
async fn deceased_person_470_and_21308() {
    let server = Server::start().await;
    let (nip, pesel) = (nip(), pesel());
    let body = |deceased: bool| json!({"nip": nip, "pesel": pesel, "isBailiff": false, "description": "Jan Testowy", "isDeceased": deceased});
    assert_eq!(
        server
            .post("/v2/testdata/person", None, body(false))
            .await
            .status,
        200
    );
    let again = server.post("/v2/testdata/person", None, body(false)).await;
    assert_eq!((again.status, again.code()), (400, 30001));
    let identity = ksef_core::test_cert::TestIdentity::PersonPesel {
        given_name: "Jan".into(),
        surname: "Testowy".into(),
        pesel: pesel.parse().unwrap(),
    };
    let (key, cert) = key_and_cert(&identity, KeyAlgorithm::EcP256);
    let c = server.challenge().await;
    let xml = our_signed(&request(&c.challenge, ContextType::Nip, &nip), &key, &cert);
    let (op, auth) = Server::accepted(&server.submit_xml(&xml, "").await);
    assert_eq!(
        server.outcome(&op, &auth).await["status"]["code"],
        200,
        "PESEL owner via the NIP–PESEL link"
    );
    let (_, refresh) = server.redeem(&auth).await;
    assert_eq!(
        server
            .post("/v2/testdata/person/remove", None, json!({"nip": nip}))
            .await
            .status,
        200
    );
    assert_eq!(
        server
            .post("/v2/testdata/person", None, body(true))
            .await
            .status,
        200
    );
    let r = server
        .call("POST", "/v2/auth/token/refresh", Some(&refresh), &[], None)
        .await;
    assert_eq!((r.status, r.code()), (400, 21308));
    let c = server.challenge().await;
    let xml = our_signed(&request(&c.challenge, ContextType::Nip, &nip), &key, &cert);
    assert_eq!(outcome_of(&server, &xml, "").await["code"], 470);
}

#[tokio::test]
async fn klucznik_rsa_and_ec_signatures_are_accepted_and_one_changed_byte_refused() {
    let server = Server::start().await;
    let nip = nip();
    for alg in [KeyAlgorithm::Rsa2048, KeyAlgorithm::EcP256] {
        let (key, cert) = key_and_cert(&person(&nip), alg);
        let c = server.challenge().await;
        let xml = our_signed(&request(&c.challenge, ContextType::Nip, &nip), &key, &cert);
        assert_eq!(outcome_of(&server, &xml, "").await["code"], 200, "{alg:?}");
        let c = server.challenge().await;
        let xml = our_signed(&request(&c.challenge, ContextType::Nip, &nip), &key, &cert);
        let changed = xml.replacen(
            "<SubjectIdentifierType>certificateSubject",
            "<SubjectIdentifierType>certificateSubjecT",
            1,
        );
        assert_eq!(
            code_of(&server, changed.as_bytes()).await.0,
            21401,
            "{alg:?}: schema first"
        );
        // One character of the SignedProperties digest inside SignedInfo.
        let at = xml
            .find("</ds:DigestValue></ds:Reference></ds:SignedInfo>")
            .unwrap()
            - 3;
        let mut bytes = xml.into_bytes();
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        assert_eq!(code_of(&server, &bytes).await.0, 9105, "{alg:?}");
    }
}
