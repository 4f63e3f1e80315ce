//! A worker's keep-alive HTTP/1 connections to one upstream origin. Hand-written because
//! hyper-util's pooled client locks one map shared by all threads and spawns a task per
//! request to hand the connection back; a worker's own list needs neither (bench/README.md).

use std::sync::Mutex;

use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, Uri};
use hyper::body::Incoming;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::client::legacy::connect::HttpConnector;
use tower::ServiceExt;

pub type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// Idle connections kept per origin and worker; more are closed once answered.
const MAX_IDLE: usize = 64;

#[derive(Debug, PartialEq, Eq)]
pub enum PoolError {
    /// No connection (TCP, TLS or the HTTP handshake failed).
    Connect,
    /// The connection broke while the request was sent or answered.
    Request,
}

/// One upstream origin (scheme, host, port), the base path requests go under, and its idle
/// connections.
pub struct Origin {
    authority: Uri,
    host: HeaderValue,
    /// The base URL's path without a trailing slash, e.g. `/v2`.
    pub path: String,
    idle: Mutex<Vec<SendRequest<Body>>>,
}

/// A connection lent for one exchange; `give_back` once its response body has been read.
pub struct Lease<'a> {
    origin: &'a Origin,
    sender: SendRequest<Body>,
}

impl Lease<'_> {
    pub fn give_back(self) {
        if self.sender.is_closed() {
            return;
        }
        let mut idle = self.origin.idle.lock().expect("never poisoned");
        if idle.len() < MAX_IDLE {
            idle.push(self.sender);
        }
    }
}

impl Origin {
    /// `base` is a fixed URL such as `https://api-test.ksef.mf.gov.pl/v2`.
    pub fn new(base: &Uri) -> Option<Origin> {
        let authority = base.authority()?;
        Some(Origin {
            authority: Uri::builder()
                .scheme(base.scheme()?.clone())
                .authority(authority.clone())
                .path_and_query("/")
                .build()
                .ok()?,
            host: HeaderValue::from_str(authority.as_str()).ok()?,
            path: base.path().trim_end_matches('/').to_string(),
            idle: Mutex::new(Vec::new()),
        })
    }

    /// Sends `req` (origin-form target) on an idle connection or a new one. A reused
    /// connection the server has closed meanwhile gives the request back unsent; it is then
    /// sent once more on a fresh connection, as hyper-util's client does.
    pub async fn send(
        &self,
        connector: &Connector,
        mut req: Request<Body>,
    ) -> Result<(Response<Incoming>, Lease<'_>), PoolError> {
        req.headers_mut().insert(header::HOST, self.host.clone());
        if let Some(mut sender) = self.take_idle() {
            match sender.try_send_request(req).await {
                Ok(resp) => return Ok((resp, self.lease(sender))),
                Err(mut e) => match e.take_message() {
                    Some(unsent) => req = unsent,
                    None => return Err(PoolError::Request),
                },
            }
        }
        // Boxed: the connector's future is large, and moving it with every request cost time.
        let mut sender = Box::pin(self.connect(connector)).await?;
        let resp = sender
            .send_request(req)
            .await
            .map_err(|_| PoolError::Request)?;
        Ok((resp, self.lease(sender)))
    }

    fn lease(&self, sender: SendRequest<Body>) -> Lease<'_> {
        Lease {
            origin: self,
            sender,
        }
    }

    fn take_idle(&self) -> Option<SendRequest<Body>> {
        let mut idle = self.idle.lock().expect("never poisoned");
        while let Some(sender) = idle.pop() {
            if sender.is_ready() {
                return Some(sender);
            }
        }
        None
    }

    async fn connect(&self, connector: &Connector) -> Result<SendRequest<Body>, PoolError> {
        let io = connector
            .clone()
            .oneshot(self.authority.clone())
            .await
            .map_err(|_| PoolError::Connect)?;
        let (sender, connection) = http1::handshake(io).await.map_err(|_| PoolError::Connect)?;
        // The connection lives on this worker's runtime until either side closes it.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(sender)
    }
}
