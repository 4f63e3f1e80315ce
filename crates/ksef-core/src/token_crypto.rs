//! Encrypting a KSeF token for `POST /auth/ksef-token`: RSA-OAEP with SHA-256 (MGF1-SHA-256,
//! empty label) over `token|timestampMs`, with the newest valid KsefTokenEncryption key.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rand_core::CryptoRngCore;
use rsa::pkcs8::DecodePublicKey;

use crate::api::security::{token_encryption_key, PublicKeyCertificate};
use crate::certificate::Certificate;
use crate::datetime::DateTime;
use crate::ksef_token::KsefToken;
use crate::lang::{Lang, Localized};

// Serde: the app's worker sends it to the page as it is (rendered there, in the current language).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{}", self.message(Lang::Pl))]
pub enum TokenCryptoError {
    NoKey,
    BadKey(String),
}

impl Localized for TokenCryptoError {
    fn message(&self, lang: Lang) -> String {
        match self {
            TokenCryptoError::NoKey => lang.pick(
                "KSeF nie publikuje teraz ważnego klucza do szyfrowania tokenów; spróbuj później",
                "KSeF publishes no valid token encryption key right now; try later",
            ).into(),
            TokenCryptoError::BadKey(e) => lang.pick(
                format!("Nieczytelny klucz szyfrowania tokenów KSeF: {e}"),
                format!("Unreadable KSeF token encryption key: {e}"),
            ),
        }
    }
}

/// The ciphertext for `encryptedToken` (Base64) and the `publicKeyId` of the key used.
pub fn encrypt(
    token: &KsefToken,
    timestamp_ms: i64,
    keys: &[PublicKeyCertificate],
    now: DateTime,
    rng: &mut impl CryptoRngCore,
) -> Result<(String, String), TokenCryptoError> {
    let key = token_encryption_key(keys, now).ok_or(TokenCryptoError::NoKey)?;
    let bad = |e: &dyn std::fmt::Display| TokenCryptoError::BadKey(e.to_string());
    let der = B64.decode(&key.certificate).map_err(|e| bad(&e))?;
    let cert = Certificate::from_der(&der).map_err(|e| bad(&e))?;
    let public =
        rsa::RsaPublicKey::from_public_key_der(&cert.public_key_der()).map_err(|e| bad(&e))?;
    let plain = zeroize::Zeroizing::new(format!("{}|{timestamp_ms}", token.expose_secret()));
    let ct = public
        .encrypt(rng, rsa::Oaep::new::<sha2::Sha256>(), plain.as_bytes())
        .map_err(|e| bad(&e))?;
    Ok((B64.encode(ct), key.public_key_id.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::security::PublicKeyUsage;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn decrypts_to_token_and_timestamp_with_the_private_key() {
        let private = rsa::RsaPrivateKey::new(&mut rand_core::OsRng, 2048).unwrap();
        let key = PrivateKeyForTest(private.clone());
        let cert = key.self_signed(time::macros::datetime!(2026-06-01 0:00 UTC));
        // A fixed instant: the browser test harness has no system clock.
        let now = time::macros::datetime!(2026-06-01 0:00 UTC);
        let keys = vec![PublicKeyCertificate {
            certificate: B64.encode(cert.der()),
            certificate_id: "c".into(),
            public_key_id: "the-id".into(),
            valid_from: now - time::Duration::days(1),
            valid_to: now + time::Duration::days(1),
            usage: vec![PublicKeyUsage::KsefTokenEncryption],
        }];
        let token: KsefToken = format!(
            "20251010-EC-1DCE3E3000-12ECB5B36E-45|nip-5265877635|{}",
            "a".repeat(64)
        )
        .parse()
        .unwrap();
        let (ct, id) =
            encrypt(&token, 1_700_000_000_123, &keys, now, &mut rand_core::OsRng).unwrap();
        assert_eq!(id, "the-id");
        let plain = private
            .decrypt(rsa::Oaep::new::<sha2::Sha256>(), &B64.decode(ct).unwrap())
            .unwrap();
        assert_eq!(
            String::from_utf8(plain).unwrap(),
            format!("{}|1700000000123", token.expose_secret())
        );
        assert_eq!(
            encrypt(&token, 1, &[], now, &mut rand_core::OsRng),
            Err(TokenCryptoError::NoKey)
        );
    }

    struct PrivateKeyForTest(rsa::RsaPrivateKey);

    impl PrivateKeyForTest {
        fn self_signed(&self, now: DateTime) -> Certificate {
            let key = crate::keys::PrivateKey::Rsa(Box::new(self.0.clone()));
            let who = crate::test_cert::TestIdentity::Seal {
                organization: "MF".into(),
                nip: "5265877635".parse().unwrap(),
            };
            crate::test_cert::self_signed(&who, &key, now, &mut rand_core::OsRng).unwrap()
        }
    }
}
