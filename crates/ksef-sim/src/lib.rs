//! A local KSeF API 2.0 simulator for demos and end-to-end tests.
//!
//! [`router`] serves `/v2/...` like KSeF TEST plus test controls under `/__sim/...`.
//! State is in memory; the clock is controllable so expiry can be tested without waiting.

mod access;
mod auth;
mod body;
pub mod ca;
mod certificates;
mod clock;
pub mod config;
mod control;
mod csr_check;
mod errors;
pub mod faults;
mod future;
mod jwt;
pub mod keys;
mod limits;
mod model;
mod permissions;
mod qr_verify;
mod rate_limit;
mod security;
mod sessions;
mod state;
mod testdata;
mod token_login;
mod tokens;
mod xades_login;

use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;

pub use clock::Clock;
pub use state::Sim;

/// The simulator's routes: the API under `/v2`, test controls under `/__sim`.
pub fn router(sim: Sim) -> Router {
    let api = auth::routes()
        .merge(security::routes())
        .merge(tokens::routes())
        .merge(certificates::routes())
        .merge(limits::routes())
        .merge(permissions::routes())
        .merge(testdata::routes())
        .route_layer(from_fn_with_state(sim.clone(), rate_limit::limit))
        // Grants and revocations whose status turned 200 take effect before anything reads.
        .route_layer(from_fn_with_state(
            sim.clone(),
            permissions::operations::settle,
        ));
    Router::new()
        .nest("/v2", api)
        .nest("/__sim", control::routes())
        .fallback(errors::not_found)
        // Inside the renderer (a `tooMany` fault's body) and the body reader (keep-alive).
        .layer(from_fn_with_state(sim.clone(), faults::apply))
        .layer(from_fn(errors::render))
        .layer(from_fn(body::read_whole))
        .with_state(sim)
}
