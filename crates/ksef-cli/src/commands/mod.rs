pub mod auth;
pub mod keys;
pub mod xades;
