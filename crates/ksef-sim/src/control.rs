//! Test controls under `/__sim` (never under `/v2`): reset, clock, configuration switches and
//! forced outcomes, key rotation, and a state dump.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::config::Config;
use crate::state::Sim;

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/reset", post(reset))
        .route("/clock/advance", post(advance))
        .route("/config", get(config).post(set_config))
        .route("/keys/rotate", post(rotate))
        .route("/keys/recertify", post(recertify))
        .route("/keys/withdraw", post(withdraw))
        .route("/state", get(dump))
        .route("/qr/verify", get(crate::qr_verify::verify))
}

async fn reset(State(sim): State<Sim>) -> StatusCode {
    sim.reset();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Advance {
    seconds: i64,
}

async fn advance(State(sim): State<Sim>, Json(a): Json<Advance>) -> StatusCode {
    sim.clock.advance(time::Duration::seconds(a.seconds));
    StatusCode::NO_CONTENT
}

async fn config(State(sim): State<Sim>) -> Json<Config> {
    Json(sim.state().config.clone())
}

/// Applies a partial configuration, e.g. `{"authDelayMs": 0, "rateLimits": "tiny"}`.
async fn set_config(
    State(sim): State<Sim>,
    Json(patch): Json<serde_json::Value>,
) -> Result<Json<Config>, (StatusCode, String)> {
    let mut state = sim.state();
    let next = state
        .config
        .patched(patch)
        .map_err(|e| (StatusCode::BAD_REQUEST, e))?;
    state.config = next.clone();
    Ok(Json(next))
}

async fn rotate(State(sim): State<Sim>) -> StatusCode {
    let now = sim.now();
    crate::keys::rotate(&mut sim.keys(), now);
    StatusCode::NO_CONTENT
}

async fn recertify(State(sim): State<Sim>) -> StatusCode {
    let now = sim.now();
    crate::keys::recertify(&mut sim.keys(), now);
    StatusCode::NO_CONTENT
}

async fn withdraw(State(sim): State<Sim>) -> StatusCode {
    crate::keys::withdraw_old(&mut sim.keys());
    StatusCode::NO_CONTENT
}

/// The whole state as JSON (secrets are stored only as hashes).
async fn dump(State(sim): State<Sim>) -> Json<serde_json::Value> {
    Json(serde_json::to_value(&*sim.state()).unwrap_or_default())
}
