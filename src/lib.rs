//! Klucznik web app: a Yew single-page app over ksef-core.

mod api;
pub mod app;
mod bench;
mod components;
mod files;
pub mod i18n;
pub mod keygen;
mod pages;
pub mod route;
pub mod session;
pub mod settings;
pub mod signing;
mod webcrypto;

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
