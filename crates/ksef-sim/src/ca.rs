//! The simulator's CA (`CN=SIM CCK KSeF`, P-384): issues KSeF certificates from CSRs, shaped
//! like the real ones (AKI, SKI, basicConstraints CA:FALSE, keyUsage by type, two years).

use std::str::FromStr;

use der::asn1::UtcTime;
use der::referenced::OwnedToRef;
use der::{Decode, Encode};
use ksef_core::api::certificates::CertificateType;
use ksef_core::datetime::DateTime;
use p384::ecdsa::signature::Verifier;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier,
};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

pub const ISSUER: &str =
    "CN=SIM CCK KSeF,OU=Symulator Klucznik,O=Ministerstwo Finansow (symulacja),C=PL";

pub struct Ca {
    key: p384::ecdsa::SigningKey,
    name: Name,
}

impl Default for Ca {
    fn default() -> Ca {
        Ca::new()
    }
}

fn utc(t: DateTime) -> Time {
    let secs = u64::try_from(t.unix_timestamp()).unwrap_or(0);
    Time::UtcTime(
        UtcTime::from_unix_duration(std::time::Duration::from_secs(secs))
            .expect("date before 2050"),
    )
}

impl Ca {
    pub fn new() -> Ca {
        Ca {
            key: p384::ecdsa::SigningKey::random(&mut rand_core::OsRng),
            name: Name::from_str(ISSUER).expect("valid issuer name"),
        }
    }

    /// The CA with a saved key (see [`Ca::key_bytes`]).
    pub fn from_key_bytes(bytes: &[u8]) -> Option<Ca> {
        Some(Ca {
            key: p384::ecdsa::SigningKey::from_slice(bytes).ok()?,
            name: Name::from_str(ISSUER).expect("valid issuer name"),
        })
    }

    pub fn key_bytes(&self) -> Vec<u8> {
        self.key.to_bytes().to_vec()
    }

    /// A new certificate for `spki` named `subject`; returns (serial as 16 hex digits, DER).
    pub fn issue(
        &self,
        spki: spki::SubjectPublicKeyInfoOwned,
        subject: Name,
        kind: CertificateType,
        valid_from: DateTime,
    ) -> Result<(String, Vec<u8>), String> {
        let mut serial: [u8; 8] = rand::random();
        serial[0] = (serial[0] & 0x7F).max(1);
        let hex: String = serial.iter().map(|b| format!("{b:02X}")).collect();
        let validity = Validity {
            not_before: utc(valid_from),
            not_after: utc(valid_from + time::Duration::days(730)),
        };
        let profile = Profile::Manual {
            issuer: Some(self.name.clone()),
        };
        let serial = SerialNumber::new(&serial).map_err(|e| e.to_string())?;
        let ski = SubjectKeyIdentifier::try_from(spki.owned_to_ref()).map_err(|e| e.to_string())?;
        let ca_spki = spki::SubjectPublicKeyInfoOwned::from_key(*self.key.verifying_key())
            .map_err(|e| e.to_string())?;
        let aki =
            AuthorityKeyIdentifier::try_from(ca_spki.owned_to_ref()).map_err(|e| e.to_string())?;
        let usage = match kind {
            CertificateType::Authentication => KeyUsages::DigitalSignature,
            CertificateType::Offline => KeyUsages::NonRepudiation,
        };
        let mut builder =
            CertificateBuilder::new(profile, serial, validity, subject, spki, &self.key)
                .map_err(|e| e.to_string())?;
        builder.add_extension(&aki).map_err(|e| e.to_string())?;
        builder.add_extension(&ski).map_err(|e| e.to_string())?;
        builder
            .add_extension(&BasicConstraints {
                ca: false,
                path_len_constraint: None,
            })
            .map_err(|e| e.to_string())?;
        builder
            .add_extension(&KeyUsage(usage.into()))
            .map_err(|e| e.to_string())?;
        let cert = builder
            .build::<p384::ecdsa::DerSignature>()
            .map_err(|e| e.to_string())?;
        Ok((hex, cert.to_der().map_err(|e| e.to_string())?))
    }

    /// Whether `der` is a certificate this CA signed.
    pub fn issued(&self, der: &[u8]) -> bool {
        let Ok(cert) = x509_cert::Certificate::from_der(der) else {
            return false;
        };
        if cert.tbs_certificate.issuer != self.name {
            return false;
        }
        let (Ok(tbs), Some(sig)) = (cert.tbs_certificate.to_der(), cert.signature.as_bytes())
        else {
            return false;
        };
        p384::ecdsa::Signature::from_der(sig)
            .is_ok_and(|s| self.key.verifying_key().verify(&tbs, &s).is_ok())
    }
}
