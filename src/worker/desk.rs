//! Jobs for the office desk: load a login certificate once, keep its key in the worker's memory
//! (never in the page) and sign each client context's `auth.xml` with it until "Forget", so
//! opening a client needs nothing typed again.

use std::cell::RefCell;

use ksef_core::auth_xml::AuthTokenRequest;
use ksef_core::certificate::Certificate;
use ksef_core::keys::PrivateKey;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::credentials::Credentials;
use super::signing::{time, Signed};
use super::{Job, NoProgress, WorkerFailure};

thread_local! {
    /// The desk's key and certificate: the worker's own memory, never the page's.
    static SIGNER: RefCell<Option<(PrivateKey, Certificate)>> = const { RefCell::new(None) };
}

/// Loads the certificate the desk logs in with.
#[derive(Clone, Serialize, Deserialize)]
pub struct LoadDeskSigner {
    pub credentials: Credentials,
    pub password: String,
    pub now_ms: i64,
}

/// What the page shows of the loaded certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskSigner {
    pub subject: String,
    pub serial: String,
    pub valid_to: String,
    pub self_signed: bool,
    /// The NIP or PESEL the certificate names: whose tokens count as "mine".
    pub identity: Option<ksef_core::api::SubjectIdentifier>,
}

impl Job for LoadDeskSigner {
    const NAME: &'static str = "load-desk-signer";
    type Answer = DeskSigner;
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<DeskSigner, WorkerFailure> {
        let password = Zeroizing::new(self.password);
        let (key, cert) = self.credentials.load(&password)?;
        if time(self.now_ms) >= cert.not_after() {
            return Err(WorkerFailure::CertificateExpired(cert.not_after().date()));
        }
        let signer = DeskSigner {
            subject: cert.subject(),
            serial: cert.serial_hex(),
            valid_to: cert.not_after().date().to_string(),
            self_signed: cert.is_self_signed(),
            identity: cert.subject_identity(),
        };
        SIGNER.with(|s| *s.borrow_mut() = Some((key, cert)));
        Ok(signer)
    }
}

/// Drops the desk's key from the worker's memory.
#[derive(Clone, Serialize, Deserialize)]
pub struct ForgetDeskSigner;

impl Job for ForgetDeskSigner {
    const NAME: &'static str = "forget-desk-signer";
    type Answer = ();
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<(), WorkerFailure> {
        SIGNER.with(|s| *s.borrow_mut() = None);
        Ok(())
    }
}

/// One client context's `auth.xml`, signed with the loaded certificate.
#[derive(Clone, Serialize, Deserialize)]
pub struct SignWithDeskSigner {
    pub unsigned_xml: String,
    pub now_ms: i64,
}

impl Job for SignWithDeskSigner {
    const NAME: &'static str = "sign-with-desk-signer";
    type Answer = Signed;
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<Signed, WorkerFailure> {
        let parsed = AuthTokenRequest::parse(self.unsigned_xml.as_bytes())
            .map_err(|_| WorkerFailure::InvalidRequest)?;
        let now = time(self.now_ms);
        SIGNER.with(|s| {
            let guard = s.borrow();
            let (key, cert) = guard.as_ref().ok_or(WorkerFailure::NoDeskCertificate)?;
            if now >= cert.not_after() {
                return Err(WorkerFailure::CertificateExpired(cert.not_after().date()));
            }
            Ok(Signed {
                xml: ksef_core::xades::sign(&parsed.request, key, cert, now),
                signer: cert.subject(),
                serial: cert.serial_hex(),
                self_signed: cert.is_self_signed(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use futures::executor::block_on;
    use ksef_core::auth_xml::XmlStyle;
    use ksef_core::context::{ContextIdentifier, ContextType};
    use ksef_core::keys::KeyAlgorithm;
    use ksef_core::test_cert::{self_signed, TestIdentity};
    use rand_core::OsRng;

    use super::*;

    const PASSWORD: &str = "Haslo-do-klucza-1!";
    const NOW_MS: i64 = 1_767_225_600_000;

    fn credentials() -> Credentials {
        let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
        let person = TestIdentity::PersonNip {
            given_name: "Anna".into(),
            surname: "Biurowa".into(),
            nip: "5265877635".parse().unwrap(),
        };
        let cert = self_signed(&person, &key, time(NOW_MS - 60_000), &mut OsRng).unwrap();
        let key_file = ksef_core::keystore::encrypt_key(&key, PASSWORD, &mut OsRng).unwrap();
        Credentials::key_file(key_file.as_bytes(), cert.der())
    }

    fn unsigned(nip: &str) -> String {
        let challenge = "20250514-CR-226FB7B000-3ACF9BE4C0-10".parse().unwrap();
        let context = ContextIdentifier::parse(ContextType::Nip, nip).unwrap();
        AuthTokenRequest::new(challenge, context).to_xml(XmlStyle::Pretty)
    }

    fn sign(nip: &str) -> Result<Signed, WorkerFailure> {
        let job = SignWithDeskSigner {
            unsigned_xml: unsigned(nip),
            now_ms: NOW_MS,
        };
        block_on(job.run(|_| {}))
    }

    #[test]
    fn one_loaded_certificate_signs_every_context_until_forgotten() {
        assert_eq!(sign("5265877635"), Err(WorkerFailure::NoDeskCertificate));
        let load = LoadDeskSigner {
            credentials: credentials(),
            password: PASSWORD.into(),
            now_ms: NOW_MS,
        };
        let signer = block_on(load.run(|_| {})).unwrap();
        assert!(signer.self_signed && signer.subject.contains("Anna"));
        assert_eq!(signer.identity.unwrap().value, "5265877635");
        for client in ["5265877635", "6824515772"] {
            let signed = sign(client).unwrap();
            let parsed = AuthTokenRequest::parse(signed.xml.as_bytes()).unwrap();
            assert!(parsed.is_signed(), "{client}");
            assert!(signed.xml.contains(client));
        }
        block_on(ForgetDeskSigner.run(|_| {})).unwrap();
        assert_eq!(sign("5265877635"), Err(WorkerFailure::NoDeskCertificate));
    }

    #[test]
    fn a_wrong_password_loads_nothing() {
        let load = LoadDeskSigner {
            credentials: credentials(),
            password: "zle-haslo".into(),
            now_ms: NOW_MS,
        };
        assert!(matches!(
            block_on(load.run(|_| {})),
            Err(WorkerFailure::KeyFile(_))
        ));
    }
}
