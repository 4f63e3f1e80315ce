//! The app's IndexedDB: JSON values by key in a few object stores. Hand-written over web-sys:
//! the IndexedDB crates bring their own async runtimes and far more than four calls.
//!
//! A write counts once its transaction has committed. Each call opens the database and closes
//! it when done, so no tab holds it open and blocks a newer version's upgrade. A value this
//! version cannot read is moved aside (`<key>.unreadable-<ms>`), never overwritten.

use ksef_core::Lang;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::i18n::texts;

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

thread_local! {
    /// An upgrade waits for an older tab: every later open would queue behind it, unanswered.
    static BLOCKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Why the browser's storage did not do what was asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// No IndexedDB here (some private modes, storage turned off), or it refused.
    Unavailable,
    /// A tab with an older Klucznik holds the database open, so it cannot be upgraded.
    Blocked,
    /// A value this version cannot read; it was moved aside untouched.
    Unreadable,
    /// A newer Klucznik (in another tab) has upgraded the database: this page is out of date.
    Newer,
}

impl StoreError {
    pub fn message(self, lang: Lang) -> &'static str {
        let t = &texts(lang).common;
        match self {
            StoreError::Unavailable => t.storage_unavailable,
            StoreError::Blocked => t.storage_blocked,
            StoreError::Unreadable => t.storage_unreadable,
            StoreError::Newer => t.storage_newer,
        }
    }
}

/// A promise settled by the first of `ok` (resolves with `value()`) or `fail` (rejects with
/// the event's type) on `target`.
fn settled(
    target: &web_sys::EventTarget,
    ok: &str,
    fail: &[&str],
    value: impl FnOnce() -> JsValue + 'static,
) -> JsFuture {
    // The executor runs once, at once; `Promise::new` only takes an `FnMut`.
    let mut value = Some(value);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let value = value.take();
        let on_ok = Closure::once(move |_: web_sys::Event| {
            let value = value.map_or(JsValue::UNDEFINED, |v| v());
            let _ = resolve.call1(&JsValue::NULL, &value);
        });
        let on_fail = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &e.type_().into());
        });
        let _ = target.add_event_listener_with_callback(ok, on_ok.as_ref().unchecked_ref());
        for kind in fail {
            let _ = target.add_event_listener_with_callback(kind, on_fail.as_ref().unchecked_ref());
        }
        // Called at most once each by the browser; the few bytes are not worth tracking.
        on_ok.forget();
        on_fail.forget();
    });
    JsFuture::from(promise)
}

/// A request's result once it succeeded.
async fn done(req: &IdbRequest) -> Result<JsValue, StoreError> {
    let r = req.clone();
    let result = move || r.result().unwrap_or(JsValue::NULL);
    settled(req, "success", &["error"], result)
        .await
        .map_err(|_| StoreError::Unavailable)
}

async fn open() -> Result<IdbDatabase, StoreError> {
    if BLOCKED.get() {
        return Err(StoreError::Blocked);
    }
    let factory = gloo_utils::window()
        .indexed_db()
        .ok()
        .flatten()
        .ok_or(StoreError::Unavailable)?;
    let request = factory
        .open_with_u32(DB, VERSION)
        .map_err(|_| StoreError::Unavailable)?;
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
    let r = request.clone();
    let result = move || r.result().unwrap_or(JsValue::NULL);
    match settled(&request, "success", &["error", "blocked"], result).await {
        Ok(db) => db.dyn_into().map_err(|_| StoreError::Unavailable),
        Err(why) if why.as_string().as_deref() == Some("blocked") => {
            // The upgrade still happens once the old tab lets go; this connection is not
            // wanted then, and left open it would block the next upgrade.
            BLOCKED.set(true);
            let late = request.clone();
            let close = Closure::once(move |_: web_sys::Event| {
                BLOCKED.set(false);
                if let Ok(db) = late.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
                    db.close();
                }
            });
            request.set_onsuccess(Some(close.as_ref().unchecked_ref()));
            request.set_onerror(Some(close.as_ref().unchecked_ref()));
            close.forget();
            Err(StoreError::Blocked)
        }
        Err(_) => match request.error() {
            Ok(Some(e)) if e.name() == "VersionError" => Err(StoreError::Newer),
            _ => Err(StoreError::Unavailable),
        },
    }
}

