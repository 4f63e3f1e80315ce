//! Every request body is read to its end before routing. A handler or middleware that answers
//! without reading the body (404, 401, 405, 429) would otherwise leave unread bytes on the
//! connection: hyper then closes it after the answer, without `Connection: close`, and a client
//! that sends its next request on that kept-alive connection gets an error instead of an answer.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONNECTION, CONTENT_LENGTH};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// axum's default for `Bytes` bodies; the signed `auth.xml` and JSON bodies are far smaller.
pub const LIMIT: usize = 2 * 1024 * 1024;

/// An answer after which the connection is closed, saying so.
fn closing(status: StatusCode) -> Response {
    (status, [(CONNECTION, "close")]).into_response()
}

pub async fn read_whole(req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > LIMIT as u64) {
        return closing(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, LIMIT).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        // Chunked past the limit, or broken off: nothing more can be read on this connection.
        Err(_) => closing(StatusCode::BAD_REQUEST),
    }
}
