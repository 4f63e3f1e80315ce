//! Key commands of the `klucznik` binary, checked with openssl.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASSWORD: &str = "ADadADad12!@adadad";

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-keys-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn klucznik(args: &[&str], password: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_klucznik"))
        .args(args)
        .env("KLUCZNIK_PASSWORD", password)
        .env_remove("KLUCZNIK_LANG")
        .output()
        .unwrap()
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn openssl(args: &[&str]) -> String {
    let o = Command::new("openssl").args(args).output().unwrap();
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn keygen_csr_p12_and_cert_match() {
    let d = dir();
    let data = d.join("data.json");
    std::fs::write(&data, r#"{"commonName":"Anna Żak","countryName":"PL","givenName":"Anna","surname":"Żak","serialNumber":"PNOPL-44051401359"}"#).unwrap();
    for alg in ["ec", "rsa"] {
        let key = d.join(format!("{alg}.key"));
        ok(klucznik(
            &["keygen", "--alg", alg, "--out", s(&key)],
            PASSWORD,
        ));
        openssl(&[
            "pkey",
            "-in",
            s(&key),
            "-passin",
            &format!("pass:{PASSWORD}"),
            "-noout",
        ]);

        let csr = d.join(format!("{alg}.csr"));
        ok(klucznik(
            &[
                "csr",
                "--enrollment-data",
                s(&data),
                "--key",
                s(&key),
                "--out",
                s(&csr),
            ],
            PASSWORD,
        ));
        let out = openssl(&[
            "req",
            "-in",
            s(&csr),
            "-noout",
            "-verify",
            "-subject",
            "-nameopt",
            "sep_comma_plus,utf8,-esc_msb,sname",
        ]);
        assert!(
            out.contains("verify OK")
                && out.contains(
                    "subject=CN=Anna Żak,SN=Żak,GN=Anna,C=PL,serialNumber=PNOPL-44051401359"
                ),
            "{out}"
        );
        let der = d.join(format!("{alg}.csr.der"));
        ok(klucznik(
            &[
                "csr",
                "--enrollment-data",
                s(&data),
                "--key",
                s(&key),
                "--out",
                s(&der),
                "--der",
            ],
            PASSWORD,
        ));
        openssl(&["req", "-inform", "DER", "-in", s(&der), "-noout", "-verify"]);

        // A certificate for the key (self-signed by openssl), then PKCS#12 both ways.
        let crt = d.join(format!("{alg}.crt"));
        openssl(&[
            "req",
            "-x509",
            "-key",
            s(&key),
            "-passin",
            &format!("pass:{PASSWORD}"),
            "-subj",
            "/CN=T/C=PL",
            "-out",
            s(&crt),
        ]);
        ok(klucznik(
            &["cert-match", "--key", s(&key), "--cert", s(&crt)],
            PASSWORD,
        ));
        let p12 = d.join(format!("{alg}.p12"));
        ok(klucznik(
            &[
                "p12",
                "export",
                "--key",
                s(&key),
                "--cert",
                s(&crt),
                "--out",
                s(&p12),
            ],
            PASSWORD,
        ));
        openssl(&[
            "pkcs12",
            "-info",
            "-in",
            s(&p12),
            "-passin",
            &format!("pass:{PASSWORD}"),
            "-noout",
        ]);
        let (k2, c2) = (
            d.join(format!("{alg}-2.key")),
            d.join(format!("{alg}-2.crt")),
        );
        ok(klucznik(
            &[
                "p12",
                "import",
                "--in",
                s(&p12),
                "--key-out",
                s(&k2),
                "--cert-out",
                s(&c2),
            ],
            PASSWORD,
        ));
        ok(klucznik(
            &["cert-match", "--key", s(&k2), "--cert", s(&c2)],
            PASSWORD,
        ));
    }
    let mismatch = klucznik(
        &[
            "cert-match",
            "--key",
            s(&d.join("ec.key")),
            "--cert",
            s(&d.join("rsa.crt")),
        ],
        PASSWORD,
    );
    assert_eq!(mismatch.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mismatch.stderr).contains("nie pasuje"));
}

#[test]
fn decrypt_encrypt_and_wrong_passwords() {
    let d = dir();
    let key = d.join("k.key");
    ok(klucznik(&["keygen", "--out", s(&key)], PASSWORD));
    let plain = d.join("plain.pem");
    ok(klucznik(
        &["key", "decrypt", "--in", s(&key), "--out", s(&plain)],
        PASSWORD,
    ));
    assert!(std::fs::read_to_string(&plain)
        .unwrap()
        .starts_with("-----BEGIN PRIVATE KEY-----"));
    let again = d.join("again.key");
    ok(klucznik(
        &["key", "encrypt", "--in", s(&plain), "--out", s(&again)],
        PASSWORD,
    ));
    openssl(&[
        "pkey",
        "-in",
        s(&again),
        "-passin",
        &format!("pass:{PASSWORD}"),
        "-noout",
    ]);

    let wrong = klucznik(
        &[
            "key",
            "decrypt",
            "--in",
            s(&key),
            "--out",
            s(&d.join("x.pem")),
        ],
        "Wrong-password-123",
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&wrong.stderr).trim(),
        "Błędne hasło"
    );
    let weak = klucznik(
        &["--lang", "en", "keygen", "--out", s(&d.join("weak.key"))],
        "weak",
    );
    assert_eq!(weak.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&weak.stderr).starts_with("The password breaks the rules"));
    let corrupt = d.join("corrupt.key");
    std::fs::write(
        &corrupt,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n",
    )
    .unwrap();
    let out = klucznik(
        &[
            "key",
            "decrypt",
            "--in",
            s(&corrupt),
            "--out",
            s(&d.join("y.pem")),
        ],
        PASSWORD,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("To nie jest plik klucza prywatnego"));
}

