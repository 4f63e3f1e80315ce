//! Key pairs for KSeF certificates: EC P-256 (recommended by KSeF) and RSA-2048.
//!
//! Generation takes the random generator as an argument so callers decide where randomness
//! comes from (the browser's crypto, or the OS). RSA keys from WebCrypto arrive as PKCS#8.

use der::Decode;
use p256::ecdsa::signature::{RandomizedSigner, SignatureEncoding, Signer};
use rand_core::CryptoRngCore;
use rsa::pkcs1v15;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::lang::{Lang, Localized};

/// RSA keys KSeF certifies are exactly this size.
pub const RSA_BITS: usize = 2048;

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum KeyAlgorithm {
    #[default]
    EcP256,
    Rsa2048,
}

impl KeyAlgorithm {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            KeyAlgorithm::EcP256 => lang.pick("EC P-256 (zalecany)", "EC P-256 (recommended)"),
            KeyAlgorithm::Rsa2048 => "RSA 2048",
        }
    }
}

// Serde: the app's worker sends it to the page as it is (rendered there, in the current language).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{}", self.message(Lang::Pl))]
pub enum KeyError {
    Unsupported(String),
    Malformed(String),
    Generation(String),
}

impl Localized for KeyError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (KeyError::Unsupported(k), Lang::Pl) => {
                format!("Nieobsługiwany klucz ({k}); KSeF przyjmuje EC P-256 i RSA 2048")
            }
            (KeyError::Unsupported(k), Lang::En) => {
                format!("Unsupported key ({k}); KSeF accepts EC P-256 and RSA 2048")
            }
            (KeyError::Malformed(e), Lang::Pl) => format!("Uszkodzony klucz prywatny: {e}"),
            (KeyError::Malformed(e), Lang::En) => format!("Corrupt private key: {e}"),
            (KeyError::Generation(e), Lang::Pl) => format!("Nie udało się wygenerować klucza: {e}"),
            (KeyError::Generation(e), Lang::En) => format!("Key generation failed: {e}"),
        }
    }
}

/// A private key usable for KSeF (zeroized on drop by the underlying crates).
#[derive(Clone)]
pub enum PrivateKey {
    Ec(p256::SecretKey),
    Rsa(Box<rsa::RsaPrivateKey>),
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({:?}, <hidden>)", self.algorithm())
    }
}

impl PrivateKey {
    pub fn generate(
        alg: KeyAlgorithm,
        rng: &mut impl CryptoRngCore,
    ) -> Result<PrivateKey, KeyError> {
        match alg {
            KeyAlgorithm::EcP256 => Ok(PrivateKey::Ec(p256::SecretKey::random(rng))),
            KeyAlgorithm::Rsa2048 => rsa::RsaPrivateKey::new(rng, RSA_BITS)
                .map(|k| PrivateKey::Rsa(Box::new(k)))
                .map_err(|e| KeyError::Generation(e.to_string())),
        }
    }

    pub fn algorithm(&self) -> KeyAlgorithm {
        match self {
            PrivateKey::Ec(_) => KeyAlgorithm::EcP256,
            PrivateKey::Rsa(_) => KeyAlgorithm::Rsa2048,
        }
    }

    /// Reads an unencrypted PKCS#8 `PrivateKeyInfo` (what WebCrypto exports).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<PrivateKey, KeyError> {
        let info =
            pkcs8::PrivateKeyInfo::from_der(der).map_err(|e| KeyError::Malformed(e.to_string()))?;
        let malformed = |e: &dyn std::fmt::Display| KeyError::Malformed(e.to_string());
        let oid = info.algorithm.oid;
        if oid == rsa::pkcs1::ALGORITHM_OID {
            return Self::rsa(rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(|e| malformed(&e))?);
        }
        if oid != sec1::ALGORITHM_OID {
            return Err(KeyError::Unsupported(oid.to_string()));
        }
        let curve = info.algorithm.parameters_oid().ok();
        if curve != Some(<p256::NistP256 as pkcs8::AssociatedOid>::OID) {
            return Err(KeyError::Unsupported(format!(
                "EC {}",
                curve.map(|c| c.to_string()).unwrap_or_default()
            )));
        }
        p256::SecretKey::from_pkcs8_der(der)
            .map(PrivateKey::Ec)
            .map_err(|e| malformed(&e))
    }

    /// Only 2048-bit RSA keys can get a KSeF certificate.
    pub(crate) fn rsa(key: rsa::RsaPrivateKey) -> Result<PrivateKey, KeyError> {
        use rsa::traits::PublicKeyParts;
        match key.size() * 8 {
            RSA_BITS => Ok(PrivateKey::Rsa(Box::new(key))),
            bits => Err(KeyError::Unsupported(format!("RSA {bits}"))),
        }
    }

    /// Unencrypted PKCS#8 DER, zeroized when dropped.
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        let doc = match self {
            PrivateKey::Ec(k) => k.to_pkcs8_der(),
            PrivateKey::Rsa(k) => k.to_pkcs8_der(),
        }
        .expect("a valid key always encodes");
        Zeroizing::new(doc.as_bytes().to_vec())
    }

    /// The public key as `SubjectPublicKeyInfo` DER.
    pub fn public_key_der(&self) -> Vec<u8> {
        match self {
            PrivateKey::Ec(k) => k.public_key().to_public_key_der(),
            PrivateKey::Rsa(k) => k.to_public_key().to_public_key_der(),
        }
        .expect("a valid key always encodes")
        .into_vec()
    }

    /// SHA-256 signature for X.509 structures: ECDSA as DER (RFC 3279), RSA PKCS#1 v1.5.
    pub fn sign_x509(&self, data: &[u8], rng: &mut impl CryptoRngCore) -> Vec<u8> {
        match self {
            PrivateKey::Ec(k) => {
                let sig: p256::ecdsa::Signature =
                    p256::ecdsa::SigningKey::from(k).sign_with_rng(rng, data);
                sig.to_der().as_bytes().to_vec()
            }
            PrivateKey::Rsa(k) => pkcs1v15::SigningKey::<Sha256>::new((**k).clone())
                .sign(data)
                .to_vec(),
        }
    }

    /// SHA-256 signature for XML-DSig: ECDSA as fixed-length `r‖s` (64 bytes), RSA PKCS#1 v1.5.
    pub fn sign_xmldsig(&self, data: &[u8]) -> Vec<u8> {
        match self {
            PrivateKey::Ec(k) => {
                let sig: p256::ecdsa::Signature = p256::ecdsa::SigningKey::from(k).sign(data);
                sig.to_bytes().to_vec()
            }
            PrivateKey::Rsa(k) => pkcs1v15::SigningKey::<Sha256>::new((**k).clone())
                .sign(data)
                .to_vec(),
        }
    }

    /// The X.509 AlgorithmIdentifier of [`Self::sign_x509`].
    pub fn x509_signature_algorithm(&self) -> spki::AlgorithmIdentifierOwned {
        match self {
            PrivateKey::Ec(_) => spki::AlgorithmIdentifierOwned {
                oid: ECDSA_WITH_SHA256,
                parameters: None,
            },
            PrivateKey::Rsa(_) => spki::AlgorithmIdentifierOwned {
                oid: SHA256_WITH_RSA,
                parameters: Some(der::Any::from(der::asn1::AnyRef::NULL)),
            },
        }
    }
}

pub const ECDSA_WITH_SHA256: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
pub const SHA256_WITH_RSA: der::asn1::ObjectIdentifier =
    der::asn1::ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
