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

/// Where one environment's requests go.
#[derive(Clone, Copy)]
pub enum Destination<'a> {
    Http(&'a Origin),
    InProcess(&'a Router),
}

impl Destination<'_> {
    /// The request target for `rest` (the path after `/v2/`) and `query`: the destination's
    /// base path (`/v2`) joined with them, in one allocation.
    pub fn target(&self, rest: &str, query: Option<&str>) -> String {
        let base = match self {
            Destination::Http(origin) => origin.path.as_str(),
            Destination::InProcess(_) => "/v2",
        };
        let query_len = query.map_or(0, |q| q.len() + 1);
        let mut target = String::with_capacity(base.len() + 1 + rest.len() + query_len);
        target.push_str(base);
        target.push('/');
        target.push_str(rest);
        if let Some(q) = query {
            target.push('?');
            target.push_str(q);
        }
        target
    }
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

    /// Where `env`'s requests go, or `NotConfigured` for a simulator that is not enabled.
    pub fn destination(&self, env: Environment) -> Result<Destination<'_>, UpstreamError> {
        match (env.api_base(), &self.sim) {
            (Some(_), _) => Ok(Destination::Http(
                self.ksef
                    .iter()
                    .find(|(e, _)| *e == env)
                    .map(|(_, o)| o)
                    .expect("all KSeF"),
            )),
            (None, SimUpstream::Url(_)) => self
                .sim_origin
                .as_ref()
                .map(Destination::Http)
                .ok_or(UpstreamError::NotConfigured),
            (None, SimUpstream::InProcess(router)) => Ok(Destination::InProcess(router)),
            (None, SimUpstream::Disabled) => Err(UpstreamError::NotConfigured),
        }
    }

    /// Sends `target` (from [`Destination::target`]) to `dest`.
    pub async fn send(
        &self,
        dest: Destination<'_>,
        method: Method,
        target: String,
        headers: HeaderMap,
        body: Bytes,
        client: std::net::SocketAddr,
    ) -> Result<Answer, UpstreamError> {
        match dest {
            Destination::Http(origin) => self.http(origin, method, target, headers, body).await,
            Destination::InProcess(router) => {
                // Boxed: the router's futures are large, and every request would move them.
                Box::pin(self.in_process(router, method, target, headers, body, client)).await
            }
        }
    }

    async fn in_process(
        &self,
        router: &Router,
        method: Method,
        target: String,
        headers: HeaderMap,
        body: Bytes,
        client: std::net::SocketAddr,
    ) -> Result<Answer, UpstreamError> {
        let mut req = Request::builder()
            .method(method)
            .uri(target)
            .body(Body::from(body))
            .expect("valid request");
        *req.headers_mut() = headers;
        // The simulator rate-limits by client address, as KSeF does by the relay's.
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(client));
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

    async fn http(
        &self,
        origin: &Origin,
        method: Method,
        target: String,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<Answer, UpstreamError> {
        let mut req = Request::builder()
            .method(method)
            .uri(target)
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
