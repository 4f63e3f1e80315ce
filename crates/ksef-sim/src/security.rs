//! `GET /v2/security/public-key-certificates`: the encryption keys currently published.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use ksef_core::api::security::PublicKeyCertificate;

use crate::state::Sim;

pub fn routes() -> Router<Sim> {
    Router::new().route("/security/public-key-certificates", get(public_keys))
}

async fn public_keys(State(sim): State<Sim>) -> Json<Vec<PublicKeyCertificate>> {
    Json(sim.keys().iter().map(|k| k.to_api()).collect())
}
