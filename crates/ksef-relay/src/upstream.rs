//! Where each environment's requests go: a fixed KSeF base URL, or the simulator in-process.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use ksef_core::environment::Environment;
use tower::ServiceExt;

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

type Client = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    Body,
>;

#[derive(Clone)]
pub struct Upstreams {
    client: Client,
    sim: SimUpstream,
    timeout: Duration,
    max_response: usize,
}

impl Upstreams {
    pub fn new(sim: SimUpstream, timeout: Duration) -> Upstreams {
        // KSeF over HTTPS with the web PKI; the simulator over plain HTTP on loopback. The
        // client never follows redirects (a redirect could point anywhere).
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_or_http()
            .enable_http1()
            .build();
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .pool_idle_timeout(Duration::from_secs(60))
                .build(connector);
        Upstreams {
            client,
            sim,
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
        extensions: axum::http::Extensions,
    ) -> Result<Answer, UpstreamError> {
        match (env.api_base(), &self.sim) {
            (Some(base), _) => {
                self.http(format!("{base}/{path_and_query}"), method, headers, body)
                    .await
            }
            (None, SimUpstream::Url(base)) => {
                self.http(format!("{base}/{path_and_query}"), method, headers, body)
                    .await
            }
            (None, SimUpstream::InProcess(router)) => {
                let mut req = Request::builder()
                    .method(method)
                    .uri(format!("/v2/{path_and_query}"))
                    .body(Body::from(body))
                    .expect("valid request");
                *req.headers_mut() = headers;
                *req.extensions_mut() = extensions;
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
        url: String,
        method: Method,
        headers: HeaderMap,
        body: Bytes,
    ) -> Result<Answer, UpstreamError> {
        let mut req = Request::builder()
            .method(method)
            .uri(url)
            .body(Body::from(body))
            .map_err(|_| UpstreamError::Unreachable("request".into()))?;
        *req.headers_mut() = headers;
        let exchange = async {
            let resp = self.client.request(req).await.map_err(|e| {
                // Only the kind of failure: the URL is ours and fixed, the message may carry internals.
                UpstreamError::Unreachable(
                    if e.is_connect() { "connect" } else { "request" }.into(),
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
