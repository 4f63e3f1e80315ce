//! The pre-flight report names each problem a user can have with a signed auth.xml, in Polish
//! and English: wrong or expired challenge, a change after signing, a DER ECDSA value, a missing
//! SigningCertificate, a detached signature; and passes a good file.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/xmlsec_sign.rs"]
mod xmlsec_sign;

use ksef_core::auth_xml::AuthTokenRequest;
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::ident::Challenge;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::lang::Lang;
use ksef_core::preflight::{check, Expected, Report, Severity};
use ksef_core::test_cert::{self_signed, TestIdentity};
use rand_core::OsRng;
use time::{Duration, OffsetDateTime};

const CHALLENGE: &str = "20250514-CR-226FB7B000-3ACF9BE4C0-10";

fn signed(alg: KeyAlgorithm) -> String {
    let key = PrivateKey::generate(alg, &mut OsRng).unwrap();
    let identity = TestIdentity::PersonNip {
        given_name: "Jan".into(),
        surname: "Kowalski".into(),
        nip: "5265877635".parse().unwrap(),
    };
    let cert = self_signed(&identity, &key, OffsetDateTime::now_utc(), &mut OsRng).unwrap();
    let request = AuthTokenRequest::new(
        CHALLENGE.parse().unwrap(),
        ContextIdentifier::parse(ContextType::Nip, "5265877635").unwrap(),
    );
    ksef_core::xades::sign(&request, &key, &cert, OffsetDateTime::now_utc())
}

fn expected(issued_ago: Duration) -> Expected {
    Expected {
        challenge: Some((
            CHALLENGE.parse::<Challenge>().unwrap(),
            Some(OffsetDateTime::now_utc() - issued_ago),
        )),
        context: Some(ContextIdentifier::parse(ContextType::Nip, "5265877635").unwrap()),
    }
}

fn errors(report: &Report) -> String {
    let pl = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.pl.clone())
        .collect::<Vec<_>>()
        .join(" | ");
    assert!(!report.is_valid(), "expected a refusal");
    assert!(!report.to_text(Lang::En).is_empty());
    pl
}

#[test]
fn a_good_file_passes_and_names_the_signer() {
    let xml = signed(KeyAlgorithm::EcP256);
    let report = check(
        xml.as_bytes(),
        &expected(Duration::minutes(3)),
        OffsetDateTime::now_utc(),
    );
    assert!(report.is_valid(), "{}", report.to_text(Lang::Pl));
    let text = report.to_text(Lang::Pl);
    assert!(
        text.contains("ważne jeszcze 6:5") || text.contains("ważne jeszcze 7:00"),
        "{text}"
    );
    assert!(
        text.contains("Identyfikator podpisującego: NIP 5265877635"),
        "{text}"
    );
    assert!(text.contains("Kontekst: NIP 5265877635"), "{text}");
    assert!(report.to_text(Lang::En).contains("Self-signed certificate"));
    assert_eq!(
        report.signer.unwrap().identity.as_deref(),
        Some("NIP 5265877635")
    );
}

#[test]
fn wrong_and_expired_challenges() {
    let xml = signed(KeyAlgorithm::EcP256);
    let mut other = expected(Duration::minutes(1));
    let fresh = ksef_core::ident::ReferenceNumber::generate("20250514", "CR", [7; 10]);
    other.challenge = Some((fresh.as_str().parse().unwrap(), None));
    assert!(
        errors(&check(xml.as_bytes(), &other, OffsetDateTime::now_utc()))
            .contains("innego wyzwania")
    );
    let late = check(
        xml.as_bytes(),
        &expected(Duration::minutes(12)),
        OffsetDateTime::now_utc(),
    );
    assert!(
        errors(&late).contains("Wyzwanie wygasło 2 min temu"),
        "{}",
        late.to_text(Lang::Pl)
    );
}