/// `which` in a new transaction of `mode`.
fn store_in(
    db: &IdbDatabase,
    which: Store,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, IdbObjectStore), StoreError> {
    let tx = db
        .transaction_with_str_and_mode(which.name(), mode)
        .map_err(|_| StoreError::Unavailable)?;
    let store = tx
        .object_store(which.name())
        .map_err(|_| StoreError::Unavailable)?;
    Ok((tx, store))
}

/// A transaction's end: its commit, or why there was none.
fn committed(tx: &IdbTransaction) -> JsFuture {
    settled(tx, "complete", &["abort", "error"], || JsValue::TRUE)
}

/// Runs `op` in a read-write transaction on `which` and waits for the commit.
async fn write(
    db: &IdbDatabase,
    which: Store,
    op: impl FnOnce(&IdbObjectStore) -> Result<(), JsValue>,
) -> Result<(), StoreError> {
    let (tx, store) = store_in(db, which, IdbTransactionMode::Readwrite)?;
    let committed = committed(&tx);
    if op(&store).is_err() {
        let _ = tx.abort();
    }
    committed
        .await
        .map(drop)
        .map_err(|_| StoreError::Unavailable)
}

/// Saves (or replaces) `value` under `key` and waits until it is committed.
pub async fn put<T: Serialize>(which: Store, key: &str, value: &T) -> Result<(), StoreError> {
    let json = serde_json::to_string(value).expect("our stored types serialise");
    let db = open().await?;
    let result = write(&db, which, |s| {
        s.put_with_key(&json.into(), &key.into()).map(drop)
    })
    .await;
    db.close();
    result
}

/// The value under `key`, or `None`. One this version cannot read is moved aside (so no later
/// save replaces it) and reported as `Unreadable`.
pub async fn get<T: DeserializeOwned>(which: Store, key: &str) -> Result<Option<T>, StoreError> {
    let db = open().await?;
    let result = read(&db, which, key).await;
    db.close();
    result
}

async fn read<T: DeserializeOwned>(
    db: &IdbDatabase,
    which: Store,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let (_tx, store) = store_in(db, which, IdbTransactionMode::Readonly)?;
    let request = store
        .get(&key.into())
        .map_err(|_| StoreError::Unavailable)?;
    let raw = done(&request).await?;
    match parse(&raw) {
        Some(value) => Ok(value),
        None => set_aside(db, which, key).await,
    }
}

/// `Some(None)` for no value, `Some(Some(v))` for one this version reads, `None` otherwise.
fn parse<T: DeserializeOwned>(raw: &JsValue) -> Option<Option<T>> {
    if raw.is_undefined() || raw.is_null() {
        return Some(None);
    }
    raw.as_string()
        .and_then(|s| serde_json::from_str(&s).ok())
        .map(Some)
}

/// Moves an unreadable value under `key` aside, in one transaction that reads it again: one
/// written meanwhile (by another tab) is read, not moved.
async fn set_aside<T: DeserializeOwned>(
    db: &IdbDatabase,
    which: Store,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let (tx, store) = store_in(db, which, IdbTransactionMode::Readwrite)?;
    let committed = committed(&tx);
    let request = store
        .get(&key.into())
        .map_err(|_| StoreError::Unavailable)?;
    // Still in the transaction: its request's success runs this continuation as a microtask.
    let raw = done(&request).await?;
    if let Some(value) = parse(&raw) {
        let _ = committed.await;
        return Ok(value);
    }
    let aside = format!("{key}.unreadable-{}", js_sys::Date::now() as u64);
    let moved = store
        .put_with_key(&raw, &aside.into())
        .and_then(|_| store.delete(&key.into()));
    if moved.is_err() {
        let _ = tx.abort();
    }
    committed.await.map_err(|_| StoreError::Unavailable)?;
    Err(StoreError::Unreadable)
}

/// Every key in `which` (values moved aside included).
pub async fn keys(which: Store) -> Result<Vec<String>, StoreError> {
    let db = open().await?;
    let request = store_in(&db, which, IdbTransactionMode::Readonly)
        .and_then(|(_, s)| s.get_all_keys().map_err(|_| StoreError::Unavailable));
    let result = match request {
        Ok(r) => done(&r).await,
        Err(e) => Err(e),
    };
    db.close();
    let keys = js_sys::Array::from(&result?);
    Ok(keys.iter().filter_map(|k| k.as_string()).collect())
}

pub async fn delete(which: Store, key: &str) -> Result<(), StoreError> {
    let db = open().await?;
    let result = write(&db, which, |s| s.delete(&key.into()).map(drop)).await;
    db.close();
    result
}
