//! The certificate request in progress, kept in IndexedDB (the key only as the encrypted `.key`
//! text) so a reload or a crash between making the key and saving the certificate loses nothing.

use crate::idb::{self, Store, StoreError};
use serde::{Deserialize, Serialize};

const KEY: &str = "certificate-request";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingRequest {
    pub name: String,
    pub stem: String,
    pub kind: ksef_core::api::certificates::CertificateType,
    /// The encrypted key file (PEM), exactly as downloaded.
    pub key_pem: String,
    pub csr_base64: String,
    /// The requested start of validity (Unix ms); `None` = when issued.
    #[serde(default)]
    pub valid_from_ms: Option<i64>,
    /// Set once KSeF accepted the request.
    pub reference: Option<String>,
}

/// Saves (or replaces) the request in progress; `false` when IndexedDB is unavailable.
pub async fn save(p: &PendingRequest) -> bool {
    idb::put(Store::Pending, KEY, p).await.is_ok()
}

pub async fn load() -> Result<Option<PendingRequest>, StoreError> {
    idb::get(Store::Pending, KEY).await
}

/// Forgets the request (its encrypted key included).
pub async fn clear() -> Result<(), StoreError> {
    idb::delete(Store::Pending, KEY).await
}
