//! X.509 certificates as users hold them (`.crt`/`.pem` PEM or `.cer` DER): the facts Klucznik
//! shows and the checks it makes. Parsing tolerates the real KSeF CA's quirks (explicit NULL
//! parameters with ecdsa-with-SHA512): we embed and hash certificates, we do not validate chains.

use der::{Decode, Encode};
use sha2::{Digest, Sha256};

use crate::api::certificates::CertificateType;
use crate::datetime::DateTime;
use crate::ident::CertFingerprint;
use crate::keys::PrivateKey;
use crate::lang::{Lang, Localized};

// Serde: the app's worker sends it to the page as it is (rendered there, in the current language).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{}", self.message(Lang::Pl))]
pub enum CertificateError {
    NotACertificate(String),
}

impl Localized for CertificateError {
    fn message(&self, lang: Lang) -> String {
        let CertificateError::NotACertificate(e) = self;
        lang.pick(
            format!("To nie jest certyfikat X.509 (PEM ani DER): {e}"),
            format!("This is not an X.509 certificate (PEM or DER): {e}"),
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    cert: x509_cert::Certificate,
}

impl Certificate {
    /// Reads PEM (`-----BEGIN CERTIFICATE-----`) or DER.
    pub fn from_bytes(bytes: &[u8]) -> Result<Certificate, CertificateError> {
        let bad = |e: &dyn std::fmt::Display| CertificateError::NotACertificate(e.to_string());
        let der = match der::pem::decode_vec(bytes) {
            Ok(("CERTIFICATE", der)) => der,
            Ok((label, _)) => return Err(bad(&format!("PEM {label}"))),
            Err(_) => bytes.to_vec(),
        };
        Certificate::from_der(&der).map_err(|e| bad(&e))
    }

    pub fn from_der(der: &[u8]) -> Result<Certificate, der::Error> {
        let cert = x509_cert::Certificate::from_der(der)?;
        Ok(Certificate {
            der: der.to_vec(),
            cert,
        })
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The parsed certificate, for callers that need fields this type does not expose.
    pub fn x509(&self) -> &x509_cert::Certificate {
        &self.cert
    }

    pub fn to_pem(&self) -> String {
        der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, &self.der)
            .expect("PEM of DER")
    }

    fn serial_bytes(&self) -> &[u8] {
        let b = self.cert.tbs_certificate.serial_number.as_bytes();
        // DER keeps a leading zero byte for positive numbers with the top bit set.
        match b {
            [0, rest @ ..] if !rest.is_empty() => rest,
            _ => b,
        }
    }

    /// Upper-case hex (KSeF serials are 16 hex digits).
    pub fn serial_hex(&self) -> String {
        self.serial_bytes()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect()
    }

    /// The serial as a positive decimal, as XAdES `X509SerialNumber` wants.
    pub fn serial_decimal(&self) -> String {
        rsa::BigUint::from_bytes_be(self.serial_bytes()).to_str_radix(10)
    }

    /// RFC 4514 string of the subject.
    pub fn subject(&self) -> String {
        self.cert.tbs_certificate.subject.to_string()
    }

    pub fn issuer(&self) -> String {
        self.cert.tbs_certificate.issuer.to_string()
    }

    pub fn is_self_signed(&self) -> bool {
        self.cert.tbs_certificate.subject == self.cert.tbs_certificate.issuer
    }

    pub fn not_before(&self) -> DateTime {
        system_time(
            self.cert
                .tbs_certificate
                .validity
                .not_before
                .to_unix_duration(),
        )
    }

    pub fn not_after(&self) -> DateTime {
        system_time(
            self.cert
                .tbs_certificate
                .validity
                .not_after
                .to_unix_duration(),
        )
    }

    /// SHA-256 of the DER: the fingerprint KSeF identifies certificates by.
    pub fn fingerprint(&self) -> CertFingerprint {
        CertFingerprint::from_digest(&Sha256::digest(&self.der).into())
    }

    pub fn public_key_der(&self) -> Vec<u8> {
        self.cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .expect("decoded SPKI re-encodes")
    }

    /// The KSeF certificate type its key usage says: `Offline` is nonRepudiation only,
    /// `Authentication` has digitalSignature. `None` when neither (or no key usage at all).
    pub fn ksef_type(&self) -> Option<CertificateType> {
        use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
        let (_, usage) = self.cert.tbs_certificate.get::<KeyUsage>().ok()??;
        if usage.0.contains(KeyUsages::DigitalSignature) {
            Some(CertificateType::Authentication)
        } else if usage.0.contains(KeyUsages::NonRepudiation) {
            Some(CertificateType::Offline)
        } else {
            None
        }
    }

    /// Whether this certificate was issued for `key` (same public key).
    pub fn matches(&self, key: &PrivateKey) -> bool {
        self.public_key_der() == key.public_key_der()
    }
}

fn system_time(d: std::time::Duration) -> DateTime {
    DateTime::from_unix_timestamp(d.as_secs() as i64).unwrap_or(DateTime::UNIX_EPOCH)
}
