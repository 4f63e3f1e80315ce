//! `klucznik qr code1|code2` end to end: links, images, refusals.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ksef_core::certificate::Certificate;
use ksef_core::qr::{render, verify_code2, InvoiceHash};

const PASSWORD: &str = "Haslo-testowe-123!";
const INVOICE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/"><Podmiot1><DaneIdentyfikacyjne><NIP>5265877635</NIP></DaneIdentyfikacyjne></Podmiot1><Fa><P_1>2026-02-01</P_1><P_2>FV/7/2026</P_2></Fa></Faktura>
"#;

fn dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-qr-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn klucznik(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_klucznik"))
        .args(args)
        .env("KLUCZNIK_PASSWORD", PASSWORD)
        .env_remove("KLUCZNIK_LANG")
        .output()
        .unwrap()
}

fn ok(o: Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn code1_takes_nip_and_date_from_the_invoice_or_the_arguments() {
    let d = dir();
    let invoice = d.join("fv.xml");
    std::fs::write(&invoice, INVOICE).unwrap();
    let hash = InvoiceHash::of(INVOICE.as_bytes());
    let url = ok(klucznik(&[
        "qr",
        "code1",
        "--env",
        "test",
        "--invoice",
        s(&invoice),
    ]));
    assert_eq!(
        url.trim(),
        format!(
            "https://qr-test.ksef.mf.gov.pl/invoice/5265877635/01-02-2026/{}",
            hash.as_str()
        )
    );
    let (png, svg) = (d.join("c1.png"), d.join("c1.svg"));
    let url = ok(klucznik(&[
        "qr",
        "code1",
        "--env",
        "prod",
        "--nip",
        "1111111111",
        "--date",
        "31-12-2026",
        "--invoice",
        s(&invoice),
        "--png",
        s(&png),
        "--svg",
        s(&svg),
        "--ksef-number",
        "5265877635-20250826-0100001AF629-AF",
    ]));
    let url = url.trim();
    assert!(url.starts_with("https://qr.ksef.mf.gov.pl/invoice/1111111111/31-12-2026/"));
    let img = render(url, "5265877635-20250826-0100001AF629-AF").unwrap();
    assert_eq!(std::fs::read(&png).unwrap(), img.png);
    assert_eq!(std::fs::read_to_string(&svg).unwrap(), img.svg);
    let bad = klucznik(&[
        "qr",
        "code1",
        "--env",
        "test",
        "--date",
        "2026-02-01",
        "--invoice",
        s(&invoice),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("DD-MM-RRRR"));
}

#[test]
fn code2_is_signed_with_an_offline_certificate_only() {
    let d = dir();
    let invoice = d.join("fv2.xml");
    std::fs::write(&invoice, INVOICE).unwrap();
    let key = d.join("offline.key");
    ok(klucznik(&["keygen", "--alg", "ec", "--out", s(&key)]));
    let crt = d.join("offline.crt");
    let o = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-new",
            "-key",
            s(&key),
            "-passin",
            &format!("pass:{PASSWORD}"),
            "-subj",
            "/CN=Offline/C=PL",
            "-addext",
            "keyUsage=critical,nonRepudiation",
            "-set_serial",
            "0x01F20A5D352AE591",
            "-days",
            "30",
            "-out",
            s(&crt),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = d.join("c2.png");
    let url = ok(klucznik(&[
        "qr",
        "code2",
        "--env",
        "test",
        "--context-type",
        "Nip",
        "--context",
        "5265877635",
        "--key",
        s(&key),
        "--cert",
        s(&crt),
        "--invoice",
        s(&invoice),
        "--png",
        s(&png),
    ]));
    let cert = Certificate::from_bytes(&std::fs::read(&crt).unwrap()).unwrap();
    let link = verify_code2(url.trim(), &cert).unwrap();
    assert_eq!(link.code.serial.as_str(), "01F20A5D352AE591");
    assert_eq!(link.code.hash, InvoiceHash::of(INVOICE.as_bytes()));
    assert_eq!(
        std::fs::read(&png).unwrap(),
        render(url.trim(), "CERTYFIKAT").unwrap().png
    );

    // A login (Authentication) certificate is refused, with the reason, in both languages.
    let (tkey, tcrt) = (d.join("auth.key"), d.join("auth.crt"));
    ok(klucznik(&[
        "test-cert",
        "--nip",
        "5265877635",
        "--key-out",
        s(&tkey),
        "--cert-out",
        s(&tcrt),
    ]));
    let args = [
        "qr",
        "code2",
        "--env",
        "test",
        "--context",
        "5265877635",
        "--key",
        s(&tkey),
        "--cert",
        s(&tcrt),
        "--invoice",
        s(&invoice),
    ];
    let refused = klucznik(&args);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("typu Authentication"));
    let mut en = args.to_vec();
    en.extend(["--lang", "en"]);
    let refused = klucznik(&en);
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Offline certificate"));
}
