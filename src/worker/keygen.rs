//! Job: a key pair, its CSR and the encrypted key file.
//!
//! RSA keys come from WebCrypto `generateKey` (about ten times faster than Rust in wasm) and
//! are exported as PKCS#8 into ksef-core; where SubtleCrypto is missing the `rsa` crate does it.

use ksef_core::api::certificates::CertificateEnrollmentDataResponse;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::lang::Lang;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{Job, WorkerFailure};
use crate::i18n::texts;

#[derive(Clone, Serialize, Deserialize)]
pub struct MakeKey {
    pub alg: KeyAlgorithm,
    /// When present, a CSR for this subject is built too.
    pub enrollment: Option<CertificateEnrollmentDataResponse>,
    /// The `.key` file password; stays inside the tab (worker memory), zeroized after use.
    pub password: String,
}

/// How far [`MakeKey`] is: its caller shows each stage as it is reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    GeneratingKey,
    BuildingCsr,
    EncryptingKey,
}

impl Stage {
    pub fn label(self, lang: Lang) -> &'static str {
        let t = texts(lang);
        match self {
            Stage::GeneratingKey => t.worker.generating_key,
            Stage::BuildingCsr => t.worker.building_csr,
            Stage::EncryptingKey => t.worker.encrypting_key,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NewKey {
    /// PEM `ENCRYPTED PRIVATE KEY`, ready to save as `<name>.key`.
    pub key_pem: String,
    pub csr_base64: Option<String>,
    pub public_key_der: Vec<u8>,
    pub used_webcrypto: bool,
    pub keygen_ms: f64,
    pub csr_ms: f64,
    pub encrypt_ms: f64,
}

impl Job for MakeKey {
    const NAME: &'static str = "make-key";
    type Answer = NewKey;
    type Progress = Stage;

    async fn run(self, progress: impl Fn(Stage) + 'static) -> Result<NewKey, WorkerFailure> {
        let password = Zeroizing::new(self.password);
        progress(Stage::GeneratingKey);
        let t0 = now_ms();
        let (key, used_webcrypto) = generate(self.alg).await?;
        let t1 = now_ms();
        let csr_base64 = match &self.enrollment {
            Some(data) => {
                progress(Stage::BuildingCsr);
                let csr = ksef_core::csr::build(data, &key, &mut rand_core::OsRng)?;
                Some(csr.to_base64())
            }
            None => None,
        };
        let t2 = now_ms();
        progress(Stage::EncryptingKey);
        let key_pem = ksef_core::keystore::encrypt_key(&key, &password, &mut rand_core::OsRng)?;
        let t3 = now_ms();
        Ok(NewKey {
            key_pem,
            csr_base64,
            public_key_der: key.public_key_der(),
            used_webcrypto,
            keygen_ms: t1 - t0,
            csr_ms: t2 - t1,
            encrypt_ms: t3 - t2,
        })
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// EC in Rust (fast everywhere); RSA through WebCrypto when available.
async fn generate(alg: KeyAlgorithm) -> Result<(PrivateKey, bool), ksef_core::keys::KeyError> {
    if alg == KeyAlgorithm::Rsa2048 {
        if let Some(pkcs8) = crate::webcrypto::generate_rsa_pkcs8().await {
            return Ok((PrivateKey::from_pkcs8_der(&pkcs8)?, true));
        }
    }
    Ok((PrivateKey::generate(alg, &mut rand_core::OsRng)?, false))
}
