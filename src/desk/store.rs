//! The client book in IndexedDB, one per KSeF environment (a TEST client is not a production
//! one).

use ksef_core::office::ClientBook;

use crate::idb::{self, Store, StoreError};

fn key(env: &str) -> String {
    format!("book-{env}")
}

pub async fn load(env: &str) -> Result<ClientBook, StoreError> {
    Ok(idb::get(Store::Desk, &key(env)).await?.unwrap_or_default())
}

/// `false` when IndexedDB refused: the book then lives in this tab only.
pub async fn save(env: &str, book: &ClientBook) -> bool {
    idb::put(Store::Desk, &key(env), book).await.is_ok()
}
