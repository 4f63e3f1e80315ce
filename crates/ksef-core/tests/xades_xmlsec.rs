//! Our XAdES signatures checked by xmlsec1 (Debian `xmlsec1`), and broken by any change.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

use ksef_core::auth_xml::{AuthTokenRequest, SubjectIdentifierType};
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::ip_policy::AllowedIps;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::test_cert::{self_signed, TestIdentity};
use rand_core::OsRng;
use time::OffsetDateTime;

fn xmlsec_verify(xml: &str, name: &str) -> bool {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("xades");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmlsec1")
        .args([
            "--verify",
            "--insecure",
            "--id-attr:Id",
            "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
        ])
        .arg(&file)
        .output()
        .expect("xmlsec1 (cargo xtask setup installs Debian's xmlsec1)");
    out.status.success()
}

fn request() -> AuthTokenRequest {
    let mut r = AuthTokenRequest::new(
        "20250514-CR-226FB7B000-3ACF9BE4C0-10".parse().unwrap(),
        ContextIdentifier::parse(ContextType::Nip, "5265877635").unwrap(),
    );
    r.subject_type = SubjectIdentifierType::CertificateSubject;
    r.allowed_ips = Some(AllowedIps::parse(&["10.1.2.3"], &[], &["192.168.0.0/16"]).unwrap());
    r
}

#[test]
fn xmlsec1_verifies_our_rsa_and_ec_signatures_and_rejects_changes() {
    if Command::new("xmlsec1").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_none(),
            "xmlsec1 is missing"
        );
        return;
    }
    let identities = [
        TestIdentity::PersonNip {
            given_name: "Zażółć".into(),
            surname: "Gęślą & Jaźń".into(),
            nip: "5265877635".parse().unwrap(),
        },
        TestIdentity::Seal {
            organization: "Spółka <Żółw> sp. z o.o.".into(),
            nip: "5265877635".parse().unwrap(),
        },
    ];
    for alg in [KeyAlgorithm::EcP256, KeyAlgorithm::Rsa2048] {
        for (i, identity) in identities.iter().enumerate() {
            let key = PrivateKey::generate(alg, &mut OsRng).unwrap();
            let cert = self_signed(identity, &key, OffsetDateTime::now_utc(), &mut OsRng).unwrap();
            assert!(cert.is_self_signed() && cert.matches(&key));
            let signed = ksef_core::xades::sign(&request(), &key, &cert, OffsetDateTime::now_utc());
            let name = format!("{alg:?}-{i}");
            assert!(
                xmlsec_verify(&signed, &format!("{name}.xml")),
                "{name}: xmlsec1 refused\n{signed}"
            );

            let parsed = AuthTokenRequest::parse(signed.as_bytes()).unwrap();
            assert_eq!((parsed.request, parsed.signature_count), (request(), 1));

            // One changed byte in the signed document, in the signed properties, or in the value.
            let tampered = [
                signed.replacen("<Nip>5265877635</Nip>", "<Nip>5265877636</Nip>", 1),
                signed.replacen("<xades:SigningTime>2", "<xades:SigningTime>1", 1),
                signed.replacen("<Ip4Address>10.1.2.3<", "<Ip4Address>10.1.2.4<", 1),
            ];
            for (j, t) in tampered.iter().enumerate() {
                assert_ne!(t, &signed);
                assert!(
                    !xmlsec_verify(t, &format!("{name}-tampered-{j}.xml")),
                    "{name}: tampering {j} not detected"
                );
            }
        }
    }
}
