//! The credentials a user loads into the tab to sign with: a key file with its certificate, or
//! a `.p12`. They are decoded and checked in the worker; the password never leaves the tab.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::certificate::Certificate;
use ksef_core::keys::PrivateKey;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::WorkerFailure;
use crate::files::Picked;

/// Both files travel as their bytes (Base64): a key may be PEM or DER, and DER is not text.
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
    pub fn from_files(key: &Picked, cert: Option<&Picked>) -> Option<Credentials> {
        if crate::files::is_p12(&key.name) {
            return Some(Credentials::Pkcs12 {
                p12_base64: B64.encode(&key.bytes),
            });
        }
        Some(Credentials::key_file(&key.bytes, &cert?.bytes))
    }

    pub fn key_file(key: &[u8], certificate: &[u8]) -> Credentials {
        Credentials::KeyFile {
            key_base64: B64.encode(key),
            certificate_base64: B64.encode(certificate),
        }
    }

    /// The key and its certificate, checked to belong together.
    pub(crate) fn load(&self, password: &str) -> Result<(PrivateKey, Certificate), WorkerFailure> {
        let bytes = |s: &str| B64.decode(s.trim()).map_err(|_| WorkerFailure::FileDamaged);
        match self {
            Credentials::KeyFile {
                key_base64,
                certificate_base64,
            } => {
                let key = Zeroizing::new(bytes(key_base64)?);
                let loaded = ksef_core::keystore::decrypt_key(&key, Some(password))?;
                let cert = Certificate::from_bytes(&bytes(certificate_base64)?)?;
                if !cert.matches(&loaded.key) {
                    return Err(ksef_core::keystore::KeyFileError::Mismatch.into());
                }
                Ok((loaded.key, cert))
            }
            Credentials::Pkcs12 { p12_base64 } => Ok(ksef_core::keystore::import_p12(
                &bytes(p12_base64)?,
                password,
            )?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let (loaded, _) = credentials
                .load(password)
                .unwrap_or_else(|e| panic!("{}: {e}", file.name));
            assert_eq!(
                loaded.public_key_der(),
                key.public_key_der(),
                "{}",
                file.name
            );
        }
        assert!(Credentials::from_files(&picked("ksef.key", pem.clone()), None).is_none());
        // A wrong password and a certificate of another key are told apart.
        let wrong = Credentials::from_files(&picked("ksef.key", pem.clone()), Some(&crt)).unwrap();
        assert_eq!(
            wrong.load("Inne-haslo-123!").err(),
            Some(ksef_core::keystore::KeyFileError::WrongPassword.into())
        );
        let other =
            PrivateKey::generate(ksef_core::keys::KeyAlgorithm::EcP256, &mut rand_core::OsRng)
                .unwrap();
        let other_pem =
            ksef_core::keystore::encrypt_key(&other, PASSWORD, &mut rand_core::OsRng).unwrap();
        let mismatched = Credentials::key_file(other_pem.as_bytes(), cert.der());
        assert_eq!(
            mismatched.load(PASSWORD).err(),
            Some(ksef_core::keystore::KeyFileError::Mismatch.into())
        );
        let damaged = Credentials::Pkcs12 {
            p12_base64: "not base64!".into(),
        };
        assert_eq!(
            damaged.load(PASSWORD).err(),
            Some(WorkerFailure::FileDamaged)
        );
    }
}
