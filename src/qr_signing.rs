//! Worker jobs for code II: load an `Offline` certificate with its key once, keep the key in the
//! worker's memory (never in the page), and sign links with it until the user forgets it.

use std::cell::RefCell;

use ksef_core::certificate::Certificate;
use ksef_core::context::{ApiContextIdentifier, ContextIdentifier};
use ksef_core::environment::Environment;
use ksef_core::ident::Nip;
use ksef_core::keys::PrivateKey;
use ksef_core::lang::Lang;
use ksef_core::qr::{offline_signer, Code2, InvoiceHash};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::i18n::texts;
use crate::signing::{both, load, time, Credentials, Failure};

thread_local! {
    /// The loaded Offline key and certificate; lives only in the worker.
    static SIGNER: RefCell<Option<(PrivateKey, Certificate)>> = const { RefCell::new(None) };
}

#[derive(Clone, Serialize, Deserialize)]
pub struct QrLoadRequest {
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

pub fn load_signer(req: QrLoadRequest) -> Result<QrSigner, Failure> {
    let password = Zeroizing::new(req.password);
    let (key, cert) = load(&req.credentials, &password)?;
    let serial = offline_signer(&cert, &key, time(req.now_ms)).map_err(|e| both(&e))?;
    let signer = QrSigner {
        subject: cert.subject(),
        serial: serial.to_string(),
        valid_to: cert.not_after().date().to_string(),
    };
    SIGNER.with(|s| *s.borrow_mut() = Some((key, cert)));
    Ok(signer)
}

pub fn forget_signer() {
    SIGNER.with(|s| *s.borrow_mut() = None);
}

#[derive(Clone, Serialize, Deserialize)]
pub struct QrSignRequest {
    pub env: Environment,
    pub context: ApiContextIdentifier,
    pub seller_nip: Nip,
    pub hash: InvoiceHash,
    pub now_ms: i64,
}

/// The signed code II link, with the loaded certificate (checked again: it may have expired).
pub fn sign_code2(req: QrSignRequest) -> Result<String, Failure> {
    let context = ContextIdentifier::try_from(&req.context).map_err(|e| both(&e))?;
    SIGNER.with(|s| {
        let guard = s.borrow();
        let Some((key, cert)) = guard.as_ref() else {
            return Err((
                texts(Lang::Pl).worker.load_offline_first.to_string(),
                texts(Lang::En).worker.load_offline_first.to_string(),
            ));
        };
        let serial = offline_signer(cert, key, time(req.now_ms)).map_err(|e| both(&e))?;
        let code = Code2 {
            env: req.env,
            context,
            seller_nip: req.seller_nip,
            serial,
            hash: req.hash,
        };
        Ok(code.sign(key, &mut rand_core::OsRng))
    })
}
