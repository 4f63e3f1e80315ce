//! Accepting connections and serving the router on them over HTTP/1.1. Hand-written instead of
//! `axum::serve` because that one sniffs for HTTP/2 and re-checks the shutdown signal on every
//! poll of every connection, which showed in the relay's profile; browsers reach the relay
//! over HTTP/1.1 (bench/README.md).

use std::time::Duration;

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;

use crate::{ClientRelay, Relay};

/// Serves `app` on `listener` until `shutdown` resolves, then lets the requests in flight
/// finish (idle keep-alive connections are closed at once).
///
/// A client over its connection cap is disconnected at once, and a connection that has not
/// sent a whole request head within the header timeout is closed: otherwise connections that
/// never finish a request would stay open until the relay runs out of file descriptors.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Relay,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(app.header_read_timeout);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        match accepted {
            Ok((stream, peer)) => {
                let Some(admitted) = app.connections.admit(peer.ip()) else {
                    tracing::debug!("connection refused: client at its connection cap");
                    continue;
                };
                // Answers are written in one go; Nagle would only delay them.
                let _ = stream.set_nodelay(true);
                let connection =
                    http.serve_connection(TokioIo::new(stream), service(app.for_client(peer)));
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let result = connection.await;
                    drop(admitted);
                    result
                });
            }
            Err(e) => accept_failed(e).await,
        }
    }
    graceful.shutdown().await;
    Ok(())
}

/// The relay for one connection.
fn service(
    app: ClientRelay,
) -> impl hyper::service::Service<
    hyper::Request<Incoming>,
    Response = axum::response::Response,
    Error = std::convert::Infallible,
    Future = impl Send,
> {
    // `call` takes `&self` in hyper; the relay's services want `&mut self` (once per request).
    let app = std::cell::RefCell::new(app);
    hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let answer = app.borrow_mut().handle(req);
        async move { Ok(answer.await) }
    })
}

/// A refused or reset connection is the client's business; anything else (such as running
/// out of file descriptors) is logged and retried a second later rather than spun on.
async fn accept_failed(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        return;
    }
    tracing::error!("accept failed: {e}");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
