//! The verifier KSeF-style: our signatures, xmlsec1's (C# SDK shape, inclusive C14N) and the
//! shared samples verify; every change, a DER ECDSA value, a missing XAdES part, SHA-1 in
//! strict mode, a detached reference and a second signature are refused with KSeF's codes.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/xmlsec_sign.rs"]
mod xmlsec_sign;

use std::path::PathBuf;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::auth_xml::{AuthTokenRequest, XmlStyle};
use ksef_core::certificate::Certificate;
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::test_cert::{self_signed, TestIdentity};
use ksef_core::xades_verify::{verify, Options, SignatureError};
use rand_core::OsRng;
use time::OffsetDateTime;

fn request() -> AuthTokenRequest {
    AuthTokenRequest::new(
        "20250514-CR-226FB7B000-3ACF9BE4C0-10".parse().unwrap(),
        ContextIdentifier::parse(ContextType::Nip, "5265877635").unwrap(),
    )
}

fn identity() -> TestIdentity {
    TestIdentity::PersonNip {
        given_name: "Zażółć".into(),
        surname: "Gęślą".into(),
        nip: "5265877635".parse().unwrap(),
    }
}

fn key_and_cert(alg: KeyAlgorithm) -> (PrivateKey, Certificate) {
    let key = PrivateKey::generate(alg, &mut OsRng).unwrap();
    let cert = self_signed(&identity(), &key, OffsetDateTime::now_utc(), &mut OsRng).unwrap();
    (key, cert)
}

fn ours(alg: KeyAlgorithm) -> String {
    let (key, cert) = key_and_cert(alg);
    ksef_core::xades::sign(&request(), &key, &cert, OffsetDateTime::now_utc())
}

fn code(xml: &str) -> Result<(), (i32, String)> {
    verify(xml, Options::default())
        .map(|_| ())
        .map_err(|e| (e.ksef_code(), e.detail()))
}

#[test]
fn our_signatures_verify_and_name_the_signer() {
    for alg in [KeyAlgorithm::EcP256, KeyAlgorithm::Rsa2048] {
        let xml = ours(alg);
        let v = verify(&xml, Options::default()).unwrap();
        assert_eq!(
            v.certificate.subject_identity().unwrap().value,
            "5265877635"
        );
        assert!(v.signing_time.is_some());
        assert!(v.profile_warning.is_none());
    }
}

#[test]
fn shared_samples_verify() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/ksef/vectors");
    if !dir.exists() {
        // CI sets KLUCZNIK_REQUIRE_TOOLS: there a missing ../shared is a failure, not a skip.
        assert!(
            std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_none(),
            "../shared/ksef/vectors is missing"
        );
        return;
    }
    for name in [
        "xades-sample-ecdsa-selfsigned.xml",
        "xades-sample-rsa-ksefcert.xml",
    ] {
        let xml = std::fs::read_to_string(dir.join(name)).unwrap();
        verify(&xml, Options::default()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    }
}

#[test]
fn any_change_after_signing_is_a_digest_mismatch() {
    let xml = ours(KeyAlgorithm::EcP256);
    let changed = xml.replace("5265877635</Nip>", "5265877636</Nip>");
    let (c, detail) = code(&changed).unwrap_err();
    assert_eq!(c, 9105);
    assert_eq!(detail, "digest mismatch for reference ''");
    let time_changed = xml.replacen("<xades:SigningTime>20", "<xades:SigningTime>19", 1);
    let (c, detail) = code(&time_changed).unwrap_err();
    assert_eq!(
        (c, detail.as_str()),
        (9105, "digest mismatch for reference '#SignedProperties'")
    );
}

#[test]
fn ecdsa_value_in_der_is_refused_as_ksef_does() {
    let xml = ours(KeyAlgorithm::EcP256);
    let start = xml.find("<ds:SignatureValue>").unwrap() + "<ds:SignatureValue>".len();
    let end = xml.find("</ds:SignatureValue>").unwrap();
    let raw = B64.decode(&xml[start..end]).unwrap();
    let sig = p256::ecdsa::Signature::from_slice(&raw).unwrap();
    let der = B64.encode(sig.to_der().as_bytes());
    let tampered = format!("{}{}{}", &xml[..start], der, &xml[end..]);
    let (c, detail) = code(&tampered).unwrap_err();
    assert_eq!(c, 9105);
    assert!(
        detail.starts_with("signature verified negatively"),
        "{detail}"
    );
}

