//! Jobs for logging in with a signature: the pre-flight report of an uploaded file, signing
//! `auth.xml` with a KSeF certificate loaded in the tab, the `.p12` of a new certificate, and
//! a self-signed certificate for KSeF TEST.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::auth_xml::AuthTokenRequest;
use ksef_core::context::{ApiContextIdentifier, ContextIdentifier};
use ksef_core::datetime::DateTime;
use ksef_core::keys::PrivateKey;
use ksef_core::preflight::{check, Expected, Finding};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::credentials::Credentials;
use super::{Job, NoProgress, WorkerFailure};

pub(crate) fn time(ms: i64) -> DateTime {
    DateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000).unwrap_or(DateTime::UNIX_EPOCH)
}

/// What the pre-flight check says of a file signed outside the app.
#[derive(Clone, Serialize, Deserialize)]
pub struct CheckSignedFile {
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

impl Job for CheckSignedFile {
    const NAME: &'static str = "check-signed-file";
    type Answer = PreflightSummary;
    type Progress = NoProgress;

    /// Never fails: whatever is wrong with the file is a finding of the report.
    async fn run(self, _: impl Fn(NoProgress)) -> Result<PreflightSummary, WorkerFailure> {
        let bytes = B64.decode(&self.file_base64).unwrap_or_default();
        let expected = Expected {
            challenge: self
                .challenge
                .as_deref()
                .and_then(|c| c.parse().ok())
                .map(|c| (c, self.issued_ms.map(time))),
            context: self
                .context
                .as_ref()
                .and_then(|c| ContextIdentifier::try_from(c).ok()),
        };
        let report = check(&bytes, &expected, time(self.now_ms));
        Ok(PreflightSummary {
            valid: report.is_valid(),
            self_signed: report
                .signer
                .as_ref()
                .map(|s| s.certificate.is_self_signed()),
            findings: report.findings,
        })
    }
}

/// `auth.xml` signed (XAdES) with the loaded key.
#[derive(Clone, Serialize, Deserialize)]
pub struct SignAuthRequest {
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

impl Job for SignAuthRequest {
    const NAME: &'static str = "sign-auth-request";
    type Answer = Signed;
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<Signed, WorkerFailure> {
        let password = Zeroizing::new(self.password);
        let (key, cert) = self.credentials.load(&password)?;
        let parsed = AuthTokenRequest::parse(self.unsigned_xml.as_bytes())
            .map_err(|_| WorkerFailure::InvalidRequest)?;
        let now = time(self.now_ms);
        if now >= cert.not_after() {
            return Err(WorkerFailure::CertificateExpired(cert.not_after().date()));
        }
        Ok(Signed {
            xml: ksef_core::xades::sign(&parsed.request, &key, &cert, now),
            signer: cert.subject(),
            serial: cert.serial_hex(),
            self_signed: cert.is_self_signed(),
        })
    }
}

/// A `.p12` from the key file and the certificate KSeF issued, with the same password.
#[derive(Clone, Serialize, Deserialize)]
pub struct BuildP12 {
    pub key_pem: String,
    pub certificate_base64: String,
    pub password: String,
}

/// A `.p12` file's bytes, as Base64.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct P12File(pub String);

impl Job for BuildP12 {
    const NAME: &'static str = "build-p12";
    type Answer = P12File;
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<P12File, WorkerFailure> {
        let password = Zeroizing::new(self.password);
        let credentials = Credentials::KeyFile {
            key_base64: B64.encode(self.key_pem),
            certificate_base64: self.certificate_base64,
        };
        let (key, cert) = credentials.load(&password)?;
        let p12 = ksef_core::keystore::export_p12(&key, &cert, &password, false)?;
        Ok(P12File(B64.encode(p12)))
    }
}

/// A self-signed certificate for KSeF TEST (and the simulator), made in the tab.
#[derive(Clone, Serialize, Deserialize)]
pub struct MakeTestCertificate {
    /// `person` (serialNumber TINPL-<NIP>) or `seal` (organizationIdentifier VATPL-<NIP>).
    pub seal: bool,
    pub nip: String,
    pub name: String,
    pub password: String,
    pub now_ms: i64,
}

impl MakeTestCertificate {
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

impl Job for MakeTestCertificate {
    const NAME: &'static str = "make-test-certificate";
    type Answer = TestCert;
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<TestCert, WorkerFailure> {
        use ksef_core::test_cert::{self_signed, TestIdentity};
        let password = Zeroizing::new(self.password);
        let nip = self
            .nip
            .parse()
            .map_err(|_| WorkerFailure::TestCertificateNeedsNip)?;
        let name = self.name.trim().to_string();
        let identity = if self.seal {
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
        let key =
            PrivateKey::generate(ksef_core::keys::KeyAlgorithm::EcP256, &mut rand_core::OsRng)?;
        let key_pem = ksef_core::keystore::encrypt_key(&key, &password, &mut rand_core::OsRng)?;
        let cert = self_signed(&identity, &key, time(self.now_ms), &mut rand_core::OsRng).map_err(
            |e| WorkerFailure::TestCertificate {
                detail: e.to_string(),
            },
        )?;
        Ok(TestCert {
            key_pem,
            certificate_pem: cert.to_pem(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;

    fn test_cert(nip: &str) -> MakeTestCertificate {
        MakeTestCertificate {
            seal: false,
            nip: nip.into(),
            name: "Jan Testowy".into(),
            password: "Haslo-do-klucza-1!".into(),
            now_ms: 1_767_225_600_000,
        }
    }

    #[test]
    fn test_certificate_files_are_named_after_the_subject() {
        let mut req = test_cert("5265877635");
        assert_eq!(req.file_stem(), "test-NIP-5265877635");
        req.seal = true;
        assert_eq!(req.file_stem(), "test-pieczec-NIP-5265877635");
        req.nip = "../52 65".into();
        assert_eq!(req.file_stem(), "test-pieczec-NIP-5265");
    }

    /// A test certificate signs a login until it expires; then the signing job says when.
    #[test]
    fn signing_refuses_an_expired_certificate_with_its_date() {
        let made = block_on(test_cert("5265877635").run(|_| {})).unwrap();
        let credentials =
            Credentials::key_file(made.key_pem.as_bytes(), made.certificate_pem.as_bytes());
        let challenge = "20250514-CR-226FB7B000-3ACF9BE4C0-10".parse().unwrap();
        let context = ContextIdentifier::Nip("5265877635".parse().unwrap());
        let unsigned =
            AuthTokenRequest::new(challenge, context).to_xml(ksef_core::auth_xml::XmlStyle::Pretty);
        let sign = |now_ms| SignAuthRequest {
            credentials: credentials.clone(),
            password: "Haslo-do-klucza-1!".into(),
            unsigned_xml: unsigned.clone(),
            now_ms,
        };
        let signed = block_on(sign(1_767_225_600_000).run(|_| {})).unwrap();
        assert!(signed.self_signed && signed.xml.contains("SignatureValue"));
        let years_later = 1_767_225_600_000 + 3 * 365 * 86_400_000;
        match block_on(sign(years_later).run(|_| {})) {
            Err(WorkerFailure::CertificateExpired(_)) => {}
            other => panic!("{:?}", other.map(|s| s.serial)),
        }
        let mut broken = sign(1_767_225_600_000);
        broken.unsigned_xml = "<AuthTokenRequest>".into();
        assert_eq!(
            block_on(broken.run(|_| {})).err(),
            Some(WorkerFailure::InvalidRequest)
        );
    }

    #[test]
    fn a_test_certificate_needs_a_nip() {
        let failed = block_on(test_cert("PPL123456").run(|_| {})).err();
        assert_eq!(failed, Some(WorkerFailure::TestCertificateNeedsNip));
    }
}
