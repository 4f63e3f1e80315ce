//! A local KSeF API 2.0 simulator for demos and end-to-end tests.
//!
//! [`router`] serves `/v2/...` like KSeF TEST plus test controls under `/__sim/...`.
//! State is in memory; the clock is controllable so expiry can be tested without waiting.

mod auth;
mod clock;
mod control;
mod errors;
pub mod keys;
mod security;
mod state;

use axum::Router;

pub use clock::Clock;
pub use state::Sim;

/// The simulator's routes: the API under `/v2`, test controls under `/__sim`.
pub fn router(sim: Sim) -> Router {
    Router::new()
        .nest("/v2", auth::routes().merge(security::routes()))
        .nest("/__sim", control::routes())
        .fallback(errors::not_found)
        .with_state(sim)
}
