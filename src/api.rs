//! Calls to KSeF through the relay; every failure becomes a [`KsefError`] with a message.

use ksef_core::api::auth::ChallengeResponse;
use ksef_core::error::KsefError;

/// `POST {base}/auth/challenge`.
pub async fn challenge(base: &str) -> Result<ChallengeResponse, KsefError> {
    let resp = gloo_net::http::Request::post(&format!("{base}/auth/challenge"))
        .header("X-Error-Format", "problem-details")
        .send()
        .await
        .map_err(|e| network(&e.to_string()))?;
    let status = resp.status();
    let body = resp.binary().await.map_err(|e| network(&e.to_string()))?;
    if status != 200 {
        return Err(KsefError::from_response(
            status,
            &body,
            resp.headers().get("retry-after").as_deref(),
        ));
    }
    serde_json::from_slice(&body).map_err(|e| KsefError {
        descriptions: vec![e.to_string()],
        ..KsefError::default()
    })
}

/// No HTTP answer at all: the relay or the network is down (status 0).
fn network(detail: &str) -> KsefError {
    KsefError {
        descriptions: vec![format!("network: {detail}")],
        ..KsefError::default()
    }
}
