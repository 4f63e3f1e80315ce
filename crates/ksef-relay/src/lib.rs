//! ksef-relay: adds CORS to the KSeF API for the Klucznik web app, forwards only an allowlist
//! of routes to fixed KSeF hosts (or the simulator), and serves the app's static files.
//!
//! It never sees a private key, a password or a plain KSeF token: the app encrypts the token
//! in the tab, and keys never leave it. KSeF sees the relay's IP address, not the user's.

mod allowlist;
pub mod bundle;
mod connections;
mod forward;
mod pool;
mod rate_limit;
mod server;
mod static_files;
mod upstream;
mod workers;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::routing::get;
use axum::Router;
use tokio::sync::Semaphore;
use tower::Layer;
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use upstream::SimUpstream;
pub use workers::serve_on_cores;

/// Everything the relay can be told; `main.rs` fills it from flags and environment variables.
#[derive(Clone)]
pub struct Config {
    /// The built app (`dist/`); `None` serves the API only.
    pub static_dir: Option<PathBuf>,
    /// Origins allowed by CORS (besides same-origin requests, which need none).
    pub allowed_origins: Vec<String>,
    /// Extra origins the app may connect to (CSP `connect-src`), e.g. another relay.
    pub connect_origins: Vec<String>,
    pub sim: SimUpstream,
    pub body_limit: usize,
    /// How long a client may take to send its request body.
    pub body_timeout: Duration,
    pub upstream_timeout: Duration,
    pub max_concurrent: usize,
    /// Requests per minute per client IP and bearer token (KSeF counts per context and IP; each
    /// context has its own token); 0 disables.
    pub rate_limit_per_minute: u32,
    /// Requests per minute per client IP, all tokens and requests without one together; 0
    /// disables it.
    pub client_rate_limit_per_minute: u32,
    /// Add `X-Forwarded-For` with the client's IP to upstream requests.
    pub forwarded_for: bool,
    /// How long a client may take to send a request's headers, counted from the end of the
    /// previous request on the connection (so it also ends idle keep-alive connections).
    pub header_read_timeout: Duration,
    /// Open connections per client address (IPv6: per /64); 0 = no cap.
    pub max_connections_per_client: usize,
}

impl Config {
    /// Defaults for a relay on `addr`, with the simulator in-process.
    pub fn local(addr: SocketAddr) -> Config {
        Config::new(
            addr,
            SimUpstream::InProcess(ksef_sim::router(ksef_sim::Sim::new())),
        )
    }

    /// Defaults for a relay on `addr` with the given simulator upstream (the in-process
    /// simulator generates RSA keys, so it is only built when asked for).
    pub fn new(addr: SocketAddr, sim: SimUpstream) -> Config {
        Config {
            static_dir: None,
            allowed_origins: default_origins(addr),
            connect_origins: Vec::new(),
            sim,
            body_limit: 1024 * 1024,
            body_timeout: Duration::from_secs(15),
            upstream_timeout: Duration::from_secs(30),
            max_concurrent: 64,
            rate_limit_per_minute: 600,
            client_rate_limit_per_minute: 6000,
            forwarded_for: false,
            header_read_timeout: Duration::from_secs(10),
            max_connections_per_client: 64,
        }
    }
}

/// The relay's own origin plus the usual local development origins.
pub fn default_origins(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    let mut v = vec![
        format!("http://127.0.0.1:{port}"),
        format!("http://localhost:{port}"),
    ];
    for dev in ["http://127.0.0.1:8080", "http://localhost:8080"] {
        if !v.iter().any(|o| o == dev) {
            v.push(dev.to_string());
        }
    }
    v
}

fn cors(origins: &[String]) -> CorsLayer {
    let origins: Arc<[HeaderValue]> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    // A shared list: `AllowOrigin::list` holds a Vec, copied with the layer for every request.
    let allowed = AllowOrigin::predicate(move |origin, _| origins.contains(origin));
    CorsLayer::new()
        .allow_origin(allowed)
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-error-format"),
            HeaderName::from_static("x-continuation-token"),
        ])
        .expose_headers([
            header::RETRY_AFTER,
            HeaderName::from_static("x-continuation-token"),
            HeaderName::from_static("x-system-warning"),
        ])
        .max_age(Duration::from_secs(3600))
        // Added by `ClientRelay::handle` instead.
        .vary(Vec::new())
}

/// What all of a relay's workers share: the per-client rate limit and connection cap, and the
/// upstream slots.
#[derive(Clone)]
pub struct Shared {
    permits: Arc<Semaphore>,
    limiter: Arc<rate_limit::RateLimiter>,
    connections: Arc<connections::ConnectionLimiter>,
}

impl Shared {
    pub fn new(config: &Config) -> Shared {
        Shared {
            permits: Arc::new(Semaphore::new(config.max_concurrent)),
            limiter: Arc::new(rate_limit::RateLimiter::new(
                config.rate_limit_per_minute,
                config.client_rate_limit_per_minute,
            )),
            connections: Arc::new(connections::ConnectionLimiter::new(
                config.max_connections_per_client,
            )),
        }
    }
}

