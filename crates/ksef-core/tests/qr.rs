//! QR codes against the documented examples, openssl and a QR decoder (native only: reads
//! `../shared/ksef/vectors`, runs `openssl`).
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/openssl_cert.rs"]
mod openssl_cert;
use openssl_cert::openssl_self_signed;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ksef_core::certificate::Certificate;
use ksef_core::context::ContextIdentifier;
use ksef_core::environment::Environment;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::qr::{
    offline_signer, render, verify_code2, Code1, Code2, InvoiceHash, QrError, QrImage,
};
use rand_core::OsRng;
use time::macros::date;

fn vectors() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/ksef/vectors");
    if !p.exists() {
        assert!(
            std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_none(),
            "../shared/ksef/vectors is missing"
        );
        return None;
    }
    Some(p)
}

#[test]
fn the_documented_code2_signature_verifies_with_its_certificate() {
    let Some(v) = vectors() else { return };
    let text = std::fs::read_to_string(v.join("kod2-docs-example.txt")).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let (signed, url) = (lines[0], lines[2]);
    let cert = Certificate::from_bytes(
        &std::fs::read(v.join("ksef-test-cert-01F20A5D352AE590.der")).unwrap(),
    )
    .unwrap();
    let link = verify_code2(url, &cert).unwrap();
    assert_eq!(link.code.signed_part(), signed);
    assert_eq!(link.code.url_with(&link.signature), url);
    // One changed character of the signed part and it no longer verifies.
    let tampered = url.replace("/1111111111/01F2", "/1111111112/01F2");
    assert!(verify_code2(&tampered, &cert).is_err());
}

fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("qr").join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn openssl(args: &[&str]) -> std::process::Output {
    Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl is installed")
}

/// An `Offline`-type certificate (keyUsage nonRepudiation only) for `key`, made by openssl.
fn offline_cert(d: &Path, key: &PrivateKey, days: &str) -> Certificate {
    offline_cert_with(d, key, days, Some("0x0123456789ABCDEF"))
}

/// `serial: None` lets openssl pick a 20-byte one, which KSeF never issues.
fn offline_cert_with(d: &Path, key: &PrivateKey, days: &str, serial: Option<&str>) -> Certificate {
    let mut extra = vec!["-addext", "keyUsage=critical,nonRepudiation", "-days", days];
    extra.extend(serial.map(|s| ["-set_serial", s]).into_iter().flatten());
    openssl_self_signed(
        d,
        key,
        "Haslo-testowe-123!",
        "offline",
        "/CN=Offline/C=PL",
        &extra,
    )
}

/// openssl checks the signature of `url` over its signed part with the certificate's key.
fn openssl_verifies(d: &Path, url: &str, code: &Code2, cert: &Certificate, alg: KeyAlgorithm) {
    let sig = URL_SAFE_NO_PAD
        .decode(url.rsplit('/').next().unwrap())
        .unwrap();
    let (data, sig_file, pem) = (d.join("data"), d.join("sig"), d.join("pub.pem"));
    std::fs::write(&data, code.signed_part()).unwrap();
    let spki = cert.public_key_der();
    let b64 = base64::engine::general_purpose::STANDARD.encode(spki);
    std::fs::write(
        &pem,
        format!("-----BEGIN PUBLIC KEY-----\n{b64}\n-----END PUBLIC KEY-----\n"),
    )
    .unwrap();
    let (sig_bytes, extra): (Vec<u8>, &[&str]) = match alg {
        // openssl reads ECDSA signatures as DER; the link carries r‖s.
        KeyAlgorithm::EcP256 => (
            p256::ecdsa::Signature::from_slice(&sig)
                .unwrap()
                .to_der()
                .as_bytes()
                .to_vec(),
            &[],
        ),
        KeyAlgorithm::Rsa2048 => (
            sig,
            &[
                "-sigopt",
                "rsa_padding_mode:pss",
                "-sigopt",
                "rsa_pss_saltlen:32",
                "-sigopt",
                "rsa_mgf1_md:sha256",
            ],
        ),
    };
    std::fs::write(&sig_file, sig_bytes).unwrap();
    let mut args = vec!["dgst", "-sha256", "-verify", pem.to_str().unwrap()];
    args.extend_from_slice(extra);
    args.extend([
        "-signature",
        sig_file.to_str().unwrap(),
        data.to_str().unwrap(),
    ]);
    let out = openssl(&args);
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("Verified OK"),
        "{alg:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn our_code2_signatures_verify_with_openssl_for_rsa_and_ec() {
    for alg in [KeyAlgorithm::EcP256, KeyAlgorithm::Rsa2048] {
        let d = dir(&format!("{alg:?}"));
        let key = PrivateKey::generate(alg, &mut OsRng).unwrap();
        let cert = offline_cert(&d, &key, "30");
        let serial = offline_signer(&cert, &key, time::OffsetDateTime::now_utc()).unwrap();
        let code = Code2 {
            env: Environment::Demo,
            context: ContextIdentifier::InternalId("6824515772-12343".parse().unwrap()),
            seller_nip: "6824515772".parse().unwrap(),
            serial,
            hash: InvoiceHash::of(b"<Faktura/>"),
        };
        let url = code.sign(&key, &mut OsRng);
        assert!(url.starts_with(
            "https://qr-demo.ksef.mf.gov.pl/certificate/InternalId/6824515772-12343/6824515772/"
        ));
        openssl_verifies(&d, &url, &code, &cert, alg);
        assert_eq!(verify_code2(&url, &cert).unwrap().code, code);
        // The images carry exactly this link.
        assert_eq!(decode_png(&render(&url, "CERTYFIKAT").unwrap()), url);
    }
}

