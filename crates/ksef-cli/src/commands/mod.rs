pub mod auth;
pub mod keys;
pub mod qr;
pub mod xades;