#[test]
fn structure_errors_carry_ksef_codes() {
    let unsigned = request().to_xml(XmlStyle::Pretty);
    assert_eq!(code(&unsigned).unwrap_err().0, 9102);
    let xml = ours(KeyAlgorithm::EcP256);
    let sig_start = xml.find("<ds:Signature").unwrap();
    let sig_end = xml.find("</ds:Signature>").unwrap() + "</ds:Signature>".len();
    let twice = format!(
        "{}{}{}",
        &xml[..sig_end],
        &xml[sig_start..sig_end],
        &xml[sig_end..]
    );
    assert_eq!(code(&twice).unwrap_err().0, 9103);
    let detached = xml.replace("URI=\"#SignedProperties\"", "URI=\"https://example.com/x\"");
    let err = verify(&detached, Options::default()).unwrap_err();
    assert!(matches!(err, SignatureError::Detached(_)), "{err:?}");
    assert_eq!(code("<a><b></a>").unwrap_err().0, 9101);
    let no_cert = xml.replace("<ds:X509Certificate>", "<ds:X509Certificate>!!");
    assert_eq!(code(&no_cert).unwrap_err().0, 21115);
}

#[test]
fn profile_checks_need_signed_properties_signing_time_and_the_signers_certificate() {
    if !xmlsec_sign::available() {
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("xades-profile");
    let unsigned = request().to_xml(XmlStyle::Pretty);
    let (key, cert) = key_and_cert(KeyAlgorithm::EcP256);
    let method = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    let time = "2026-01-01T10:00:00Z";
    let without_reference = |t: String| {
        let start = t.find("<Reference URI=\"#SignedProperties\"").unwrap();
        let end = t.find("</SignedInfo>").unwrap();
        format!("{}{}", &t[..start], &t[end..])
    };
    let without_time = |t: String| {
        let start = t.find("<xades:SigningTime>").unwrap();
        let end = t.find("</xades:SigningTime>").unwrap() + "</xades:SigningTime>".len();
        format!("{}{}", &t[..start], &t[end..])
    };
    let wrong_target = |t: String| t.replace("Target=\"#Signature\"", "Target=\"#Other\"");
    let cases: [(&str, &dyn Fn(String) -> String); 3] = [
        ("no SignedProperties reference", &without_reference),
        ("no SigningTime", &without_time),
        ("QualifyingProperties of another signature", &wrong_target),
    ];
    for (what, tweak) in cases {
        let signed = xmlsec_sign::sign_tweaked(&unsigned, &key, &cert, method, time, &dir, tweak);
        let err = verify(&signed, Options::default()).unwrap_err();
        assert!(matches!(err, SignatureError::Profile(_)), "{what}: {err:?}");
        assert!(
            err.detail().starts_with("Format podpisu niezgodny"),
            "{what}"
        );
        // Where KSeF only warns (sig-001), the same signature passes with a warning.
        let lenient = Options {
            profile_as_warning: true,
            ..Options::default()
        };
        assert!(
            verify(&signed, lenient).unwrap().profile_warning.is_some(),
            "{what}"
        );
    }
}

#[test]
fn xmlsec1_signatures_in_the_csharp_shape_verify_and_sha1_is_switchable() {
    if !xmlsec_sign::available() {
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("xades-verify");
    // XmlSerializer-style input: declaration, xsi/xsd namespaces, indentation.
    let unsigned = request().to_xml(XmlStyle::Pretty).replace(
        "xmlns=\"http://ksef.mf.gov.pl/auth/token/2.0\"",
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns=\"http://ksef.mf.gov.pl/auth/token/2.0\"",
    );
    let time = "2026-01-01T10:00:00.1234567+00:00";
    for (alg, method) in [
        (
            KeyAlgorithm::Rsa2048,
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        ),
        (
            KeyAlgorithm::EcP256,
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        ),
        (
            KeyAlgorithm::Rsa2048,
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
        ),
    ] {
        let (key, cert) = key_and_cert(alg);
        let signed = xmlsec_sign::sign(&unsigned, &key, &cert, method, time, &dir);
        let v = verify(&signed, Options::default())
            .unwrap_or_else(|e| panic!("{method}: {e:?}\n{signed}"));
        assert_eq!(v.certificate.der(), cert.der());
        let strict = verify(
            &signed,
            Options {
                reject_sha1: true,
                ..Options::default()
            },
        );
        assert_eq!(strict.is_err(), method.ends_with("sha1"), "{method}");
        // The signer's certificate must be the one SigningCertificate names.
        let (_, other) = key_and_cert(KeyAlgorithm::EcP256);
        let wrong_digest = xmlsec_sign::sign(&unsigned, &key, &other, method, time, &dir);
        assert!(verify(&wrong_digest, Options::default()).is_err());
    }
}
