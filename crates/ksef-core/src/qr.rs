//! QR codes for invoices (REFERENCE §8): code I links an invoice to KSeF; code II, signed with an
//! `Offline` KSeF certificate, lets the buyer check who issued an invoice made offline.

mod error;
mod image;
mod invoice;
mod verify;

pub use error::QrError;
pub use image::{render, QrImage};
pub use invoice::InvoiceFacts;
pub use verify::{verify_code2, Code2Link};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rand_core::CryptoRngCore;
use sha2::{Digest, Sha256};
use time::Date;

use crate::api::certificates::CertificateType;
use crate::certificate::Certificate;
use crate::context::ContextIdentifier;
use crate::datetime::DateTime;
use crate::environment::Environment;
use crate::ident::{CertSerial, KsefNumber, Nip};
use crate::keys::PrivateKey;

/// Caption under code I while the invoice has no KSeF number yet.
pub const CODE1_OFFLINE_LABEL: &str = "OFFLINE";
/// Caption under code II.
pub const CODE2_LABEL: &str = "CERTYFIKAT";

/// SHA-256 of the invoice file's exact bytes, base64url without padding (43 characters).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct InvoiceHash(String);

impl InvoiceHash {
    pub fn of(invoice: &[u8]) -> InvoiceHash {
        InvoiceHash(URL_SAFE_NO_PAD.encode(Sha256::digest(invoice)))
    }

    /// A hash given as base64url or standard base64 (what other tools print), with or without
    /// padding; stored in the link's form.
    pub fn parse(s: &str) -> Result<InvoiceHash, QrError> {
        let t = s.trim().trim_end_matches('=');
        let bytes = URL_SAFE_NO_PAD
            .decode(t)
            .or_else(|_| STANDARD.decode(format!("{t}{}", "=".repeat((4 - t.len() % 4) % 4))))
            .map_err(|_| QrError::BadHash)?;
        if bytes.len() != 32 {
            return Err(QrError::BadHash);
        }
        Ok(InvoiceHash(URL_SAFE_NO_PAD.encode(bytes)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `DD-MM-YYYY`, the date form of the links.
fn link_date(d: Date) -> String {
    format!("{:02}-{:02}-{}", d.day(), u8::from(d.month()), d.year())
}

/// Code I: the invoice verification link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code1 {
    pub env: Environment,
    pub seller_nip: Nip,
    /// The issue date, field `P_1` of the invoice.
    pub issue_date: Date,
    pub hash: InvoiceHash,
}

impl Code1 {
    pub fn url(&self) -> String {
        format!(
            "https://{}/invoice/{}/{}/{}",
            self.env.qr_host(),
            self.seller_nip,
            link_date(self.issue_date),
            self.hash.as_str()
        )
    }

    /// The KSeF number once known, `OFFLINE` before.
    pub fn label(ksef_number: Option<&KsefNumber>) -> String {
        ksef_number.map_or(CODE1_OFFLINE_LABEL.to_string(), |n| n.to_string())
    }
}

/// Code II before signing: who issues, in which context, with which certificate, which invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Code2 {
    pub env: Environment,
    pub context: ContextIdentifier,
    pub seller_nip: Nip,
    pub serial: CertSerial,
    pub hash: InvoiceHash,
}

impl Code2 {
    /// What is signed: the link without `https://`, up to and including the invoice hash.
    pub fn signed_part(&self) -> String {
        format!(
            "{}/certificate/{}/{}/{}/{}/{}",
            self.env.qr_host(),
            self.context.kind().as_str(),
            self.context.value(),
            self.seller_nip,
            self.serial,
            self.hash.as_str()
        )
    }

    /// The complete link with `signature` appended.
    pub fn url_with(&self, signature: &[u8]) -> String {
        format!(
            "https://{}/{}",
            self.signed_part(),
            URL_SAFE_NO_PAD.encode(signature)
        )
    }

    /// Signs with the certificate's key: RSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) or
    /// ECDSA P-256 as `r‖s`; returns the complete link.
    pub fn sign(&self, key: &PrivateKey, rng: &mut impl CryptoRngCore) -> String {
        self.url_with(&sign(key, self.signed_part().as_bytes(), rng))
    }
}

fn sign(key: &PrivateKey, data: &[u8], rng: &mut impl CryptoRngCore) -> Vec<u8> {
    use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer};
    match key {
        PrivateKey::Ec(k) => {
            let sig: p256::ecdsa::Signature = p256::ecdsa::SigningKey::from(k).sign(data);
            sig.to_bytes().to_vec()
        }
        PrivateKey::Rsa(k) => rsa::pss::SigningKey::<Sha256>::new_with_salt_len((**k).clone(), 32)
            .sign_with_rng(rng, data)
            .to_vec(),
    }
}

/// Whether `cert`'s key usage makes it an `Offline` certificate (the one code II needs).
pub fn check_offline_type(cert: &Certificate) -> Result<(), QrError> {
    match cert.ksef_type() {
        Some(CertificateType::Offline) => Ok(()),
        Some(CertificateType::Authentication) => Err(QrError::AuthenticationCertificate),
        None => Err(QrError::NotKsefCertificate),
    }
}

/// Checks that `cert` (with `key`) may sign code II at `now` and returns its serial: an
/// `Offline` certificate, for this key, within its validity.
pub fn offline_signer(
    cert: &Certificate,
    key: &PrivateKey,
    now: DateTime,
) -> Result<CertSerial, QrError> {
    check_offline_type(cert)?;
    if !cert.matches(key) {
        return Err(QrError::KeyMismatch);
    }
    if now < cert.not_before() {
        return Err(QrError::NotYetValid(cert.not_before().date()));
    }
    if now >= cert.not_after() {
        return Err(QrError::Expired(cert.not_after().date()));
    }
    let serial = cert.serial_hex();
    serial.parse().map_err(|_| QrError::NotKsefSerial(serial))
}

#[cfg(test)]
mod tests;
