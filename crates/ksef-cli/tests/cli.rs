//! The `klucznik` binary as scripts use it.

use std::process::{Command, Output};

fn klucznik(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_klucznik"))
        .args(args)
        .env_remove("KLUCZNIK_LANG")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const CHALLENGE: &str = "20250514-CR-226FB7B000-3ACF9BE4C0-10";

#[test]
fn auth_xml_prints_a_document_the_core_parses_back() {
    let o = klucznik(&[
        "auth-xml",
        "--challenge",
        CHALLENGE,
        "--internal-id",
        "6824515772-12343",
        "--subject",
        "certificate-fingerprint",
        "--ip",
        "10.1.2.3",
        "--ip-mask",
        "10.0.0.0/8",
        "--schema",
        "2.0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let parsed = ksef_core::auth_xml::AuthTokenRequest::parse(&o.stdout).unwrap();
    let r = parsed.request;
    assert_eq!(r.context.value(), "6824515772-12343");
    assert_eq!(r.version, ksef_core::auth_xml::SchemaVersion::V2_0);
    assert_eq!(r.allowed_ips.unwrap().masks.len(), 1);
    assert!(stdout(&o)
        .contains("<SubjectIdentifierType>certificateFingerprint</SubjectIdentifierType>"));
}

#[test]
fn auth_xml_errors_exit_2_with_a_message() {
    let o = klucznik(&["auth-xml", "--challenge", CHALLENGE, "--nip", "123456321"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).trim(), "NIP ma 10 cyfr, podano 9");
    let o = klucznik(&[
        "--lang",
        "en",
        "auth-xml",
        "--challenge",
        CHALLENGE,
        "--nip",
        "5265877635",
        "--ip",
        "1.2.3",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not an IPv4 address"));
}

#[test]
fn check_id_exit_codes() {
    assert!(klucznik(&["check-id", "nip", "1234563218"])
        .status
        .success());
    let bad = klucznik(&["check-id", "nip", "1234563219"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(stderr(&bad).trim(), "Błędna suma kontrolna NIP");
    assert!(klucznik(&["check-id", "internal-id", "6824515772-12343"])
        .status
        .success());
    assert!(klucznik(&["check-id", "pesel", "44051401359"])
        .status
        .success());
    assert_eq!(
        klucznik(&["check-id", "peppol-id", "PAB12345"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn parse_token_never_prints_the_secret() {
    let secret = "919f7044a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718296df7b9";
    let o = klucznik(&[
        "parse-token",
        &format!("20251010-EC-1DCE3E3000-12ECB5B36E-45|nip-5239097734|{secret}"),
    ]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("20251010-EC-1DCE3E3000-12ECB5B36E-45"));
    assert!(out.contains("Nip 5239097734"));
    assert!(!out.contains(secret) && !stderr(&o).contains(secret));
    assert_eq!(klucznik(&["parse-token", "garbage"]).status.code(), Some(2));
}
