pub mod auth;
pub mod keys;
