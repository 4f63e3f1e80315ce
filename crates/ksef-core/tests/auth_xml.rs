//! Building and parsing `auth.xml`; runs natively and in headless Chromium.

use ksef_core::auth_xml::{
    AuthTokenRequest, AuthXmlError, SchemaVersion, SubjectIdentifierType, XmlStyle,
};
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::ip_policy::AllowedIps;
use ksef_core::lang::{Lang, Localized};
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const CHALLENGE: &str = "20250514-CR-226FB7B000-3ACF9BE4C0-10";

fn request(kind: ContextType, value: &str) -> AuthTokenRequest {
    AuthTokenRequest::new(
        CHALLENGE.parse().unwrap(),
        ContextIdentifier::parse(kind, value).unwrap(),
    )
}

#[wasm_bindgen_test(unsupported = test)]
fn every_context_and_version_round_trips() {
    let contexts = [
        (ContextType::Nip, "5265877635"),
        (ContextType::InternalId, "6824515772-12343"),
        (ContextType::NipVatUe, "5265877635-ATU12345678"),
        (ContextType::PeppolId, "PAB123456"),
    ];
    for (kind, value) in contexts {
        for version in [SchemaVersion::V2_0, SchemaVersion::V2_1] {
            for style in [XmlStyle::Pretty, XmlStyle::Compact] {
                let mut req = request(kind, value);
                req.version = version;
                req.subject_type = SubjectIdentifierType::CertificateFingerprint;
                req.allowed_ips = Some(
                    AllowedIps::parse(&["1.2.3.4"], &["10.0.0.1-10.0.0.9"], &["172.16.0.0/12"])
                        .unwrap(),
                );
                let xml = req.to_xml(style);
                assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
                let parsed = AuthTokenRequest::parse(xml.as_bytes()).unwrap();
                assert_eq!(parsed.request, req);
                assert!(!parsed.is_signed());
            }
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn compact_root_is_what_the_signer_digests() {
    let root = request(ContextType::Nip, "5265877635").to_canonical_root();
    assert_eq!(
        root,
        "<AuthTokenRequest xmlns=\"http://ksef.mf.gov.pl/auth/token/2.1\"><Challenge>20250514-CR-226FB7B000-3ACF9BE4C0-10</Challenge>\
<ContextIdentifier><Nip>5265877635</Nip></ContextIdentifier><SubjectIdentifierType>certificateSubject</SubjectIdentifierType></AuthTokenRequest>"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn refuses_dtd_and_entities() {
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<AuthTokenRequest xmlns="http://ksef.mf.gov.pl/auth/token/2.0"><Challenge>&x;</Challenge></AuthTokenRequest>"#;
    assert_eq!(
        AuthTokenRequest::parse(xxe.as_bytes()),
        Err(AuthXmlError::DtdForbidden)
    );
    let bomb = r#"<AuthTokenRequest xmlns="http://ksef.mf.gov.pl/auth/token/2.0"><Challenge>&lol9;</Challenge></AuthTokenRequest>"#;
    assert_eq!(
        AuthTokenRequest::parse(bomb.as_bytes()),
        Err(AuthXmlError::UnknownEntity("lol9".into()))
    );
    let big = vec![b' '; 1024 * 1024 + 1];
    let err = AuthTokenRequest::parse(&big).unwrap_err();
    assert!(matches!(err, AuthXmlError::TooLarge { .. }));
    assert!(err.message(Lang::Pl).contains("1 MiB"));
}

#[wasm_bindgen_test(unsupported = test)]
fn explains_what_is_wrong() {
    let ns = "http://ksef.mf.gov.pl/auth/token/2.1";
    type Expect = fn(&AuthXmlError) -> bool;
    let cases: [(String, Expect); 6] = [
        ("<a/>".into(), |e| matches!(e, AuthXmlError::WrongRoot(_))),
        (r#"<AuthTokenRequest xmlns="urn:x"/>"#.into(), |e| {
            matches!(e, AuthXmlError::UnknownNamespace(_))
        }),
        (
            format!(
                r#"<AuthTokenRequest xmlns="{ns}"><Challenge>{CHALLENGE}</Challenge></AuthTokenRequest>"#
            ),
            |e| *e == AuthXmlError::Missing("ContextIdentifier"),
        ),
        (
            format!(
                r#"<AuthTokenRequest xmlns="{ns}"><Challenge>{CHALLENGE}</Challenge><ContextIdentifier><Nip>123456321</Nip></ContextIdentifier><SubjectIdentifierType>certificateSubject</SubjectIdentifierType></AuthTokenRequest>"#
            ),
            |e| {
                matches!(
                    e,
                    AuthXmlError::Invalid {
                        field: "ContextIdentifier",
                        ..
                    }
                )
            },
        ),
        (
            format!(
                r#"<AuthTokenRequest xmlns="{ns}"><ContextIdentifier><Nip>5265877635</Nip></ContextIdentifier><Challenge>{CHALLENGE}</Challenge></AuthTokenRequest>"#
            ),
            |e| matches!(e, AuthXmlError::Unexpected(n) if n == "Challenge"),
        ),
        (
            format!(r#"<AuthTokenRequest xmlns="{ns}"><Challenge>x</Challenge"#),
            |e| matches!(e, AuthXmlError::Malformed(_)),
        ),
    ];
    for (xml, check) in cases {
        let err = AuthTokenRequest::parse(xml.as_bytes()).unwrap_err();
        assert!(check(&err), "{xml}: {err:?}");
        assert!(!err.message(Lang::En).is_empty());
    }
    assert_eq!(
        AuthTokenRequest::parse(b"\xff\xfe<a/>"),
        Err(AuthXmlError::NotUtf8)
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn counts_signatures() {
    let ns = "http://ksef.mf.gov.pl/auth/token/2.0";
    let sig = r#"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature>"#;
    let xml = format!(
        r#"<AuthTokenRequest xmlns="{ns}"><Challenge>{CHALLENGE}</Challenge><ContextIdentifier><Nip>5265877635</Nip></ContextIdentifier><SubjectIdentifierType>certificateSubject</SubjectIdentifierType>{sig}{sig}</AuthTokenRequest>"#
    );
    let parsed = AuthTokenRequest::parse(xml.as_bytes()).unwrap();
    assert_eq!(parsed.signature_count, 2);
    assert_eq!(parsed.request.version, SchemaVersion::V2_0);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_wrong_check_digit_is_a_warning_as_for_the_schema() {
    let ns = "http://ksef.mf.gov.pl/auth/token/2.1";
    let xml = format!(
        r#"<AuthTokenRequest xmlns="{ns}"><Challenge>{CHALLENGE}</Challenge><ContextIdentifier><InternalId>5265877635-12345</InternalId></ContextIdentifier><SubjectIdentifierType>certificateSubject</SubjectIdentifierType></AuthTokenRequest>"#
    );
    let parsed = AuthTokenRequest::parse(xml.as_bytes()).unwrap();
    assert_eq!(parsed.request.context.value(), "5265877635-12345");
    let warning = parsed.checksum_warning.expect("checksum warning");
    assert_eq!(
        warning.message(Lang::Pl),
        "Błędna suma kontrolna identyfikatora wewnętrznego"
    );
}

/// A signed auth.xml cut anywhere (a partial download, a bad copy) is reported as a file that
/// is not well-formed XML because it was cut short: never as a wrong namespace, a missing
/// element or a wrong encoding (a Polish letter cut in two).
#[wasm_bindgen_test(unsupported = test)]
fn a_signed_file_cut_anywhere_is_not_well_formed_xml() {
    use ksef_core::auth_xml::XmlSyntax;
    use ksef_core::keys::{KeyAlgorithm, PrivateKey};
    use ksef_core::test_cert::{self_signed, TestIdentity};
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut rand_core::OsRng).unwrap();
    let identity = TestIdentity::Seal {
        organization: "Spółka Żółta sp. z o.o.".into(),
        nip: "5265877635".parse().unwrap(),
    };
    // A fixed time: `now_utc` is not available in the browser without time's wasm feature.
    let now = time::macros::datetime!(2026-01-15 10:00 UTC);
    let cert = self_signed(&identity, &key, now, &mut rand_core::OsRng).unwrap();
    let signed = ksef_core::xades::sign(&request(ContextType::Nip, "5265877635"), &key, &cert, now);
    let bytes = signed.as_bytes();
    assert!(AuthTokenRequest::parse(bytes).unwrap().is_signed());
    assert!(signed.contains('ó'), "a multi-byte character to cut in two");
    for n in 0..bytes.len() {
        let cut = &bytes[..n];
        let err = AuthTokenRequest::parse(cut).unwrap_err();
        let has_root = cut.windows(17).any(|w| w == b"<AuthTokenRequest");
        let expected = if has_root || n > 0 && !cut.ends_with(b"?>") {
            XmlSyntax::Truncated
        } else {
            XmlSyntax::NoElement
        };
        assert_eq!(
            err,
            AuthXmlError::Malformed(expected),
            "cut after {n} bytes"
        );
        assert!(err
            .message(Lang::Pl)
            .starts_with("Plik nie jest poprawnym dokumentem XML: "));
        assert!(err
            .message(Lang::En)
            .starts_with("The file is not well-formed XML: "));
    }
    let half = AuthTokenRequest::parse(&bytes[..bytes.len() / 2]).unwrap_err();
    assert!(half.message(Lang::Pl).contains("ucięty"), "{half}");
    assert!(half.message(Lang::En).contains("cut short"));
}
