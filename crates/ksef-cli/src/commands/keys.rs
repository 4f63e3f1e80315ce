//! `keygen`, `csr`, `key decrypt|encrypt`, `p12 export|import`, `cert-match`.

use std::path::Path;

use ksef_core::api::certificates::CertificateEnrollmentDataResponse;
use ksef_core::certificate::Certificate;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::keystore::{decrypt_key, encrypt_key, export_p12, import_p12};
use ksef_core::lang::{Lang, Localized};
use rand_core::OsRng;
use zeroize::Zeroizing;

use crate::AlgArg;

/// `KLUCZNIK_PASSWORD`, else a prompt on the terminal (never an argument: it would show in `ps`).
pub(crate) fn password(lang: Lang) -> Result<Zeroizing<String>, String> {
    if let Ok(p) = std::env::var("KLUCZNIK_PASSWORD") {
        return Ok(Zeroizing::new(p));
    }
    rpassword::prompt_password(lang.pick("Hasło: ", "Password: "))
        .map(Zeroizing::new)
        .map_err(|e| {
            lang.pick(
                format!("Nie można odczytać hasła: {e}"),
                format!("Cannot read the password: {e}"),
            )
        })
}

pub(crate) fn read(path: &Path, lang: Lang) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| {
        format!(
            "{}: {} ({e})",
            lang.pick("Nie można odczytać", "Cannot read"),
            path.display()
        )
    })
}

pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

pub(crate) fn load_key(path: &Path, lang: Lang) -> Result<PrivateKey, String> {
    let bytes = read(path, lang)?;
    let pw = password(lang)?;
    let loaded = decrypt_key(&bytes, Some(pw.as_str())).map_err(|e| e.message(lang))?;
    if !loaded.was_encrypted {
        eprintln!(
            "{}",
            lang.pick(
                "Uwaga: klucz w pliku nie był zaszyfrowany",
                "Warning: the key file was not encrypted"
            )
        );
    }
    Ok(loaded.key)
}

pub(crate) fn load_cert(path: &Path, lang: Lang) -> Result<Certificate, String> {
    Certificate::from_bytes(&read(path, lang)?).map_err(|e| e.message(lang))
}

pub fn keygen(alg: AlgArg, out: &Path, lang: Lang) -> Result<String, String> {
    let alg = match alg {
        AlgArg::Ec => KeyAlgorithm::EcP256,
        AlgArg::Rsa => KeyAlgorithm::Rsa2048,
    };
    let pw = password(lang)?;
    let key = PrivateKey::generate(alg, &mut OsRng).map_err(|e| e.message(lang))?;
    write(
        out,
        encrypt_key(&key, &pw, &mut OsRng)
            .map_err(|e| e.message(lang))?
            .as_bytes(),
    )?;
    Ok(String::new())
}

pub fn csr(data: &Path, key: &Path, out: &Path, der: bool, lang: Lang) -> Result<String, String> {
    let data: CertificateEnrollmentDataResponse = serde_json::from_slice(&read(data, lang)?)
        .map_err(|e| {
            lang.pick(
                format!("Błędny JSON danych do certyfikatu: {e}"),
                format!("Invalid enrollment data JSON: {e}"),
            )
        })?;
    let key = load_key(key, lang)?;
    let csr = ksef_core::csr::build(&data, &key, &mut OsRng).map_err(|e| e.message(lang))?;
    if der {
        write(out, &csr.der)?;
    } else {
        write(out, csr.to_pem().as_bytes())?;
    }
    Ok(String::new())
}

pub fn decrypt(input: &Path, out: &Path, lang: Lang) -> Result<String, String> {
    let key = load_key(input, lang)?;
    let der = key.to_pkcs8_der();
    let pem = Zeroizing::new(
        der::pem::encode_string("PRIVATE KEY", der::pem::LineEnding::LF, &der)
            .map_err(|e| e.to_string())?,
    );
    write(out, pem.as_bytes())?;
    Ok(String::new())
}

pub fn encrypt(input: &Path, out: &Path, lang: Lang) -> Result<String, String> {
    let loaded = decrypt_key(&read(input, lang)?, None).map_err(|e| e.message(lang))?;
    let pw = password(lang)?;
    write(
        out,
        encrypt_key(&loaded.key, &pw, &mut OsRng)
            .map_err(|e| e.message(lang))?
            .as_bytes(),
    )?;
    Ok(String::new())
}

pub fn p12_export(
    key: &Path,
    cert: &Path,
    out: &Path,
    legacy: bool,
    lang: Lang,
) -> Result<String, String> {
    let key = load_key(key, lang)?;
    let cert = load_cert(cert, lang)?;
    let pw = password(lang)?;
    write(
        out,
        &export_p12(&key, &cert, &pw, legacy).map_err(|e| e.message(lang))?,
    )?;
    Ok(String::new())
}

pub fn p12_import(
    input: &Path,
    key_out: &Path,
    cert_out: &Path,
    lang: Lang,
) -> Result<String, String> {
    let pw = password(lang)?;
    let (key, cert) = import_p12(&read(input, lang)?, &pw).map_err(|e| e.message(lang))?;
    write(
        key_out,
        encrypt_key(&key, &pw, &mut OsRng)
            .map_err(|e| e.message(lang))?
            .as_bytes(),
    )?;
    write(cert_out, cert.to_pem().as_bytes())?;
    Ok(String::new())
}

pub fn cert_match(key: &Path, cert: &Path, lang: Lang) -> Result<String, String> {
    let key = load_key(key, lang)?;
    let cert = load_cert(cert, lang)?;
    if cert.matches(&key) {
        Ok(lang
            .pick(
                "certyfikat pasuje do klucza\n",
                "the certificate belongs to the key\n",
            )
            .to_string())
    } else {
        Err(ksef_core::keystore::KeyFileError::Mismatch.message(lang))
    }
}
