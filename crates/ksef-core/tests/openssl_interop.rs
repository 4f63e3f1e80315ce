//! Keys, CSRs, key files and PKCS#12 against openssl (native only: runs the `openssl` binary).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/openssl_cert.rs"]
mod openssl_cert;
use openssl_cert::openssl_self_signed;

use ksef_core::api::certificates::CertificateEnrollmentDataResponse;
use ksef_core::certificate::Certificate;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::keystore::{decrypt_key, encrypt_key, export_p12, import_p12, KeyFileError};
use ksef_core::lang::{Lang, Localized};
use rand_core::OsRng;

const PASSWORD: &str = "ADadADad12!@adadad";

fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("openssl")
        .join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn openssl(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl is installed")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "openssl failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn person() -> CertificateEnrollmentDataResponse {
    CertificateEnrollmentDataResponse {
        common_name: "Zażółć Gęślą-Jaźń".into(),
        country_name: "PL".into(),
        given_name: Some(vec!["Zażółć".into(), "Łucja".into()]),
        surname: Some("Gęślą-Jaźń".into()),
        serial_number: Some("PNOPL-44051401359".into()),
        unique_identifier: Some("b9f1c1f2-0000-4a4a-9c9c-ąęść".into()),
        ..Default::default()
    }
}

fn seal() -> CertificateEnrollmentDataResponse {
    CertificateEnrollmentDataResponse {
        common_name: "Spółka Żółw sp. z o.o.".into(),
        country_name: "PL".into(),
        organization_name: Some("Spółka Żółw sp. z o.o.".into()),
        organization_identifier: Some("VATPL-5265877635".into()),
        ..Default::default()
    }
}

#[test]
fn openssl_verifies_our_csrs_and_prints_the_exact_subject() {
    let d = dir("csr");
    for (alg, data, name) in [
        (KeyAlgorithm::EcP256, person(), "ec-person"),
        (KeyAlgorithm::Rsa2048, person(), "rsa-person"),
        (KeyAlgorithm::EcP256, seal(), "ec-seal"),
    ] {
        let key = PrivateKey::generate(alg, &mut OsRng).unwrap();
        let csr = ksef_core::csr::build(&data, &key, &mut OsRng).unwrap();
        let file = d.join(format!("{name}.der"));
        std::fs::write(&file, &csr.der).unwrap();
        let out = ok(&openssl(&[
            "req",
            "-inform",
            "DER",
            "-in",
            file.to_str().unwrap(),
            "-noout",
            "-verify",
            "-subject",
            "-nameopt",
            "sep_comma_plus,utf8,-esc_msb,sname",
        ]));
        assert!(out.contains("verify OK"), "{out}");
        let expected = ksef_core::csr::subject_attributes(&data)
            .iter()
            .map(|a| format!("{}={}", openssl_short_name(a.name), a.value))
            .collect::<Vec<_>>()
            .join(",");
        assert!(
            out.contains(&format!("subject={expected}")),
            "{name}:\n{out}\nexpected subject={expected}"
        );
        // No attributes at all: the empty extensionRequest is left out.
        let text = ok(&openssl(&[
            "req",
            "-inform",
            "DER",
            "-in",
            file.to_str().unwrap(),
            "-noout",
            "-text",
        ]));
        assert!(text.contains("Attributes:\n            (none)"), "{text}");
        // Country as PrintableString, the rest as UTF8String.
        let asn1 = ok(&openssl(&[
            "asn1parse",
            "-inform",
            "DER",
            "-in",
            file.to_str().unwrap(),
        ]));
        let printable: Vec<&str> = asn1
            .lines()
            .filter(|l| l.contains("PRINTABLESTRING"))
            .collect();
        assert!(
            printable.len() == 1 && printable[0].ends_with(":PL"),
            "{asn1}"
        );
        let utf8 = asn1.lines().filter(|l| l.contains("UTF8STRING")).count();
        assert_eq!(
            utf8,
            ksef_core::csr::subject_attributes(&data).len() - 1,
            "{asn1}"
        );
        assert!(csr
            .to_pem()
            .starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
    }
}

/// openssl's short names with `sname`.
fn openssl_short_name(ours: &str) -> &str {
    match ours {
        "organizationIdentifier" => "organizationIdentifier",
        "uniqueIdentifier" => "x500UniqueIdentifier",
        other => other,
    }
}

#[test]
fn openssl_decrypts_our_key_files_and_we_read_theirs() {
    let d = dir("keys");
    for (alg, name) in [(KeyAlgorithm::EcP256, "ec"), (KeyAlgorithm::Rsa2048, "rsa")] {
        let key = PrivateKey::generate(alg, &mut OsRng).unwrap();
        let pem = encrypt_key(&key, PASSWORD, &mut OsRng).unwrap();
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        let file = d.join(format!("{name}.key"));
        std::fs::write(&file, &pem).unwrap();
        let out = ok(&openssl(&[
            "pkey",
            "-in",
            file.to_str().unwrap(),
            "-passin",
            &format!("pass:{PASSWORD}"),
            "-pubout",
        ]));
        let ours = der::pem::encode_string(
            "PUBLIC KEY",
            der::pem::LineEnding::LF,
            &key.public_key_der(),
        )
        .unwrap();
        assert_eq!(
            out.trim(),
            ours.trim(),
            "openssl derived the same public key"
        );
        assert!(!openssl(&[
            "pkey",
            "-in",
            file.to_str().unwrap(),
            "-passin",
            "pass:Wrong-password-123",
            "-noout"
        ])
        .status
        .success());
        let params = ok(&openssl(&["asn1parse", "-in", file.to_str().unwrap()]));
        for expected in [
            "PBES2",
            "PBKDF2",
            "aes-256-cbc",
            "hmacWithSHA256",
            ":0186A0",
        ] {
            assert!(params.contains(expected), "{expected} missing:\n{params}");
        }
        // And back through our importer, including the wrong-password message.
        let loaded = decrypt_key(pem.as_bytes(), Some(PASSWORD)).unwrap();
        assert!(loaded.was_encrypted);
        assert_eq!(loaded.key.public_key_der(), key.public_key_der());
        let wrong = decrypt_key(pem.as_bytes(), Some("Wrong-password-123")).unwrap_err();
        assert_eq!(wrong, KeyFileError::WrongPassword);
        assert_eq!(
            (wrong.message(Lang::Pl), wrong.message(Lang::En)),
            ("Błędne hasło".into(), "Wrong password".into())
        );

        // Keys openssl encrypted with PBES2 (several ciphers/PRFs) and plain ones.
        let plain = d.join(format!("{name}-plain.pem"));
        let gen = match alg {
            KeyAlgorithm::EcP256 => openssl(&[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                plain.to_str().unwrap(),
            ]),
            KeyAlgorithm::Rsa2048 => openssl(&[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-out",
                plain.to_str().unwrap(),
            ]),
        };
        ok(&gen);
        for (cipher, prf) in [
            ("aes-256-cbc", "hmacWithSHA256"),
            ("aes-128-cbc", "hmacWithSHA256"),
            ("aes-256-cbc", "hmacWithSHA512"),
        ] {
            let enc = d.join(format!("{name}-{cipher}-{prf}.key"));
            ok(&openssl(&[
                "pkcs8",
                "-topk8",
                "-v2",
                cipher,
                "-v2prf",
                prf,
                "-in",
                plain.to_str().unwrap(),
                "-out",
                enc.to_str().unwrap(),
                "-passout",
                &format!("pass:{PASSWORD}"),
            ]));
            let loaded = decrypt_key(&std::fs::read(&enc).unwrap(), Some(PASSWORD))
                .unwrap_or_else(|e| panic!("{cipher}/{prf}: {e}"));
            assert!(loaded.was_encrypted);
        }
        let loaded = decrypt_key(&std::fs::read(&plain).unwrap(), None).unwrap();
        assert!(!loaded.was_encrypted, "plain keys load with a warning flag");
        let traditional = d.join(format!("{name}-traditional.pem"));
        // SEC1 `EC PRIVATE KEY` is openssl's default for `ec`; PKCS#1 needs -traditional for `rsa`.
        let mut args = vec![
            if alg == KeyAlgorithm::EcP256 {
                "ec"
            } else {
                "rsa"
            },
            "-in",
            plain.to_str().unwrap(),
            "-out",
            traditional.to_str().unwrap(),
        ];
        if alg == KeyAlgorithm::Rsa2048 {
            args.push("-traditional");
        }
        ok(&openssl(&args));
        let label = if alg == KeyAlgorithm::EcP256 {
            "EC PRIVATE KEY"
        } else {
            "RSA PRIVATE KEY"
        };
        assert!(std::fs::read_to_string(&traditional)
            .unwrap()
            .contains(label));
        assert!(
            !decrypt_key(&std::fs::read(&traditional).unwrap(), None)
                .unwrap()
                .was_encrypted
        );
    }
}

#[test]
fn the_ministry_app_sample_key_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/ksef/vectors/mcu-app-sample-ec.key");
    let Ok(bytes) = std::fs::read(&path) else {
        assert!(
            std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_none(),
            "{} missing",
            path.display()
        );
        return;
    };
    let loaded = decrypt_key(&bytes, Some(PASSWORD)).unwrap();
    assert_eq!(loaded.key.algorithm(), KeyAlgorithm::EcP256);
    assert_eq!(
        decrypt_key(&bytes, Some("ADadADad12!@adadaX")).unwrap_err(),
        KeyFileError::WrongPassword
    );
    assert_eq!(
        decrypt_key(&bytes, None).unwrap_err(),
        KeyFileError::PasswordNeeded
    );
}

/// A self-signed certificate for `key`, made by openssl from our key file.
fn openssl_cert_for(d: &Path, key: &PrivateKey, name: &str) -> Certificate {
    openssl_self_signed(d, key, PASSWORD, name, "/CN=Test/C=PL", &["-days", "30"])
}

#[test]
fn pkcs12_round_trips_through_openssl() {
    let d = dir("p12");
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let cert = openssl_cert_for(&d, &key, "ec");
    assert!(cert.matches(&key));
    let other = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    assert!(!cert.matches(&other));
    assert_eq!(
        export_p12(&other, &cert, PASSWORD, false).unwrap_err(),
        KeyFileError::Mismatch
    );

    for (legacy, name) in [(false, "modern.p12"), (true, "legacy.p12")] {
        let p12 = export_p12(&key, &cert, PASSWORD, legacy).unwrap();
        let file = d.join(name);
        std::fs::write(&file, &p12).unwrap();
        let mut args = vec![
            "pkcs12",
            "-info",
            "-in",
            file.to_str().unwrap(),
            "-passin",
            "pass:ADadADad12!@adadad",
            "-noout",
        ];
        if legacy {
            args.push("-legacy");
        }
        let info = ok(&openssl(&args));
        if !legacy {
            assert!(
                info.contains("AES-256-CBC") && info.contains("sha256"),
                "{info}"
            );
        }
        let (k, c) = import_p12(&p12, PASSWORD).unwrap();
        assert_eq!(k.public_key_der(), key.public_key_der());
        assert_eq!(c.der(), cert.der());
        assert!(matches!(
            import_p12(&p12, "Wrong-password-123"),
            Err(KeyFileError::Pkcs12(_))
        ));
    }

    // A bundle openssl made.
    let key_file = d.join("ec.key");
    let theirs = d.join("openssl.p12");
    ok(&openssl(&[
        "pkcs12",
        "-export",
        "-inkey",
        key_file.to_str().unwrap(),
        "-passin",
        &format!("pass:{PASSWORD}"),
        "-in",
        d.join("ec.crt").to_str().unwrap(),
        "-out",
        theirs.to_str().unwrap(),
        "-passout",
        &format!("pass:{PASSWORD}"),
    ]));
    let (k, c) = import_p12(&std::fs::read(&theirs).unwrap(), PASSWORD).unwrap();
    assert!(c.matches(&k));
}

#[test]
fn corrupt_files_get_clear_messages() {
    for bytes in [
        &b""[..],
        b"hello",
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ] {
        let e = decrypt_key(bytes, Some(PASSWORD)).unwrap_err();
        assert!(!e.message(Lang::Pl).is_empty());
        assert!(Certificate::from_bytes(bytes).is_err());
        assert!(import_p12(bytes, PASSWORD).is_err());
    }
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let e = encrypt_key(&key, "short", &mut OsRng).unwrap_err();
    assert!(
        e.message(Lang::Pl).starts_with("Hasło nie spełnia zasad"),
        "{}",
        e.message(Lang::Pl)
    );
}

#[test]
fn the_real_ksef_test_certificate_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/ksef/vectors/ksef-test-cert-01F20A5D352AE590.der");
    let Ok(der) = std::fs::read(&path) else {
        return;
    };
    let cert = Certificate::from_bytes(&der).unwrap();
    assert_eq!(cert.serial_hex(), "01F20A5D352AE590");
    assert_eq!(cert.serial_decimal(), "140185933842146704");
    assert_eq!(
        cert.fingerprint().as_str(),
        "8BF30676AC95EC1B270A8B130A7CDB13FF093F68ACAFE00FCD9EF48C81395371"
    );
    assert!(
        cert.issuer().contains("CN=TI CCK KSeF"),
        "{}",
        cert.issuer()
    );
    let key_pem =
        std::fs::read(path.with_file_name("ksef-test-key-01F20A5D352AE590.pkcs1.pem")).unwrap();
    let loaded = decrypt_key(&key_pem, None).unwrap();
    assert!(cert.matches(&loaded.key));
}

#[test]
fn absurd_work_factors_are_refused_before_any_work() {
    use der::Encode;
    use pkcs8::pkcs5::{pbes2, EncryptionScheme};
    // 50 million PBKDF2 rounds (pkcs5 allows up to 100 million) would freeze a tab for minutes.
    let params =
        pbes2::Parameters::pbkdf2_sha256_aes256cbc(50_000_000, &[1; 16], &[2; 16]).unwrap();
    let info = pkcs8::EncryptedPrivateKeyInfo {
        encryption_algorithm: EncryptionScheme::Pbes2(params),
        encrypted_data: &[0; 48],
    };
    let e = decrypt_key(&info.to_der().unwrap(), Some("x")).unwrap_err();
    assert_eq!(e, KeyFileError::NotAKey("work factor too high".into()));
}
