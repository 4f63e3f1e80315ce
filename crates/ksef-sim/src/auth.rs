//! `/v2/auth/*`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::routing::post;
use axum::{Json, Router};
use ksef_core::api::auth::ChallengeResponse;

use crate::state::{IssuedChallenge, Sim};

pub fn routes() -> Router<Sim> {
    Router::new().route("/auth/challenge", post(challenge))
}

/// The client's address as seen on the socket (or unknown when mounted without one).
fn client_ip(req: &Request) -> String {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "127.0.0.1".into())
}

/// `POST /auth/challenge`: `timestamp` and `timestampMs` denote the same millisecond.
async fn challenge(State(sim): State<Sim>, req: Request) -> Json<ChallengeResponse> {
    let (timestamp, timestamp_ms) = sim.clock.now_ms();
    let challenge = sim.reference("CR");
    sim.state().challenges.insert(
        challenge.to_string(),
        IssuedChallenge {
            issued: timestamp,
            timestamp_ms,
            consumed: false,
        },
    );
    Json(ChallengeResponse {
        challenge: challenge.to_string(),
        timestamp,
        timestamp_ms,
        client_ip: client_ip(&req),
    })
}
