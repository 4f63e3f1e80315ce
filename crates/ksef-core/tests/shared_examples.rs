//! Checks against `../shared/ksef/` (examples, XSD, signed samples). Native only: it reads files.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

use ksef_core::auth_xml::{AuthTokenRequest, SchemaVersion, XmlStyle};
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::ip_policy::AllowedIps;

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/ksef");
    p.exists().then_some(p)
}

/// `cargo xtask test` sets this so a missing tool or folder fails instead of skipping.
fn required() -> bool {
    std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_some()
}

#[test]
fn the_five_examples_parse_and_reserialise_to_the_same_information() {
    let Some(dir) = shared() else {
        assert!(!required(), "../shared/ksef is missing");
        return;
    };
    let mut seen = 0;
    for entry in std::fs::read_dir(dir.join("examples/auth")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let parsed =
            AuthTokenRequest::parse(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!parsed.is_signed());
        assert_eq!(parsed.request.version, SchemaVersion::V2_0);
        for style in [XmlStyle::Pretty, XmlStyle::Compact] {
            let again = AuthTokenRequest::parse(parsed.request.to_xml(style).as_bytes()).unwrap();
            assert_eq!(again.request, parsed.request, "{}", path.display());
        }
        seen += 1;
    }
    assert_eq!(seen, 5);
}

#[test]
fn signed_samples_are_recognised_as_signed() {
    let Some(dir) = shared() else { return };
    for name in [
        "xades-sample-ecdsa-selfsigned.xml",
        "xades-sample-rsa-ksefcert.xml",
    ] {
        let parsed =
            AuthTokenRequest::parse(&std::fs::read(dir.join("vectors").join(name)).unwrap())
                .unwrap();
        assert_eq!(parsed.signature_count, 1, "{name}");
    }
}

#[test]
fn generated_2_1_documents_validate_against_the_xsd() {
    let (Some(dir), true) = (
        shared(),
        Command::new("xmllint").arg("--version").output().is_ok(),
    ) else {
        assert!(
            !required(),
            "xmllint (Debian libxml2-utils) and ../shared/ksef are needed"
        );
        return;
    };
    let xsd = dir.join("schemas/schemat_auth_v2-1.xsd");
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    // NipVatUe and PeppolId are left out: their XSD patterns keep ^/$ literally (REFERENCE §4.2).
    let contexts = [
        (ContextType::Nip, "5265877635"),
        (ContextType::InternalId, "6824515772-12343"),
    ];
    for (i, (kind, value)) in contexts.into_iter().enumerate() {
        let mut req = AuthTokenRequest::new(
            "20250514-CR-226FB7B000-3ACF9BE4C0-10".parse().unwrap(),
            ContextIdentifier::parse(kind, value).unwrap(),
        );
        let addrs: Vec<String> = (0..10).map(|n| format!("192.168.1.{n}")).collect();
        req.allowed_ips = Some(
            AllowedIps::parse(
                &addrs,
                &["10.0.0.1-10.0.0.254".into()],
                &["0.0.0.0/0".into()],
            )
            .unwrap(),
        );
        for (j, style) in [XmlStyle::Pretty, XmlStyle::Compact]
            .into_iter()
            .enumerate()
        {
            let file = out.join(format!("auth-{i}-{j}.xml"));
            std::fs::write(&file, req.to_xml(style)).unwrap();
            let res = Command::new("xmllint")
                .arg("--noout")
                .arg("--schema")
                .arg(&xsd)
                .arg(&file)
                .output()
                .unwrap();
            assert!(
                res.status.success(),
                "{}",
                String::from_utf8_lossy(&res.stderr)
            );
        }
    }
    // And the validator really checks: a broken document must fail.
    let bad = out.join("auth-bad.xml");
    std::fs::write(&bad, "<AuthTokenRequest xmlns=\"http://ksef.mf.gov.pl/auth/token/2.1\"><Challenge>x</Challenge></AuthTokenRequest>").unwrap();
    let res = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!res.status.success());
}
