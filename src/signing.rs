//! Worker jobs for logging in with a signature: the pre-flight report of an uploaded file and
//! signing `auth.xml` with a KSeF certificate loaded in the tab (key file + certificate, or
//! PKCS#12). Both decode and check in the worker; the password never leaves the tab.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::auth_xml::AuthTokenRequest;
use ksef_core::certificate::Certificate;
use ksef_core::context::{ApiContextIdentifier, ContextIdentifier};
use ksef_core::datetime::DateTime;
use ksef_core::keys::PrivateKey;
use ksef_core::lang::{Lang, Localized};
use ksef_core::preflight::{check, Expected, Finding};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::i18n::texts;

#[derive(Clone, Serialize, Deserialize)]
pub struct PreflightRequest {
    pub file_base64: String,
    pub challenge: Option<String>,
    /// When the challenge was issued (KSeF's `timestampMs`).
    pub issued_ms: Option<i64>,
    pub context: Option<ApiContextIdentifier>,
    pub now_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreflightSummary {
    pub valid: bool,
    pub findings: Vec<Finding>,
    /// Whether the signer's certificate is self-signed, once the signature was read.
    pub self_signed: Option<bool>,
}

pub(crate) fn time(ms: i64) -> DateTime {
    DateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000).unwrap_or(DateTime::UNIX_EPOCH)
}

pub fn preflight(req: &PreflightRequest) -> PreflightSummary {
    let bytes = B64.decode(&req.file_base64).unwrap_or_default();
    let expected = Expected {
        challenge: req
            .challenge
            .as_deref()
            .and_then(|c| c.parse().ok())
            .map(|c| (c, req.issued_ms.map(time))),
        context: req
            .context
            .as_ref()
            .and_then(|c| ContextIdentifier::try_from(c).ok()),
    };
    let report = check(&bytes, &expected, time(req.now_ms));
    PreflightSummary {
        valid: report.is_valid(),
        self_signed: report
            .signer
            .as_ref()
            .map(|s| s.certificate.is_self_signed()),
        findings: report.findings,
    }
}

/// The credentials a user loads: a key file with its certificate, or a `.p12`. Both files
/// travel as their bytes (base64): a key may be PEM or DER, and DER is not text.
#[derive(Clone, Serialize, Deserialize)]
pub enum Credentials {
    KeyFile {
        key_base64: String,
        certificate_base64: String,
    },
    Pkcs12 {
        p12_base64: String,
    },
}

impl Credentials {
    /// From the picked files: a `.p12` alone, or a key file with its certificate.
    pub fn from_files(
        key: &crate::files::Picked,
        cert: Option<&crate::files::Picked>,
    ) -> Option<Credentials> {
        if crate::files::is_p12(&key.name) {
            return Some(Credentials::Pkcs12 {
                p12_base64: B64.encode(&key.bytes),
            });
        }
        Some(Credentials::KeyFile {
            key_base64: B64.encode(&key.bytes),
            certificate_base64: B64.encode(&cert?.bytes),
        })
    }
}

