use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use time::macros::{date, datetime};
use wasm_bindgen_test::wasm_bindgen_test;

use super::*;
use crate::keys::KeyAlgorithm;
use crate::lang::{Lang, Localized};
use crate::test_cert::{self_signed, TestIdentity};

const DOCS_HASH: &str = "UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE";

fn docs_code2() -> Code2 {
    Code2 {
        env: Environment::Test,
        context: ContextIdentifier::Nip("1111111111".parse().unwrap()),
        seller_nip: "1111111111".parse().unwrap(),
        serial: "01F20A5D352AE590".parse().unwrap(),
        hash: InvoiceHash::parse(DOCS_HASH).unwrap(),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn code1_reproduces_the_documented_link() {
    let code = Code1 {
        env: Environment::Test,
        seller_nip: "1111111111".parse().unwrap(),
        issue_date: date!(2026 - 02 - 01),
        hash: InvoiceHash::parse(DOCS_HASH).unwrap(),
    };
    assert_eq!(
        code.url(),
        "https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE"
    );
    let prod = Code1 {
        env: Environment::Prod,
        ..code
    };
    assert!(prod.url().starts_with("https://qr.ksef.mf.gov.pl/invoice/"));
    assert_eq!(Code1::label(None), "OFFLINE");
    let n = "5265877635-20250826-0100001AF629-AF".parse().unwrap();
    assert_eq!(
        Code1::label(Some(&n)),
        "5265877635-20250826-0100001AF629-AF"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn invoice_hashes_match_the_sdk_vectors() {
    for (xml, hash) in [
        (
            "<root>test</root>",
            "qrs2gCLXnTUy6--AHwHuDxFuCj0BYUGRGtBuGnJwN-c",
        ),
        (
            "<data>special & chars /?</data>",
            "2bEg3cUOcJxR38JekXJxuJphnkn-NUdSP-uyOc0hB6I",
        ),
        ("<x/>", "KjH0TaS9fey70939GjeuBNAuxmXiwmiIFszGVjFYbtE"),
    ] {
        assert_eq!(InvoiceHash::of(xml.as_bytes()).as_str(), hash);
    }
    // Standard base64 from other tools is re-encoded as base64url.
    assert_eq!(
        InvoiceHash::parse("UtQp9Gpc51y+u3xApZjIjgkpZ01js/J8KflSPW8WzIE=")
            .unwrap()
            .as_str(),
        "UtQp9Gpc51y-u3xApZjIjgkpZ01js_J8KflSPW8WzIE"
    );
    assert_eq!(InvoiceHash::parse("abc"), Err(QrError::BadHash));
    assert_eq!(InvoiceHash::parse(&"A".repeat(44)), Err(QrError::BadHash));
}

#[wasm_bindgen_test(unsupported = test)]
fn code2_signed_part_is_the_documented_one() {
    assert_eq!(
        docs_code2().signed_part(),
        "qr-test.ksef.mf.gov.pl/certificate/Nip/1111111111/1111111111/01F20A5D352AE590/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE"
    );
}

fn cert_for(key: &PrivateKey) -> Certificate {
    let identity = TestIdentity::PersonNip {
        given_name: "Jan".into(),
        surname: "Testowy".into(),
        nip: "1111111111".parse().unwrap(),
    };
    self_signed(
        &identity,
        key,
        datetime!(2026-01-01 0:00 UTC),
        &mut rand_core::OsRng,
    )
    .unwrap()
}

#[wasm_bindgen_test(unsupported = test)]
fn our_ec_code2_verifies_in_both_encodings_and_a_change_breaks_it() {
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut rand_core::OsRng).unwrap();
    let cert = cert_for(&key);
    let code = Code2 {
        serial: cert.serial_hex().parse().unwrap(),
        ..docs_code2()
    };
    let url = code.sign(&key, &mut rand_core::OsRng);
    let link = verify_code2(&url, &cert).unwrap();
    assert_eq!(link.code, code);
    assert_eq!(link.signature.len(), 64, "r‖s");
    // The DER form (Java's SHA256withECDSA) is accepted too.
    let der = p256::ecdsa::Signature::from_slice(&link.signature)
        .unwrap()
        .to_der();
    verify_code2(&code.url_with(der.as_bytes()), &cert).unwrap();
    let other = Code2 {
        hash: InvoiceHash::of(b"another invoice"),
        ..code.clone()
    };
    let forged = other.url_with(&link.signature);
    assert_eq!(verify_code2(&forged, &cert), Err(QrError::BadSignature));
    // The same signature under another certificate's serial is not that certificate's.
    let stranger =
        cert_for(&PrivateKey::generate(KeyAlgorithm::EcP256, &mut rand_core::OsRng).unwrap());
    assert_eq!(verify_code2(&url, &stranger), Err(QrError::BadSignature));
    let signature = url.rsplit('/').next().unwrap();
    assert!(URL_SAFE_NO_PAD.decode(signature).is_ok() && !signature.contains('='));
}

#[wasm_bindgen_test(unsupported = test)]
fn links_that_are_not_code2_are_named() {
    let url = docs_code2().url_with(&[1, 2, 3]);
    assert!(Code2Link::parse(&url).is_ok());
    for (bad, what) in [
        (url.replace("https://", "http://"), "https://"),
        (url.replace("/certificate/", "/invoice/"), "/certificate/…"),
        (url.replace("qr-test.", "qr-x."), "host"),
        (url.replace("/Nip/", "/Pesel/"), "context type"),
        (url.replace("01F20A5D352AE590", "01F20A5D352AE59"), "serial"),
        (format!("{url}/extra"), "/certificate/…"),
    ] {
        assert_eq!(
            Code2Link::parse(&bad),
            Err(QrError::NotALink(what.into())),
            "{bad}"
        );
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn only_a_valid_offline_certificate_with_its_key_may_sign() {
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut rand_core::OsRng).unwrap();
    // Test certificates are for logging in: Authentication, refused with the reason.
    let cert = cert_for(&key);
    let now = datetime!(2026-06-01 0:00 UTC);
    let e = offline_signer(&cert, &key, now).unwrap_err();
    assert_eq!(e, QrError::AuthenticationCertificate);
    assert!(e.message(Lang::Pl).contains("Offline"));
    assert!(e.message(Lang::En).contains("Offline"));
}

#[wasm_bindgen_test(unsupported = test)]
fn invoice_facts_come_from_the_seller_and_the_issue_date() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">
  <Naglowek><KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza></Naglowek>
  <Podmiot1><DaneIdentyfikacyjne><NIP>5265877635</NIP><Nazwa>A &amp; B</Nazwa></DaneIdentyfikacyjne></Podmiot1>
  <Podmiot2><DaneIdentyfikacyjne><NIP>1111111111</NIP></DaneIdentyfikacyjne></Podmiot2>
  <Fa><KodWaluty>PLN</KodWaluty><P_1>2026-02-01</P_1><P_2>FV/1/&amp;/2026</P_2></Fa>
</Faktura>"#;
    let facts = InvoiceFacts::read(xml.as_bytes()).unwrap();
    assert_eq!(facts.seller_nip.unwrap().as_str(), "5265877635");
    assert_eq!(facts.issue_date, Some(date!(2026 - 02 - 01)));
    assert_eq!(facts.invoice_number.as_deref(), Some("FV/1/&/2026"));
    assert_eq!(facts.hash, InvoiceHash::of(xml.as_bytes()));
    // Any XML is accepted (the hash is what matters); the fields are then typed in.
    let other = InvoiceFacts::read(b"<x/>").unwrap();
    assert_eq!((other.seller_nip, other.issue_date), (None, None));
    for bad in [
        &b"not xml <"[..],
        b"",
        b"<a></b>",
        b"\xff\xfe",
        b"<Faktura><Fa>",
    ] {
        let e = InvoiceFacts::read(bad).unwrap_err();
        assert!(matches!(e, QrError::NotXml(_)), "{bad:?}: {e:?}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn images_have_both_formats_and_the_caption() {
    let img = render(&docs_code2().url_with(&[7; 256]), CODE2_LABEL).unwrap();
    assert!(img.png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert!(img.svg.starts_with("<svg") && img.svg.contains(">CERTYFIKAT</text>"));
    assert!(img.modules > 21);
    assert!(matches!(
        render(&"x".repeat(3000), "OFFLINE"),
        Err(QrError::TooLong(3000))
    ));
}
