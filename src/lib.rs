//! Klucznik web app: a Yew single-page app over ksef-core.

// A flow Failure is large (KSeF's error carries its texts), but it ends a network step: no boxing.
#![allow(clippy::result_large_err)]

mod api;
pub mod app;
/// Hooks for `cargo xtask bench keys`, only in the build it makes (feature `bench`).
#[cfg(feature = "bench")]
mod bench;
pub mod boot;
mod components;
pub mod desk;
pub mod failure;
mod files;
pub mod handover;
pub mod i18n;
pub mod idb;
mod login_method;
mod net;
mod pages;
mod pending;
pub mod route;
pub mod session;
pub mod settings;
mod webcrypto;
pub mod worker;

/// Mounts the first-visit app (`boot`) and installs the service worker that keeps the app
/// usable offline.
pub fn start() {
    boot::mount();
    register_service_worker();
}

/// Mounts the full app, handed over from the first-visit app with its session (as JSON).
pub fn start_full(session: Option<String>) {
    let session = session.and_then(|s| match serde_json::from_str(&s) {
        Ok(s) => Some(s),
        // Only a build mismatch could cause this; the user then logs in again.
        Err(e) => {
            web_sys::console::warn_1(&format!("the session was not carried over: {e}").into());
            None
        }
    });
    yew::Renderer::<app::App>::with_root_and_props(new_root(), app::AppProps { session }).render();
    // The link that was clicked went with the first-visit app: focus goes on in the new page,
    // once it is drawn and the first-visit app is gone.
    gloo_timers::callback::Timeout::new(0, || {
        use wasm_bindgen::JsCast;
        let main = gloo_utils::document().get_element_by_id("main");
        if let Some(main) = main.and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = main.focus();
        }
    })
    .forget();
}

/// A fresh element at the end of `<body>` for an app to mount on; each app has its own, so
/// neither sees the other's events.
fn new_root() -> web_sys::Element {
    let document = gloo_utils::document();
    let root = document.create_element("div").expect("a div");
    root.set_class_name("root");
    gloo_utils::body().append_child(&root).expect("a body");
    root
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
        // Not once the full app has taken over: it runs its own.
        if boot::mounted() {
            worker::warm_up();
        }
    });
}