#[derive(Clone, Serialize, Deserialize)]
pub struct SignRequest {
    pub credentials: Credentials,
    pub password: String,
    /// The unsigned AuthTokenRequest, as built by the page.
    pub unsigned_xml: String,
    pub now_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signed {
    pub xml: String,
    pub signer: String,
    pub serial: String,
    /// KSeF TEST accepts a self-signed certificate and calls it qualified; it is not.
    pub self_signed: bool,
}

pub(crate) type Failure = (String, String);

pub(crate) fn both(e: &dyn Localized) -> Failure {
    (e.message(Lang::Pl), e.message(Lang::En))
}

pub(crate) fn load(
    credentials: &Credentials,
    password: &str,
) -> Result<(PrivateKey, Certificate), Failure> {
    let b64 = |s: &str| {
        B64.decode(s.trim()).map_err(|_| {
            (
                texts(Lang::Pl).worker.file_damaged.to_string(),
                texts(Lang::En).worker.file_damaged.to_string(),
            )
        })
    };
    match credentials {
        Credentials::KeyFile {
            key_base64,
            certificate_base64,
        } => {
            let key = Zeroizing::new(b64(key_base64)?);
            let loaded =
                ksef_core::keystore::decrypt_key(&key, Some(password)).map_err(|e| both(&e))?;
            let cert = Certificate::from_bytes(&b64(certificate_base64)?).map_err(|e| both(&e))?;
            if !cert.matches(&loaded.key) {
                return Err(both(&ksef_core::keystore::KeyFileError::Mismatch));
            }
            Ok((loaded.key, cert))
        }
        Credentials::Pkcs12 { p12_base64 } => {
            ksef_core::keystore::import_p12(&b64(p12_base64)?, password).map_err(|e| both(&e))
        }
    }
}

pub fn sign(req: SignRequest) -> Result<Signed, Failure> {
    let password = Zeroizing::new(req.password);
    let (key, cert) = load(&req.credentials, &password)?;
    let parsed = AuthTokenRequest::parse(req.unsigned_xml.as_bytes()).map_err(|e| both(&e))?;
    let now = time(req.now_ms);
    if now >= cert.not_after() {
        return Err((
            (texts(Lang::Pl).worker.certificate_expired)(cert.not_after().date()),
            (texts(Lang::En).worker.certificate_expired)(cert.not_after().date()),
        ));
    }
    Ok(Signed {
        xml: ksef_core::xades::sign(&parsed.request, &key, &cert, now),
        signer: cert.subject(),
        serial: cert.serial_hex(),
        self_signed: cert.is_self_signed(),
    })
}

/// A `.p12` from the key file and the certificate KSeF issued, with the same password.
#[derive(Clone, Serialize, Deserialize)]
pub struct P12Request {
    pub key_pem: String,
    pub certificate_base64: String,
    pub password: String,
}

pub fn export_p12(req: P12Request) -> Result<String, Failure> {
    let password = Zeroizing::new(req.password);
    let credentials = Credentials::KeyFile {
        key_base64: B64.encode(req.key_pem),
        certificate_base64: req.certificate_base64,
    };
    let (key, cert) = load(&credentials, &password)?;
    let p12 =
        ksef_core::keystore::export_p12(&key, &cert, &password, false).map_err(|e| both(&e))?;
    Ok(B64.encode(p12))
}

/// A self-signed certificate for KSeF TEST (and the simulator), made in the tab.
#[derive(Clone, Serialize, Deserialize)]
pub struct TestCertRequest {
    /// `person` (serialNumber TINPL-<NIP>) or `seal` (organizationIdentifier VATPL-<NIP>).
    pub seal: bool,
    pub nip: String,
    pub name: String,
    pub password: String,
    pub now_ms: i64,
}

impl TestCertRequest {
    /// The files' name without extension, after the subject: `test-NIP-5265877635` for a
    /// person, `test-pieczec-NIP-5265877635` for a seal (so the two never overwrite each other).
    pub fn file_stem(&self) -> String {
        let nip: String = self
            .nip
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        match self.seal {
            true => format!("test-pieczec-NIP-{nip}"),
            false => format!("test-NIP-{nip}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestCert {
    pub key_pem: String,
    pub certificate_pem: String,
}

pub fn test_cert(req: TestCertRequest) -> Result<TestCert, Failure> {
    use ksef_core::test_cert::{self_signed, TestIdentity};
    let password = Zeroizing::new(req.password);
    let nip = req
        .nip
        .parse()
        .map_err(|e: ksef_core::ident::IdError| both(&e))?;
    let name = req.name.trim().to_string();
    let identity = if req.seal {
        TestIdentity::Seal {
            organization: name,
            nip,
        }
    } else {
        let (given, surname) = name.split_once(' ').unwrap_or((name.as_str(), "Testowy"));
        TestIdentity::PersonNip {
            given_name: given.into(),
            surname: surname.into(),
            nip,
        }
    };
    let key = PrivateKey::generate(ksef_core::keys::KeyAlgorithm::EcP256, &mut rand_core::OsRng)
        .map_err(|e| both(&e))?;
    let key_pem = ksef_core::keystore::encrypt_key(&key, &password, &mut rand_core::OsRng)
        .map_err(|e| both(&e))?;
    let cert = self_signed(&identity, &key, time(req.now_ms), &mut rand_core::OsRng)
        .map_err(|e| (e.to_string(), e.to_string()))?;
    Ok(TestCert {
        key_pem,
        certificate_pem: cert.to_pem(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::Picked;

    const PASSWORD: &str = "Haslo-do-klucza-1!";

    fn picked(name: &str, bytes: impl Into<Vec<u8>>) -> Picked {
        Picked {
            name: name.into(),
            bytes: bytes.into(),
        }
    }

    /// DER is not text: the key file must reach ksef-core byte for byte, in every format.
    #[test]
    fn key_files_load_as_pem_and_der() {
        let key =
            PrivateKey::generate(ksef_core::keys::KeyAlgorithm::EcP256, &mut rand_core::OsRng)
                .unwrap();
        let identity = ksef_core::test_cert::TestIdentity::PersonNip {
            given_name: "Anna".into(),
            surname: "Testowa".into(),
            nip: "5265877635".parse().unwrap(),
        };
        let cert = ksef_core::test_cert::self_signed(
            &identity,
            &key,
            time::OffsetDateTime::now_utc(),
            &mut rand_core::OsRng,
        )
        .unwrap();
        let pem = ksef_core::keystore::encrypt_key(&key, PASSWORD, &mut rand_core::OsRng).unwrap();
        let (_, encrypted_der) = der::pem::decode_vec(pem.as_bytes()).unwrap();
        let crt = picked("ksef.cer", cert.der().to_vec());
        for (file, password) in [
            (picked("ksef.key", pem.clone()), PASSWORD),
            (picked("ksef.der", encrypted_der), PASSWORD),
            (picked("ksef.p8", key.to_pkcs8_der().to_vec()), ""),
        ] {
            let credentials = Credentials::from_files(&file, Some(&crt)).unwrap();
            let (loaded, _) =
                load(&credentials, password).unwrap_or_else(|e| panic!("{}: {}", file.name, e.0));
            assert_eq!(
                loaded.public_key_der(),
                key.public_key_der(),
                "{}",
                file.name
            );
        }
        assert!(Credentials::from_files(&picked("ksef.key", pem), None).is_none());
    }

    #[test]
    fn test_certificate_files_are_named_after_the_subject() {
        let mut req = TestCertRequest {
            seal: false,
            nip: "5265877635".into(),
            name: "Jan Testowy".into(),
            password: String::new(),
            now_ms: 0,
        };
        assert_eq!(req.file_stem(), "test-NIP-5265877635");
        req.seal = true;
        assert_eq!(req.file_stem(), "test-pieczec-NIP-5265877635");
        req.nip = "../52 65".into();
        assert_eq!(req.file_stem(), "test-pieczec-NIP-5265");
    }
}
