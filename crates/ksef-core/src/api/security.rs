//! `GET /security/public-key-certificates`: the keys a KSeF token is encrypted with.

use serde::{Deserialize, Serialize};

use crate::datetime::{serde_ksef, DateTime};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicKeyUsage {
    KsefTokenEncryption,
    SymmetricKeyEncryption,
    #[serde(other)]
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicKeyCertificate {
    /// Base64 DER.
    pub certificate: String,
    pub certificate_id: String,
    pub public_key_id: String,
    #[serde(with = "serde_ksef")]
    pub valid_from: DateTime,
    #[serde(with = "serde_ksef")]
    pub valid_to: DateTime,
    pub usage: Vec<PublicKeyUsage>,
}

/// The key to encrypt a KSeF token with: valid now, for token encryption, newest `validFrom`.
/// (The Java SDK picks the oldest; the docs and the C# SDK the newest.)
pub fn token_encryption_key(
    keys: &[PublicKeyCertificate],
    now: DateTime,
) -> Option<&PublicKeyCertificate> {
    keys.iter()
        .filter(|k| k.usage.contains(&PublicKeyUsage::KsefTokenEncryption))
        .filter(|k| k.valid_from <= now && now < k.valid_to)
        .max_by_key(|k| k.valid_from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn key(id: &str, from: DateTime, to: DateTime, usage: PublicKeyUsage) -> PublicKeyCertificate {
        PublicKeyCertificate {
            certificate: String::new(),
            certificate_id: id.into(),
            public_key_id: id.into(),
            valid_from: from,
            valid_to: to,
            usage: vec![usage],
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn picks_newest_valid_token_key() {
        let now = datetime!(2026-06-01 0:00 UTC);
        let keys = [
            key(
                "old",
                datetime!(2025-01-01 0:00 UTC),
                datetime!(2027-01-01 0:00 UTC),
                PublicKeyUsage::KsefTokenEncryption,
            ),
            key(
                "new",
                datetime!(2026-05-01 0:00 UTC),
                datetime!(2028-01-01 0:00 UTC),
                PublicKeyUsage::KsefTokenEncryption,
            ),
            key(
                "future",
                datetime!(2026-07-01 0:00 UTC),
                datetime!(2028-01-01 0:00 UTC),
                PublicKeyUsage::KsefTokenEncryption,
            ),
            key(
                "sym",
                datetime!(2026-05-15 0:00 UTC),
                datetime!(2028-01-01 0:00 UTC),
                PublicKeyUsage::SymmetricKeyEncryption,
            ),
        ];
        assert_eq!(
            token_encryption_key(&keys, now).unwrap().public_key_id,
            "new"
        );
        assert!(token_encryption_key(&keys[3..], now).is_none());
    }
}