#[test]
fn modified_document_der_ecdsa_missing_signing_certificate_and_detached() {
    let now = OffsetDateTime::now_utc();
    let xml = signed(KeyAlgorithm::EcP256);
    let modified = xml.replace("certificateSubject", "certificateFingerprint");
    assert!(
        errors(&check(modified.as_bytes(), &Expected::default(), now))
            .contains("zmieniono po podpisaniu")
    );

    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let (s, e) = (
        xml.find("<ds:SignatureValue>").unwrap() + 19,
        xml.find("</ds:SignatureValue>").unwrap(),
    );
    let sig = p256::ecdsa::Signature::from_slice(&b64.decode(&xml[s..e]).unwrap()).unwrap();
    let der = format!(
        "{}{}{}",
        &xml[..s],
        b64.encode(sig.to_der().as_bytes()),
        &xml[e..]
    );
    assert!(errors(&check(der.as_bytes(), &Expected::default(), now)).contains("DER"));

    // Properly signed, but without SigningCertificate (xmlsec1 signs what it is given).
    if xmlsec_sign::available() {
        let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
        let identity = TestIdentity::PersonNip {
            given_name: "Jan".into(),
            surname: "Kowalski".into(),
            nip: "5265877635".parse().unwrap(),
        };
        let cert = self_signed(&identity, &key, now, &mut OsRng).unwrap();
        let request = AuthTokenRequest::new(
            CHALLENGE.parse().unwrap(),
            ContextIdentifier::parse(ContextType::Nip, "5265877635").unwrap(),
        );
        let strip = |t: String| {
            let (s, e) = (
                t.find("<xades:SigningCertificate>").unwrap(),
                t.find("</xades:SigningCertificate>").unwrap() + 27,
            );
            format!("{}{}", &t[..s], &t[e..])
        };
        let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("preflight");
        let method = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
        let unsigned = request.to_xml(ksef_core::auth_xml::XmlStyle::Pretty);
        let no_signing_cert = xmlsec_sign::sign_tweaked(
            &unsigned,
            &key,
            &cert,
            method,
            "2026-01-01T00:00:00Z",
            &dir,
            strip,
        );
        let text = errors(&check(
            no_signing_cert.as_bytes(),
            &Expected::default(),
            now,
        ));
        assert!(text.contains("brak SigningCertificate"), "{text}");
    }

    let detached = xml.replace(
        "URI=\"#SignedProperties\"",
        "URI=\"https://example.com/auth.xml\"",
    );
    assert!(errors(&check(detached.as_bytes(), &Expected::default(), now)).contains("detached"));
}

#[test]
fn unsigned_and_unreadable_files() {
    let request = AuthTokenRequest::new(
        CHALLENGE.parse().unwrap(),
        ContextIdentifier::parse(ContextType::Nip, "5265877635").unwrap(),
    );
    let unsigned = request.to_xml(ksef_core::auth_xml::XmlStyle::Pretty);
    assert!(errors(&check(
        unsigned.as_bytes(),
        &Expected::default(),
        OffsetDateTime::now_utc()
    ))
    .contains("nie jest podpisany"));
    assert!(!check(b"\xff\xfe", &Expected::default(), OffsetDateTime::now_utc()).is_valid());
}

#[test]
fn a_file_cut_in_the_middle_is_reported_as_not_well_formed_xml() {
    let xml = signed(KeyAlgorithm::EcP256);
    let cut = &xml.as_bytes()[..xml.len() / 2];
    let report = check(
        cut,
        &expected(Duration::minutes(1)),
        OffsetDateTime::now_utc(),
    );
    let pl = errors(&report);
    assert!(
        pl.starts_with("Plik nie jest poprawnym dokumentem XML: urywa się w połowie"),
        "{pl}"
    );
    assert!(!pl.contains("przestrzeń nazw"), "{pl}");
    assert!(report
        .to_text(Lang::En)
        .contains("The file is not well-formed XML: it stops in the middle"));
}
