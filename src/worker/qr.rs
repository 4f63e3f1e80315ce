//! Jobs for QR codes: load an `Offline` certificate with its key once, keep the key in the
//! worker's memory (never in the page), sign code II links with it until the user forgets it;
//! and draw a code as PNG and SVG (the QR encoder, PNG and deflate live in the worker only).

use std::cell::RefCell;

use ksef_core::certificate::Certificate;
use ksef_core::context::{ApiContextIdentifier, ContextIdentifier};
use ksef_core::environment::Environment;
use ksef_core::ident::Nip;
use ksef_core::keys::PrivateKey;
use ksef_core::qr::{offline_signer, Code2, InvoiceHash, QrImage};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::credentials::Credentials;
use super::signing::time;
use super::{Job, NoProgress, WorkerFailure};

thread_local! {
    /// The loaded Offline key and certificate: the worker's own memory, never the page's.
    static SIGNER: RefCell<Option<(PrivateKey, Certificate)>> = const { RefCell::new(None) };
}

/// Loads an Offline certificate and its key for code II.
#[derive(Clone, Serialize, Deserialize)]
pub struct LoadOfflineSigner {
    pub credentials: Credentials,
    pub password: String,
    pub now_ms: i64,
}

/// What the page shows of the loaded certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QrSigner {
    pub subject: String,
    pub serial: String,
    pub valid_to: String,
}

impl Job for LoadOfflineSigner {
    const NAME: &'static str = "load-offline-signer";
    type Answer = QrSigner;
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<QrSigner, WorkerFailure> {
        let password = Zeroizing::new(self.password);
        let (key, cert) = self.credentials.load(&password)?;
        let serial = offline_signer(&cert, &key, time(self.now_ms))?;
        let signer = QrSigner {
            subject: cert.subject(),
            serial: serial.to_string(),
            valid_to: cert.not_after().date().to_string(),
        };
        SIGNER.with(|s| *s.borrow_mut() = Some((key, cert)));
        Ok(signer)
    }
}

/// Drops the loaded key from the worker's memory.
#[derive(Clone, Serialize, Deserialize)]
pub struct ForgetOfflineSigner;

impl Job for ForgetOfflineSigner {
    const NAME: &'static str = "forget-offline-signer";
    type Answer = ();
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<(), WorkerFailure> {
        SIGNER.with(|s| *s.borrow_mut() = None);
        Ok(())
    }
}

/// A code II link signed with the loaded certificate (checked again: it may have expired).
#[derive(Clone, Serialize, Deserialize)]
pub struct SignCode2 {
    pub env: Environment,
    /// Checked by the page before it asks.
    pub context: ApiContextIdentifier,
    pub seller_nip: Nip,
    pub hash: InvoiceHash,
    pub now_ms: i64,
}

/// A signed code II link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Code2Link(pub String);

impl Job for SignCode2 {
    const NAME: &'static str = "sign-code2";
    type Answer = Code2Link;
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<Code2Link, WorkerFailure> {
        let context = ContextIdentifier::try_from(&self.context)
            .map_err(|_| WorkerFailure::InvalidRequest)?;
        SIGNER.with(|s| {
            let guard = s.borrow();
            let (key, cert) = guard.as_ref().ok_or(WorkerFailure::NoOfflineCertificate)?;
            let serial = offline_signer(cert, key, time(self.now_ms))?;
            let code = Code2 {
                env: self.env,
                context,
                seller_nip: self.seller_nip,
                serial,
                hash: self.hash,
            };
            Ok(Code2Link(code.sign(key, &mut rand_core::OsRng)))
        })
    }
}

/// A QR code drawn as PNG and SVG with its caption.
#[derive(Clone, Serialize, Deserialize)]
pub struct DrawQr {
    pub text: String,
    pub label: String,
}

impl Job for DrawQr {
    const NAME: &'static str = "draw-qr";
    type Answer = QrImage;
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<QrImage, WorkerFailure> {
        Ok(ksef_core::qr::render(&self.text, &self.label)?)
    }
}
