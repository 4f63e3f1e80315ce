//! Keys, CSR and key files in-process; runs natively and in headless Chromium.

use ksef_core::api::certificates::CertificateEnrollmentDataResponse;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::keystore::{decrypt_key, encrypt_key, KeyFileError};
use rand_core::OsRng;
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const PASSWORD: &str = "ADadADad12!@adadad";

#[wasm_bindgen_test(unsupported = test)]
fn ec_key_csr_and_key_file_round_trip() {
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let data = CertificateEnrollmentDataResponse {
        common_name: "Jan Kowalski".into(),
        country_name: "PL".into(),
        given_name: Some(vec!["Jan".into()]),
        surname: Some("Kowalski".into()),
        serial_number: Some("TINPL-5265877635".into()),
        ..Default::default()
    };
    let csr = ksef_core::csr::build(&data, &key, &mut OsRng).unwrap();
    assert_eq!(csr.der[0], 0x30);
    assert!(!csr.to_base64().contains('\n'));

    let pem = encrypt_key(&key, PASSWORD, &mut OsRng).unwrap();
    let back = decrypt_key(pem.as_bytes(), Some(PASSWORD)).unwrap();
    assert_eq!(back.key.public_key_der(), key.public_key_der());
    assert_eq!(
        decrypt_key(pem.as_bytes(), Some("ADadADad12!@adadaX")).unwrap_err(),
        KeyFileError::WrongPassword
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn xmldsig_ecdsa_signatures_are_raw_r_and_s() {
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    assert_eq!(key.sign_xmldsig(b"data").len(), 64);
    let der = key.sign_x509(b"data", &mut OsRng);
    assert_eq!(der[0], 0x30, "X.509 signatures are DER");
    assert!(!format!("{key:?}").contains(&format!("{:?}", key.to_pkcs8_der().as_slice())));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_pkcs8_rsa_key_of_the_wrong_size_is_refused() {
    // PKCS#8 of a 1024-bit RSA key (as WebCrypto could export), made once with openssl.
    let der = include_bytes!("data/rsa1024.pk8");
    let err = PrivateKey::from_pkcs8_der(der).unwrap_err();
    assert!(
        matches!(err, ksef_core::keys::KeyError::Unsupported(ref s) if s == "RSA 1024"),
        "{err:?}"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn key_files_are_read_as_pem_or_der_and_among_other_pem_blocks() {
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let public = key.public_key_der();
    let encrypted_pem = encrypt_key(&key, PASSWORD, &mut OsRng).unwrap();
    let (_, encrypted_der) = der::pem::decode_vec(encrypted_pem.as_bytes()).unwrap();
    let plain_der = key.to_pkcs8_der();
    let plain_pem =
        der::pem::encode_string("PRIVATE KEY", der::pem::LineEnding::CRLF, &plain_der).unwrap();

    let encrypted = decrypt_key(&encrypted_der, Some(PASSWORD)).unwrap();
    assert!(encrypted.was_encrypted);
    assert_eq!(encrypted.key.public_key_der(), public);
    let plain = decrypt_key(&plain_der, None).unwrap();
    assert!(!plain.was_encrypted);
    assert_eq!(plain.key.public_key_der(), public);
    assert_eq!(
        decrypt_key(&encrypted_der, None).unwrap_err(),
        KeyFileError::PasswordNeeded
    );

    // openssl pkcs12 -nodes writes "Bag Attributes" and the certificate around the key.
    let cert = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
    let bundle = format!("Bag Attributes\n    localKeyID: 01 02\n{cert}Key Attributes: <No Attributes>\n{plain_pem}\n{cert}");
    let from_bundle = decrypt_key(bundle.as_bytes(), None).unwrap();
    assert_eq!(from_bundle.key.public_key_der(), public);

    // A certificate picked as the key is named as such.
    assert_eq!(
        decrypt_key(cert.as_bytes(), Some(PASSWORD)).unwrap_err(),
        KeyFileError::NotAKey("PEM CERTIFICATE".into())
    );
}
