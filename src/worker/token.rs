//! Job: a KSeF token login's encrypted token, `token|timestamp` under KSeF's RSA key
//! (OAEP-SHA256). In the worker so the page's wasm carries no RSA, big-number or X.509 code.

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{Job, NoProgress, WorkerFailure};

#[derive(Clone, Serialize, Deserialize)]
pub struct EncryptToken {
    /// The whole KSeF token, secret included; stays inside the tab (worker memory).
    pub token: String,
    /// The challenge's timestamp.
    pub timestamp_ms: i64,
    pub keys: Vec<ksef_core::api::security::PublicKeyCertificate>,
    /// Seconds since the epoch: picks a key valid now.
    pub now_unix: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EncryptedToken {
    pub encrypted: String,
    pub key_id: String,
}

impl Job for EncryptToken {
    const NAME: &'static str = "encrypt-token";
    type Answer = EncryptedToken;
    type Progress = NoProgress;

    /// Parses the token again here (its secret never reaches the page's answer) and encrypts
    /// it with the key valid at `now_unix`.
    async fn run(self, _: impl Fn(NoProgress)) -> Result<EncryptedToken, WorkerFailure> {
        let token = Zeroizing::new(self.token);
        let token: ksef_core::ksef_token::KsefToken = token.parse()?;
        let now = time::OffsetDateTime::from_unix_timestamp(self.now_unix)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
        let (encrypted, key_id) = ksef_core::token_crypto::encrypt(
            &token,
            self.timestamp_ms,
            &self.keys,
            now,
            &mut rand_core::OsRng,
        )?;
        Ok(EncryptedToken { encrypted, key_id })
    }
}
