//! The full app: every page. The first-visit app (`klucznik_web::boot`) loads it after its first
//! paint and calls `take_over` when the user leaves the login page.

use wasm_bindgen::prelude::*;

/// Nothing runs when the module loads: the first-visit app decides when to hand over.
fn main() {}

/// Mounts the full app with the session the first-visit app held (JSON), if any.
#[wasm_bindgen]
pub fn take_over(session: Option<String>) {
    klucznik_web::start_full(session);
}