/// The relay's request handling: the API (`/{env}/v2/...`) straight to the forwarder behind
/// CORS, everything else (health, the app's files) through an axum router. The API skips the
/// router: its per-request layering was a fifth of the relay's own CPU time (bench/README.md).
#[derive(Clone)]
pub struct Relay {
    forwarder: Arc<forward::Forwarder>,
    cors: CorsLayer,
    rest: Router,
    connections: Arc<connections::ConnectionLimiter>,
    header_read_timeout: Duration,
}

/// The relay for one client connection: the client's address is fixed for all its requests,
/// so it is given once here rather than attached to each request.
pub struct ClientRelay {
    api: tower_http::cors::Cors<forward::Forward>,
    rest: Router,
}

/// tower-http joins its `Vary` list anew for every request; this one is built once.
const VARY: HeaderValue = HeaderValue::from_static(
    "origin, access-control-request-method, access-control-request-headers",
);

impl Relay {
    /// The relay for the client at `peer`, made once per connection.
    pub fn for_client(&self, peer: SocketAddr) -> ClientRelay {
        let forward = forward::Forward::new(self.forwarder.clone(), peer);
        ClientRelay {
            api: self.cors.layer(forward),
            rest: self.rest.clone(),
        }
    }
}

impl ClientRelay {
    /// Starts answering one request. Not an async fn: the future it returns holds only the
    /// answer in progress, not the services, and a smaller future is cheaper to move.
    pub fn handle(
        &mut self,
        req: axum::http::Request<hyper::body::Incoming>,
    ) -> impl std::future::Future<Output = axum::response::Response> + Send + 'static {
        let answer = if is_api(req.uri().path()) {
            Ok(call_ready(&mut self.api, req))
        } else {
            Err(call_ready(&mut self.rest, req.map(axum::body::Body::new)))
        };
        async move {
            match answer {
                Ok(api) => {
                    let mut response = api.await.unwrap_or_else(|never| match never {});
                    // Whether CORS headers are sent depends on these request headers, so
                    // caches must key on them.
                    response.headers_mut().insert(header::VARY, VARY);
                    response
                }
                Err(rest) => rest.await.unwrap_or_else(|never| match never {}),
            }
        }
    }
}

/// Calls `service`, checked to be ready first. Neither service here ever applies
/// back-pressure, so a request is never held waiting for readiness.
fn call_ready<S: tower::Service<R>, R>(service: &mut S, req: R) -> S::Future {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    assert!(
        matches!(service.poll_ready(&mut cx), std::task::Poll::Ready(Ok(()))),
        "relay services are always ready"
    );
    service.call(req)
}

/// `/{env}/v2/...`: what the forwarder judges (unknown environments are its business too).
fn is_api(path: &str) -> bool {
    path.strip_prefix('/')
        .and_then(|p| p.split_once('/'))
        .is_some_and(|(_, rest)| rest.starts_with("v2/"))
}

/// The whole relay with limits of its own.
pub fn app(config: &Config) -> Relay {
    app_sharing(config, Shared::new(config))
}

/// A relay whose limits are `shared` with other workers; its upstream connections are its own,
/// so they live on the worker that made them.
pub fn app_sharing(config: &Config, shared: Shared) -> Relay {
    let forwarder = Arc::new(forward::Forwarder {
        upstreams: upstream::Upstreams::new(config.sim.clone(), config.upstream_timeout),
        body_limit: config.body_limit,
        body_timeout: config.body_timeout,
        permits: shared.permits,
        permit_wait: config.upstream_timeout,
        limiter: shared.limiter,
        forwarded_for: config.forwarded_for,
    });
    let mut rest = Router::new().route("/healthz", get(|| async { "ok" }));
    if let Some(dir) = &config.static_dir {
        let index = std::fs::read_to_string(dir.join("index.html")).unwrap_or_default();
        let csp = static_files::content_security_policy(&index, &config.connect_origins);
        rest = rest.merge(static_files::router(dir, csp));
    }
    Relay {
        forwarder,
        cors: cors(&config.allowed_origins),
        rest,
        connections: shared.connections,
        header_read_timeout: config.header_read_timeout,
    }
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    server::serve(listener, app(config), shutdown).await
}

/// Resolves on Ctrl-C or SIGTERM. The handlers are installed by this call, not when the future
/// is first polled, so a signal arriving right after start-up still shuts down cleanly.
/// Must be called inside a tokio runtime.
#[cfg(unix)]
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{signal, SignalKind};
    let interrupt = signal(SignalKind::interrupt());
    let terminate = signal(SignalKind::terminate());
    async move {
        match (interrupt, terminate) {
            (Ok(mut i), Ok(mut t)) => {
                tokio::select! { _ = i.recv() => {}, _ = t.recv() => {} }
            }
            // Without signal handlers, run until killed.
            _ => std::future::pending::<()>().await,
        }
    }
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
pub fn shutdown_signal() -> impl std::future::Future<Output = ()> + Send + 'static {
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}
