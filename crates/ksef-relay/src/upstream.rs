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

#[derive(Clone)]
pub struct Upstreams {
    client: reqwest::Client,
    sim: SimUpstream,
    timeout: Duration,
    max_response: usize,
}

impl Upstreams {
    pub fn new(sim: SimUpstream, timeout: Duration) -> Upstreams {
        let client = reqwest::Client::builder()
            // Never follow redirects: a redirect could point anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .build()
            .expect("TLS backend available");
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
        let resp = self
            .client
            .request(method, url)
            .headers(headers)
            .body(body)
            .send()
            .await
            .map_err(classify)?;
        let status = resp.status();
        let headers = resp.headers().clone();
        if resp
            .content_length()
            .is_some_and(|n| n as usize > self.max_response)
        {
            return Err(UpstreamError::TooLarge);
        }
        let body = resp.bytes().await.map_err(classify)?;
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

fn classify(e: reqwest::Error) -> UpstreamError {
    if e.is_timeout() {
        UpstreamError::Timeout
    } else {
        // Only the kind of failure: the URL is ours and fixed, the message may carry internals.
        UpstreamError::Unreachable(if e.is_connect() {
            "connect".into()
        } else {
            "request".into()
        })
    }
}
