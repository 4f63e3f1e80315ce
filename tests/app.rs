//! The root component mounted in headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = gloo_utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    // Start from defaults whatever an earlier test stored.
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    yew::Renderer::<klucznik_web::app::App>::with_root(root.clone()).render();
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

/// Waits (up to 5 s) until `done` holds: effects may land a little after the render on a
/// loaded machine, and a fixed pause then fails for nothing.
async fn until(done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
}

fn page_lang() -> Option<String> {
    gloo_utils::document()
        .document_element()
        .unwrap()
        .get_attribute("lang")
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} missing"))
        .text_content()
        .unwrap()
}

#[wasm_bindgen_test]
async fn renders_polish_by_default_and_switches_to_english() {
    let root = mount();
    settle().await;
    assert_eq!(text(&root, "h1"), "Klucznik");
    assert_eq!(
        text(&root, ".tagline"),
        "Tokeny i certyfikaty KSeF w przeglądarce"
    );
    let nav: Vec<String> = (0..8)
        .map(|i| text(&root, &format!("nav li:nth-child({}) a", i + 1)))
        .collect();
    assert_eq!(
        nav,
        [
            "Logowanie",
            "Tokeny",
            "Certyfikaty",
            "Uprawnienia",
            "Biuro",
            "Kody QR",
            "Sesje",
            "Ustawienia"
        ]
    );
    until(|| page_lang().as_deref() == Some("pl")).await;
    assert_eq!(page_lang().as_deref(), Some("pl"));
    assert_eq!(
        gloo_utils::document().title(),
        "Klucznik – tokeny i certyfikaty KSeF"
    );

    let en: HtmlElement = root
        .query_selector(".langs button:nth-child(2)")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    en.click();
    settle().await;
    assert_eq!(
        text(&root, ".tagline"),
        "KSeF tokens and certificates in your browser"
    );
    assert_eq!(text(&root, "nav li:nth-child(1) a"), "Log in");
    until(|| page_lang().as_deref() == Some("en")).await;
    assert_eq!(page_lang().as_deref(), Some("en"));
    // The browser tab's title follows the language too.
    assert_eq!(
        gloo_utils::document().title(),
        "Klucznik – KSeF tokens and certificates"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn production_is_clearly_marked() {
    let root = mount();
    settle().await;
    assert!(root.query_selector(".banner.prod").unwrap().is_none());
    let select: web_sys::HtmlSelectElement = root
        .query_selector("#env")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    select.set_value("prod");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(
        text(&root, ".banner.prod"),
        "Środowisko produkcyjne: operacje mają skutki prawne."
    );
    root.remove();
}
