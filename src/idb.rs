//! The app's IndexedDB: JSON values by key in a few object stores. Hand-written over web-sys:
//! the IndexedDB crates bring their own async runtimes and far more than four calls.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransactionMode};

const DB: &str = "klucznik";
/// Raised whenever a store is added: the upgrade creates what is missing.
const VERSION: u32 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// The certificate request in progress.
    Pending,
    /// The office desk: client books per environment.
    Desk,
}

impl Store {
    const ALL: [Store; 2] = [Store::Pending, Store::Desk];

    fn name(self) -> &'static str {
        match self {
            Store::Pending => "pending",
            Store::Desk => "desk",
        }
    }
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
    let request = factory.open_with_u32(DB, VERSION).ok()?;
    let upgrade = Closure::once(move |e: web_sys::Event| {
        let Some(db) = e
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
        else {
            return;
        };
        let names = db.object_store_names();
        for store in Store::ALL {
            if !names.contains(store.name()) {
                let _ = db.create_object_store(store.name());
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    upgrade.forget();
    done(&request).await.ok()?.dyn_into().ok()
}

async fn store(which: Store, mode: IdbTransactionMode) -> Option<IdbObjectStore> {
    let db = open().await?;
    db.transaction_with_str_and_mode(which.name(), mode)
        .ok()?
        .object_store(which.name())
        .ok()
}

/// Saves (or replaces) `value` under `key`; `false` when IndexedDB is unavailable.
pub async fn put<T: Serialize>(which: Store, key: &str, value: &T) -> bool {
    let Some(s) = store(which, IdbTransactionMode::Readwrite).await else {
        return false;
    };
    let json = serde_json::to_string(value).expect("our stored types serialise");
    match s.put_with_key(&JsValue::from_str(&json), &JsValue::from_str(key)) {
        Ok(r) => done(&r).await.is_ok(),
        Err(_) => false,
    }
}

pub async fn get<T: DeserializeOwned>(which: Store, key: &str) -> Option<T> {
    let s = store(which, IdbTransactionMode::Readonly).await?;
    let value = done(&s.get(&JsValue::from_str(key)).ok()?).await.ok()?;
    serde_json::from_str(&value.as_string()?).ok()
}

pub async fn delete(which: Store, key: &str) {
    if let Some(s) = store(which, IdbTransactionMode::Readwrite).await {
        if let Ok(r) = s.delete(&JsValue::from_str(key)) {
            let _ = done(&r).await;
        }
    }
}
