//! Test controls under `/__sim` (never under `/v2`): clock and reset.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;

use crate::state::Sim;

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/reset", post(reset))
        .route("/clock/advance", post(advance))
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
