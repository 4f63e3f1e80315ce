//! The encryption keys the simulator publishes at `GET /v2/security/public-key-certificates`:
//! one RSA-2048 certificate for KSeF token encryption and one for symmetric-key encryption.

use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::api::security::{PublicKeyCertificate, PublicKeyUsage};
use ksef_core::datetime::DateTime;
use rsa::pkcs8::EncodePublicKey;
use sha2::{Digest, Sha256};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

/// A key the simulator holds and the certificate that publishes it.
pub struct PublishedKey {
    pub private: rsa::RsaPrivateKey,
    pub certificate_der: Vec<u8>,
    pub usage: PublicKeyUsage,
    pub valid_from: DateTime,
    pub valid_to: DateTime,
}

impl PublishedKey {
    /// Base64(SHA-256(SubjectPublicKeyInfo DER)), as KSeF computes `publicKeyId`.
    pub fn public_key_id(&self) -> String {
        let spki = self
            .private
            .to_public_key()
            .to_public_key_der()
            .expect("RSA SPKI encodes");
        B64.encode(Sha256::digest(spki.as_bytes()))
    }

    pub fn to_api(&self) -> PublicKeyCertificate {
        PublicKeyCertificate {
            certificate: B64.encode(&self.certificate_der),
            certificate_id: B64.encode(Sha256::digest(&self.certificate_der)),
            public_key_id: self.public_key_id(),
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            usage: vec![self.usage],
        }
    }
}

/// RSA-2048 generation is slow; every simulator in a process shares the same two keys.
fn key_pair() -> &'static [rsa::RsaPrivateKey; 2] {
    static KEYS: OnceLock<[rsa::RsaPrivateKey; 2]> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = rand::thread_rng();
        let mut gen = || rsa::RsaPrivateKey::new(&mut rng, 2048).expect("RSA key generation");
        [gen(), gen()]
    })
}

fn certificate(key: &rsa::RsaPrivateKey, cn: &str, from: DateTime, to: DateTime) -> Vec<u8> {
    use std::str::FromStr;
    let time = |t: DateTime| {
        x509_cert::time::Time::UtcTime(
            der::asn1::UtcTime::from_unix_duration(std::time::Duration::from_secs(
                t.unix_timestamp() as u64,
            ))
            .expect("date in range"),
        )
    };
    let subject = Name::from_str(&format!("CN={cn},O=Ministerstwo Finansow (symulator),C=PL"))
        .expect("valid name");
    let spki = spki::SubjectPublicKeyInfoOwned::from_key(key.to_public_key()).expect("RSA SPKI");
    let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(key.clone());
    let serial = SerialNumber::new(&rand::random::<[u8; 8]>().map(|b| b & 0x7F)).expect("serial");
    let validity = Validity {
        not_before: time(from),
        not_after: time(to),
    };
    let profile = Profile::Leaf {
        issuer: subject.clone(),
        enable_key_agreement: false,
        enable_key_encipherment: true,
        include_subject_key_identifier: true,
    };
    let builder = CertificateBuilder::new(profile, serial, validity, subject, spki, &signer)
        .expect("certificate builder");
    der::Encode::to_der(
        &builder
            .build::<rsa::pkcs1v15::Signature>()
            .expect("self-signed certificate"),
    )
    .expect("DER")
}

/// The two published keys, valid from a day before `now` for two years.
pub fn published(now: DateTime) -> Vec<PublishedKey> {
    let [token, symmetric] = key_pair();
    let (from, to) = (
        now - time::Duration::days(1),
        now + time::Duration::days(730),
    );
    [
        (
            token,
            "KSeF Token Encryption",
            PublicKeyUsage::KsefTokenEncryption,
        ),
        (
            symmetric,
            "KSeF Symmetric Key Encryption",
            PublicKeyUsage::SymmetricKeyEncryption,
        ),
    ]
    .into_iter()
    .map(|(key, cn, usage)| publish(key.clone(), cn, usage, from, to))
    .collect()
}

/// A certificate for `key` with the given usage and validity.
pub fn publish(
    key: rsa::RsaPrivateKey,
    cn: &str,
    usage: PublicKeyUsage,
    from: DateTime,
    to: DateTime,
) -> PublishedKey {
    PublishedKey {
        certificate_der: certificate(&key, cn, from, to),
        private: key,
        usage,
        valid_from: from,
        valid_to: to,
    }
}

/// Planned rotation: a new token key whose certificate is newer than the current one.
pub fn rotate(keys: &mut Vec<PublishedKey>, now: DateTime) {
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key generation");
    keys.push(publish(
        key,
        "KSeF Token Encryption (rotated)",
        PublicKeyUsage::KsefTokenEncryption,
        now,
        now + time::Duration::days(730),
    ));
}

/// Re-certification: the newest token key gets a new certificate (same `publicKeyId`).
pub fn recertify(keys: &mut Vec<PublishedKey>, now: DateTime) {
    if let Some(newest) = newest_token_key(keys) {
        let key = keys[newest].private.clone();
        keys.push(publish(
            key,
            "KSeF Token Encryption (re-certified)",
            PublicKeyUsage::KsefTokenEncryption,
            now,
            now + time::Duration::days(730),
        ));
    }
}

/// Emergency rotation: every token key but the newest is withdrawn at once (→ 21470).
pub fn withdraw_old(keys: &mut Vec<PublishedKey>) {
    if let Some(newest) = newest_token_key(keys) {
        let keep = keys[newest].public_key_id();
        keys.retain(|k| {
            k.usage != PublicKeyUsage::KsefTokenEncryption || k.public_key_id() == keep
        });
    }
}

fn newest_token_key(keys: &[PublishedKey]) -> Option<usize> {
    keys.iter()
        .enumerate()
        .filter(|(_, k)| k.usage == PublicKeyUsage::KsefTokenEncryption)
        .max_by_key(|(_, k)| k.valid_from)
        .map(|(i, _)| i)
}
