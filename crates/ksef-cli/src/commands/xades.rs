//! `test-cert`, `sign` and `verify`.

use std::path::Path;

use ksef_core::auth_xml::AuthTokenRequest;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::keystore::encrypt_key;
use ksef_core::lang::{Lang, Localized};
use ksef_core::test_cert::{self_signed, TestIdentity};
use rand_core::OsRng;
use time::OffsetDateTime;

use super::keys::{load_cert, load_key, password, read, write};
use crate::{AlgArg, TestCertArgs};

fn identity(a: &TestCertArgs, lang: Lang) -> Result<TestIdentity, String> {
    let msg = |e: ksef_core::ident::IdError| e.message(lang);
    let (given_name, surname) = (a.given_name.clone(), a.surname.clone());
    Ok(match (&a.who.nip, &a.who.pesel, &a.who.seal) {
        (Some(nip), _, _) => TestIdentity::PersonNip {
            given_name,
            surname,
            nip: nip.parse().map_err(msg)?,
        },
        (_, Some(pesel), _) => TestIdentity::PersonPesel {
            given_name,
            surname,
            pesel: pesel.parse().map_err(msg)?,
        },
        (_, _, Some(nip)) => TestIdentity::Seal {
            organization: a.organization.clone(),
            nip: nip.parse().map_err(msg)?,
        },
        _ => unreachable!("clap requires one of --nip, --pesel, --seal"),
    })
}

pub fn test_cert(a: TestCertArgs, lang: Lang) -> Result<String, String> {
    let who = identity(&a, lang)?;
    let alg = match a.alg {
        AlgArg::Ec => KeyAlgorithm::EcP256,
        AlgArg::Rsa => KeyAlgorithm::Rsa2048,
    };
    let pw = password(lang)?;
    let key = PrivateKey::generate(alg, &mut OsRng).map_err(|e| e.message(lang))?;
    let key_file = encrypt_key(&key, &pw, &mut OsRng).map_err(|e| e.message(lang))?;
    let cert = self_signed(&who, &key, OffsetDateTime::now_utc(), &mut OsRng)
        .map_err(|e| e.to_string())?;
    write(&a.key_out, key_file.as_bytes())?;
    write(&a.cert_out, cert.to_pem().as_bytes())?;
    Ok(format!(
        "{}\nSHA-256: {}\n",
        cert.subject(),
        cert.fingerprint()
    ))
}

pub fn sign(key: &Path, cert: &Path, auth_xml: &Path, lang: Lang) -> Result<String, String> {
    let parsed = AuthTokenRequest::parse(&read(auth_xml, lang)?).map_err(|e| e.message(lang))?;
    if parsed.is_signed() {
        return Err(lang
            .pick("Ten plik jest już podpisany", "This file is already signed")
            .to_string());
    }
    let key = load_key(key, lang)?;
    let cert = load_cert(cert, lang)?;
    if !cert.matches(&key) {
        return Err(ksef_core::keystore::KeyFileError::Mismatch.message(lang));
    }
    Ok(ksef_core::xades::sign(
        &parsed.request,
        &key,
        &cert,
        OffsetDateTime::now_utc(),
    ))
}

/// The pre-flight report; an `Err` (exit 2, like every refusal) carries the report when KSeF would refuse the file.
pub fn verify(signed: &Path, challenge: Option<&str>, lang: Lang) -> Result<String, String> {
    let bytes = read(signed, lang)?;
    let challenge = challenge
        .map(|c| {
            c.parse()
                .map_err(|e: ksef_core::ident::IdError| e.message(lang))
        })
        .transpose()?;
    let expected = ksef_core::preflight::Expected {
        challenge: challenge.map(|c| (c, None)),
        context: None,
    };
    let report = ksef_core::preflight::check(&bytes, &expected, OffsetDateTime::now_utc());
    match report.is_valid() {
        true => Ok(report.to_text(lang)),
        false => Err(report.to_text(lang).trim_end().to_string()),
    }
}
