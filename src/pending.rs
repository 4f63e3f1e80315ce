//! The certificate request in progress, kept in IndexedDB (the key only as the encrypted `.key`
//! text) so a reload or a crash between making the key and saving the certificate loses nothing.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

const DB: &str = "klucznik";
const STORE: &str = "pending";
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

/// An IndexedDB request as a future (the API is callback-based).
fn done(req: &IdbRequest) -> JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let r = req.clone();
        let ok = Closure::once(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::NULL));
        });
        let err = Closure::once(move |_: web_sys::Event| {
            let _ = reject.call0(&JsValue::NULL);
        });
        req.set_onsuccess(Some(ok.as_ref().unchecked_ref()));
        req.set_onerror(Some(err.as_ref().unchecked_ref()));
        // Called once each by the browser; the few bytes are not worth tracking.
        ok.forget();
        err.forget();
    });
    JsFuture::from(promise)
}

async fn open() -> Option<IdbDatabase> {
    let factory = gloo_utils::window().indexed_db().ok()??;
    let request = factory.open_with_u32(DB, 1).ok()?;
    let upgrade = Closure::once(move |e: web_sys::Event| {
        if let Some(db) = e
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
        {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    upgrade.forget();
    done(&request).await.ok()?.dyn_into().ok()
}

async fn store(mode: IdbTransactionMode) -> Option<web_sys::IdbObjectStore> {
    let db = open().await?;
    db.transaction_with_str_and_mode(STORE, mode)
        .ok()?
        .object_store(STORE)
        .ok()
}

/// Saves (or replaces) the request in progress; `false` when IndexedDB is unavailable.
pub async fn save(p: &PendingRequest) -> bool {
    let Some(s) = store(IdbTransactionMode::Readwrite).await else {
        return false;
    };
    let json = serde_json::to_string(p).expect("serialises");
    match s.put_with_key(&JsValue::from_str(&json), &JsValue::from_str(KEY)) {
        Ok(r) => done(&r).await.is_ok(),
        Err(_) => false,
    }
}

pub async fn load() -> Option<PendingRequest> {
    let s = store(IdbTransactionMode::Readonly).await?;
    let value = done(&s.get(&JsValue::from_str(KEY)).ok()?).await.ok()?;
    serde_json::from_str(&value.as_string()?).ok()
}

pub async fn clear() {
    if let Some(s) = store(IdbTransactionMode::Readwrite).await {
        if let Ok(r) = s.delete(&JsValue::from_str(KEY)) {
            let _ = done(&r).await;
        }
    }
}
