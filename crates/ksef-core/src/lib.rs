//! KSeF API 2.0 protocol for Klucznik: identifiers, `auth.xml`, KSeF tokens, permissions,
//! input rules, API types and errors.
//!
//! No I/O: the web app, the CLI and the simulator each do their own around these types.

pub mod api;
pub mod auth_status;
pub mod auth_xml;
pub mod cert_subject;
pub mod certificate;
pub mod context;
pub mod csr;
pub mod datetime;
pub mod environment;
pub mod error;
pub mod extensible;
pub mod flow;
pub mod ident;
pub mod ip_policy;
pub mod keys;
pub mod keystore;
pub mod ksef_token;
pub mod lang;
pub mod office;
pub mod permissions;
#[cfg(feature = "verify")]
pub mod preflight;
pub mod qr;
pub mod rules;
pub mod test_cert;
pub mod token_crypto;
pub mod token_sunset;
pub mod xades;
#[cfg(feature = "verify")]
pub mod xades_verify;

pub use lang::Lang;

// Unit tests run natively and, in `cargo xtask test`, in headless Chromium too.
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
