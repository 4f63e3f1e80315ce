//! Job: what the certificate details show, read from a DER certificate in the worker (the
//! X.509 parser stays out of the page's wasm).

use serde::{Deserialize, Serialize};

use super::{Job, NoProgress, WorkerFailure};

/// A DER certificate to read.
#[derive(Clone, Serialize, Deserialize)]
pub struct ReadCertificate {
    pub der: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateFacts {
    pub der: Vec<u8>,
    pub pem: String,
    pub serial_hex: String,
    /// `YYYY-MM-DD`.
    pub not_before: String,
    pub not_after: String,
    /// SHA-256, as KSeF writes it.
    pub fingerprint: String,
    pub subject: String,
}

impl Job for ReadCertificate {
    const NAME: &'static str = "read-certificate";
    type Answer = CertificateFacts;
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<CertificateFacts, WorkerFailure> {
        let c = ksef_core::certificate::Certificate::from_bytes(&self.der)?;
        Ok(CertificateFacts {
            pem: c.to_pem(),
            serial_hex: c.serial_hex(),
            not_before: c.not_before().date().to_string(),
            not_after: c.not_after().date().to_string(),
            fingerprint: c.fingerprint().to_string(),
            subject: c.subject(),
            der: self.der,
        })
    }
}
