//! Reading a code II link back and checking its signature against a certificate, as the
//! verification portal (and our simulator) does.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::Sha256;

use super::{Code2, InvoiceHash, QrError};
use crate::certificate::Certificate;
use crate::context::{ContextIdentifier, ContextType};
use crate::environment::Environment;

/// A parsed code II link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code2Link {
    pub code: Code2,
    pub signature: Vec<u8>,
}

impl Code2Link {
    /// Parses `https://{qr host}/certificate/{type}/{context}/{nip}/{serial}/{hash}/{signature}`.
    pub fn parse(url: &str) -> Result<Code2Link, QrError> {
        let rest = url
            .trim()
            .strip_prefix("https://")
            .ok_or_else(|| QrError::NotALink("https://".into()))?;
        let parts: Vec<&str> = rest.split('/').collect();
        let [host, "certificate", kind, context, nip, serial, hash, signature] = parts[..] else {
            return Err(QrError::NotALink("/certificate/…".into()));
        };
        // The simulator shares TEST's host, so TEST is what a parsed link names.
        let env = [Environment::Test, Environment::Demo, Environment::Prod]
            .into_iter()
            .find(|e| e.qr_host() == host)
            .ok_or_else(|| QrError::NotALink("host".into()))?;
        let kind =
            ContextType::from_name(kind).ok_or_else(|| QrError::NotALink("context type".into()))?;
        let code = Code2 {
            env,
            context: ContextIdentifier::parse(kind, context).map_err(bad("context"))?,
            seller_nip: nip.parse().map_err(bad("NIP"))?,
            serial: serial.parse().map_err(bad("serial"))?,
            hash: InvoiceHash::parse(hash)?,
        };
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(bad("signature"))?;
        Ok(Code2Link { code, signature })
    }
}

fn bad<E>(what: &'static str) -> impl Fn(E) -> QrError {
    move |_| QrError::NotALink(what.into())
}

/// Parses `url` and checks it was signed by `cert` (the serial must be the certificate's).
/// ECDSA is accepted as `r‖s` and as DER, as the specification asks of verifiers.
pub fn verify_code2(url: &str, cert: &Certificate) -> Result<Code2Link, QrError> {
    let link = Code2Link::parse(url)?;
    if link.code.serial.as_str() != cert.serial_hex() {
        return Err(QrError::BadSignature);
    }
    let data = link.code.signed_part();
    let spki = cert.public_key_der();
    if verify_rsa(&spki, data.as_bytes(), &link.signature)
        || verify_ec(&spki, data.as_bytes(), &link.signature)
    {
        Ok(link)
    } else {
        Err(QrError::BadSignature)
    }
}

fn verify_rsa(spki: &[u8], data: &[u8], signature: &[u8]) -> bool {
    use rsa::pkcs8::DecodePublicKey;
    use rsa::signature::Verifier;
    let Ok(key) = rsa::RsaPublicKey::from_public_key_der(spki) else {
        return false;
    };
    let Ok(sig) = rsa::pss::Signature::try_from(signature) else {
        return false;
    };
    rsa::pss::VerifyingKey::<Sha256>::new_with_salt_len(key, 32)
        .verify(data, &sig)
        .is_ok()
}

fn verify_ec(spki: &[u8], data: &[u8], signature: &[u8]) -> bool {
    use p256::ecdsa::signature::Verifier;
    use p256::pkcs8::DecodePublicKey;
    let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(spki) else {
        return false;
    };
    let sig = p256::ecdsa::Signature::from_slice(signature)
        .or_else(|_| p256::ecdsa::Signature::from_der(signature));
    sig.is_ok_and(|s| key.verify(data, &s).is_ok())
}
