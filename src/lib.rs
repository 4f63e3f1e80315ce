//! Klucznik web app: a Yew single-page app over ksef-core.

// A flow Failure is large (KSeF's error carries its texts), but it ends a network step: no boxing.
#![allow(clippy::result_large_err)]

mod api;
pub mod app;
/// Hooks for `cargo xtask bench keys`, only in the build it makes (feature `bench`).
#[cfg(feature = "bench")]
mod bench;
mod components;
pub mod desk;
pub mod failure;
mod files;
pub mod handover;
pub mod i18n;
mod idb;
mod login_method;
mod net;
mod pages;
mod pending;
pub mod route;
pub mod session;
pub mod settings;
mod webcrypto;
pub mod worker;

/// Mounts the app on `<body>` and installs the service worker that keeps it usable offline.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
    register_service_worker();
}

/// Registers `/sw.js`; once it is active the key worker is started, so its files are cached
/// and key generation works offline from then on.
fn register_service_worker() {
    use wasm_bindgen_futures::JsFuture;
    let container = gloo_utils::window().navigator().service_worker();
    let registration = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if JsFuture::from(registration).await.is_err() {
            return;
        }
        if let Ok(ready) = container.ready() {
            let _ = JsFuture::from(ready).await;
        }
        worker::warm_up();
    });
}