#[test]
fn the_offline_check_names_what_is_wrong() {
    let d = dir("checks");
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let cert = offline_cert(&d, &key, "1");
    let now = time::OffsetDateTime::now_utc();
    assert_eq!(
        offline_signer(&cert, &key, now).unwrap().as_str(),
        cert.serial_hex()
    );
    let other = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    assert_eq!(
        offline_signer(&cert, &other, now),
        Err(QrError::KeyMismatch)
    );
    let later = now + time::Duration::days(3);
    assert!(matches!(
        offline_signer(&cert, &key, later),
        Err(QrError::Expired(_))
    ));
    let earlier = now - time::Duration::days(3);
    assert!(matches!(
        offline_signer(&cert, &key, earlier),
        Err(QrError::NotYetValid(_))
    ));
    std::fs::create_dir_all(d.join("long")).unwrap();
    let not_ksef = offline_cert_with(&d.join("long"), &key, "1", None);
    let e = offline_signer(&not_ksef, &key, time::OffsetDateTime::now_utc()).unwrap_err();
    assert!(matches!(e, QrError::NotKsefSerial(_)), "{e:?}");
    let Some(v) = vectors() else { return };
    // The documented certificate predates the Offline type: it is an Authentication one.
    let auth = Certificate::from_bytes(
        &std::fs::read(v.join("ksef-test-cert-01F20A5D352AE590.der")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        auth.ksef_type(),
        Some(ksef_core::api::certificates::CertificateType::Authentication)
    );
}

fn decode_png(img: &QrImage) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(&img.png));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    let (w, h) = (info.width as usize, info.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the PNG");
    grids[0].decode().unwrap().1
}

/// Draws the SVG's module path (`M{x} {y}h{n}v1h-{n}z` runs) back into pixels.
fn decode_svg(img: &QrImage) -> String {
    let d = img
        .svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let side = img.modules + 8;
    let scale = 4;
    let mut px = vec![false; side * side * scale * scale];
    for run in d.split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').unwrap();
        let (x, y) = xy.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        let n: usize = rest.split('v').next().unwrap().parse().unwrap();
        for py in y * scale..(y + 1) * scale {
            for px_x in x * scale..(x + n) * scale {
                px[py * side * scale + px_x] = true;
            }
        }
    }
    let w = side * scale;
    let mut image = rqrr::PreparedImage::prepare_from_bitmap(w, w, |x, y| px[y * w + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the SVG");
    grids[0].decode().unwrap().1
}

#[test]
fn both_codes_decode_back_to_their_links_from_png_and_svg() {
    let code1 = Code1 {
        env: Environment::Test,
        seller_nip: "1111111111".parse().unwrap(),
        issue_date: date!(2026 - 02 - 01),
        hash: InvoiceHash::parse("UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE").unwrap(),
    };
    let key = PrivateKey::generate(KeyAlgorithm::Rsa2048, &mut OsRng).unwrap();
    let code2 = Code2 {
        env: Environment::Prod,
        context: ContextIdentifier::Nip("1111111111".parse().unwrap()),
        seller_nip: "1111111111".parse().unwrap(),
        serial: "01F20A5D352AE590".parse().unwrap(),
        hash: code1.hash.clone(),
    };
    for (url, label) in [
        (code1.url(), "OFFLINE"),
        (code1.url(), "5265877635-20250826-0100001AF629-AF"),
        (code2.sign(&key, &mut OsRng), "CERTYFIKAT"),
    ] {
        let img = render(&url, label).unwrap();
        assert_eq!(decode_png(&img), url, "PNG");
        assert_eq!(decode_svg(&img), url, "SVG");
        assert!(img.svg.contains(&format!(">{label}</text>")));
    }
}
