//! The app's IndexedDB in headless Chromium: a write counts once committed, a value this
//! version cannot read is moved aside (never overwritten), and an older tab holding the
//! database open is reported instead of leaving a save waiting.
#![cfg(target_arch = "wasm32")]

use klucznik_web::idb::{self, Store, StoreError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{IdbDatabase, IdbOpenDbRequest};

wasm_bindgen_test_configure!(run_in_browser);

/// `request`'s result once it succeeded (the test's own, to act as another tab would).
async fn succeeded(request: &IdbOpenDbRequest) -> JsValue {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let r = request.clone();
        let ok = Closure::once(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap());
        });
        request.set_onsuccess(Some(ok.as_ref().unchecked_ref()));
        ok.forget();
    });
    JsFuture::from(promise).await.unwrap()
}

fn factory() -> web_sys::IdbFactory {
    web_sys::window().unwrap().indexed_db().unwrap().unwrap()
}

#[wasm_bindgen_test]
async fn values_round_trip_and_an_unreadable_one_is_moved_aside() {
    idb::put(Store::Pending, "round", &vec![1u32, 2, 3])
        .await
        .unwrap();
    let back: Option<Vec<u32>> = idb::get(Store::Pending, "round").await.unwrap();
    assert_eq!(back, Some(vec![1, 2, 3]));
    idb::delete(Store::Pending, "round").await.unwrap();
    let gone: Option<Vec<u32>> = idb::get(Store::Pending, "round").await.unwrap();
    assert_eq!(gone, None);

    // Kept by an older version in another shape: not readable as what is asked now.
    idb::put(Store::Pending, "book", &"an older shape")
        .await
        .unwrap();
    let read = idb::get::<Vec<u32>>(Store::Pending, "book").await;
    assert_eq!(read, Err(StoreError::Unreadable));
    // Moved aside, so the next save starts afresh and the old value is still there.
    assert_eq!(idb::get::<Vec<u32>>(Store::Pending, "book").await, Ok(None));
    idb::put(Store::Pending, "book", &vec![7u32]).await.unwrap();
    let keys = idb::keys(Store::Pending).await.unwrap();
    let aside: Vec<_> = keys
        .iter()
        .filter(|k| k.starts_with("book.unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1, "{keys:?}");
    let old: Option<String> = idb::get(Store::Pending, aside[0]).await.unwrap();
    assert_eq!(old.as_deref(), Some("an older shape"));
    assert_eq!(
        idb::get::<Vec<u32>>(Store::Pending, "book").await,
        Ok(Some(vec![7]))
    );
}

#[wasm_bindgen_test]
async fn an_older_tab_holding_the_database_is_reported_and_then_the_save_works() {
    // Start over with the database at version 1, held open as an older tab would.
    let delete = factory().delete_database("klucznik").unwrap();
    succeeded(&delete).await;
    let old: IdbDatabase = succeeded(&factory().open_with_u32("klucznik", 1).unwrap())
        .await
        .dyn_into()
        .unwrap();
    let blocked = idb::put(Store::Desk, "book-sim", &vec![1u32]).await;
    assert_eq!(blocked, Err(StoreError::Blocked));
    // Later calls are answered at once too, not queued behind the waiting upgrade.
    let read = idb::get::<Vec<u32>>(Store::Desk, "book-sim").await;
    assert_eq!(read, Err(StoreError::Blocked));
    assert!(StoreError::Blocked
        .message(ksef_core::Lang::Pl)
        .contains("Zamknij"));

    // Once the older tab lets go, the upgrade happens and saves work again.
    old.close();
    let mut saved = Err(StoreError::Blocked);
    for _ in 0..50 {
        saved = idb::put(Store::Desk, "book-sim", &vec![2u32]).await;
        if saved.is_ok() {
            break;
        }
        yew::platform::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(saved, Ok(()));
    let back: Option<Vec<u32>> = idb::get(Store::Desk, "book-sim").await.unwrap();
    assert_eq!(back, Some(vec![2]));
}