#[test]
fn test_cert_and_sign_make_a_signature_xmlsec1_accepts() {
    let d = dir();
    let (key, crt) = (d.join("t.key"), d.join("t.crt"));
    let out = ok(klucznik(
        &[
            "test-cert",
            "--pesel",
            "44051401359",
            "--alg",
            "rsa",
            "--key-out",
            s(&key),
            "--cert-out",
            s(&crt),
        ],
        PASSWORD,
    ));
    assert!(String::from_utf8_lossy(&out.stdout)
        .to_lowercase()
        .contains("serialnumber=pnopl-44051401359"));
    openssl(&["x509", "-in", s(&crt), "-noout"]);
    let auth = d.join("auth.xml");
    let xml = ok(klucznik(
        &[
            "auth-xml",
            "--challenge",
            "20250514-CR-226FB7B000-3ACF9BE4C0-10",
            "--nip",
            "5265877635",
        ],
        PASSWORD,
    ));
    std::fs::write(&auth, &xml.stdout).unwrap();
    let signed = ok(klucznik(
        &["sign", "--key", s(&key), "--cert", s(&crt), s(&auth)],
        PASSWORD,
    ));
    let signed_file = d.join("signed.xml");
    std::fs::write(&signed_file, &signed.stdout).unwrap();
    let v = Command::new("xmlsec1")
        .args([
            "--verify",
            "--insecure",
            "--id-attr:Id",
            "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
            s(&signed_file),
        ])
        .output()
        .unwrap();
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    let again = klucznik(
        &["sign", "--key", s(&key), "--cert", s(&crt), s(&signed_file)],
        PASSWORD,
    );
    assert_eq!(again.status.code(), Some(2));

    // `verify`: the report passes the file, names the signer, and refuses a changed copy or
    // the wrong challenge.
    let challenge = "20250514-CR-226FB7B000-3ACF9BE4C0-10";
    let report = ok(klucznik(
        &["verify", s(&signed_file), "--challenge", challenge],
        "",
    ));
    let text = String::from_utf8_lossy(&report.stdout);
    assert!(
        text.contains("Identyfikator podpisującego: PESEL 44051401359"),
        "{text}"
    );
    let changed = d.join("changed.xml");
    let signed_text = String::from_utf8_lossy(&signed.stdout).replace("5265877635", "5265877636");
    std::fs::write(&changed, signed_text).unwrap();
    let refused = klucznik(&["--lang", "en", "verify", s(&changed)], "");
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("changed after signing"));
    let other = ksef_core::ident::ReferenceNumber::generate("20250514", "CR", [9; 10]);
    let wrong = klucznik(
        &["verify", s(&signed_file), "--challenge", other.as_str()],
        "",
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("innego wyzwania"));
}
