//! Where each environment's requests go: a fixed KSeF base URL, or the simulator in-process.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, Uri};
use axum::Router;
use http_body_util::BodyExt;
use ksef_core::environment::Environment;
use tower::ServiceExt;

use hyper_util::client::legacy::connect::HttpConnector;

use crate::pool::{Connector, Origin, PoolError};

/// How the `sim` environment is reached.
#[derive(Clone)]
pub enum SimUpstream {
    /// The simulator router, called without a socket.
    InProcess(Router),
    /// A simulator (or any test server) at a local base URL ending in `/v2`.
    Url(String),
    Disabled,
}

/// A finished upstream answer.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

#[derive(Debug)]
pub enum UpstreamError {
    Timeout,
    Unreachable(String),
    TooLarge,
    NotConfigured,
}

/// The fixed upstream origins of one worker, each with its own keep-alive connections.
pub struct Upstreams {
    connector: Connector,
    ksef: [(Environment, Origin); 3],
    sim: SimUpstream,
    sim_origin: Option<Origin>,
    timeout: Duration,
    max_response: usize,
}

fn origin_of(base: &str) -> Origin {
    let uri: Uri = base.parse().expect("a fixed base URL");
    Origin::new(&uri).expect("a fixed base URL with scheme and host")
}

impl Upstreams {
    pub fn new(sim: SimUpstream, timeout: Duration) -> Upstreams {
        // KSeF over HTTPS with the web PKI; the simulator over plain HTTP on loopback. Redirects
        // are never followed (a redirect could point anywhere): nothing here reads Location.
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        // Requests go out in one write; Nagle would only hold them back.
        tcp.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .wrap_connector(tcp);
        let ksef = [Environment::Test, Environment::Demo, Environment::Prod]
            .map(|env| (env, origin_of(env.api_base().expect("a KSeF environment"))));
        let sim_origin = match &sim {
            SimUpstream::Url(base) => base.parse().ok().as_ref().and_then(Origin::new),
            _ => None,
        };
        Upstreams {
            connector,
            ksef,
            sim,
            sim_origin,
            timeout,
            max_response: 16 * 1024 * 1024,
        }
    }

    /// Sends `path_and_query` (starting after `/v2/`) to the environment's fixed base.
    pub async fn send(
        &self,
        env: Environment,
        method: Method,
        path_and_query: &str,
        headers: HeaderMap,
        body: Bytes,
        client: Option<std::net::SocketAddr>,
    ) -> Result<Answer, UpstreamError> {
        match (env.api_base(), &self.sim) {
            (Some(_), _) => {
                let origin = &self
                    .ksef
                    .iter()
                    .find(|(e, _)| *e == env)
                    .expect("all KSeF")
                    .1;
                self.http(origin, method, path_and_query, headers, body)
                    .await
            }
            (None, SimUpstream::Url(_)) => {
                let origin = self
                    .sim_origin
                    .as_ref()
                    .ok_or(UpstreamError::NotConfigured)?;
                self.http(origin, method, path_and_query, headers, body)
                    .await
            }
            (None, SimUpstream::InProcess(router)) => {
                let mut req = Request::builder()
                    .method(method)
                    .uri(format!("/v2/{path_and_query}"))
                    .body(Body::from(body))
                    .expect("valid request");
                *req.headers_mut() = headers;
                // The simulator rate-limits by client address, as KSeF does by the relay's.
                if let Some(c) = client {
                    req.extensions_mut().insert(axum::extract::ConnectInfo(c));
                }
                let call = router.clone().oneshot(req);
                let resp = tokio::time::timeout(self.timeout, call)
                    .await
                    .map_err(|_| UpstreamError::Timeout)?
                    .expect("infallible");
                let (parts, body) = resp.into_parts();
                let body = tokio::time::timeout(self.timeout, body.collect())
                    .await
                    .map_err(|_| UpstreamError::Timeout)?
                    .map_err(|e| UpstreamError::Unreachable(e.to_string()))?
                    .to_bytes();
                Ok(Answer {
                    status: parts.status,
                    headers: parts.headers,
                    body,
                })
            }
            (None, SimUpstream::Disabled) => Err(UpstreamError::NotConfigured),
        }
    }

    async fn http(
        &self,
        origin: &Origin,
        method: Method,
        path_and_query: &str,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<Answer, UpstreamError> {
        // The base's path (`/v2`) with what follows `/v2/` in the client's request.
        let mut req = Request::builder()
            .method(method)
            .uri(format!("{}/{path_and_query}", origin.path))
            .body(Body::from(body))
            .map_err(|_| UpstreamError::Unreachable("request".into()))?;
        *req.headers_mut() = headers;
        let exchange = async {
            let (resp, lease) = origin.send(&self.connector, req).await.map_err(|e| {
                // Only the kind of failure: the URL is ours and fixed, the message may carry internals.
                UpstreamError::Unreachable(
                    if e == PoolError::Connect {
                        "connect"
                    } else {
                        "request"
                    }
                    .into(),
                )
            })?;
            let (parts, body) = resp.into_parts();
            let body = http_body_util::Limited::new(body, self.max_response)
                .collect()
                .await
                .map_err(|e| {
                    if e.is::<http_body_util::LengthLimitError>() {
                        UpstreamError::TooLarge
                    } else {
                        UpstreamError::Unreachable("response".into())
                    }
                })?
                .to_bytes();
            lease.give_back();
            Ok(Answer {
                status: parts.status,
                headers: parts.headers,
                body,
            })
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| UpstreamError::Timeout)?
    }
}
