//! Klucznik web app: a Yew single-page app over ksef-core.

pub mod app;
mod components;
pub mod i18n;
mod pages;
pub mod route;
pub mod settings;

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::new().render();
}
