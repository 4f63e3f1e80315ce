//! ksef-relay: adds CORS to the KSeF API for the Klucznik web app, forwards only an allowlist
//! of routes to fixed KSeF hosts (or the simulator), and serves the app's static files.
//!
//! It never sees a private key, a password or a plain KSeF token: the app encrypts the token
//! in the tab, and keys never leave it. KSeF sees the relay's IP address, not the user's.

mod allowlist;
mod forward;
mod rate_limit;
mod static_files;
mod upstream;
mod workers;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::routing::{any, get};
use axum::Router;
use tokio::sync::Semaphore;
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
    /// Requests per minute per client IP; 0 disables the limit.
    pub rate_limit_per_minute: u32,
    /// Add `X-Forwarded-For` with the client's IP to upstream requests.
    pub forwarded_for: bool,
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
            forwarded_for: false,
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
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
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
}

/// What all of a relay's workers share: the per-client rate limit and the upstream slots.
#[derive(Clone)]
pub struct Shared {
    permits: Arc<Semaphore>,
    limiter: Arc<rate_limit::RateLimiter>,
}

impl Shared {
    pub fn new(config: &Config) -> Shared {
        Shared {
            permits: Arc::new(Semaphore::new(config.max_concurrent)),
            limiter: Arc::new(rate_limit::RateLimiter::new(config.rate_limit_per_minute)),
        }
    }
}

/// The whole relay as a router; serve it with `into_make_service_with_connect_info`.
pub fn app(config: &Config) -> Router {
    app_sharing(config, Shared::new(config))
}

/// A router whose limits are `shared` with other workers; its HTTP client is its own, so its
/// upstream connections live on the worker that made them.
pub fn app_sharing(config: &Config, shared: Shared) -> Router {
    let forwarder = Arc::new(forward::Forwarder {
        upstreams: upstream::Upstreams::new(config.sim.clone(), config.upstream_timeout),
        body_limit: config.body_limit,
        body_timeout: config.body_timeout,
        permits: shared.permits,
        permit_wait: config.upstream_timeout,
        limiter: shared.limiter,
        forwarded_for: config.forwarded_for,
    });
    let api = Router::new()
        .route("/{env}/v2/{*rest}", any(forward::forward))
        .with_state(forwarder)
        .layer(cors(&config.allowed_origins));
    let mut app = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .merge(api);
    if let Some(dir) = &config.static_dir {
        let index = std::fs::read_to_string(dir.join("index.html")).unwrap_or_default();
        let csp = static_files::content_security_policy(&index, &config.connect_origins);
        app = app.merge(static_files::router(dir, csp));
    }
    app
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: &Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_router(listener, app(config), shutdown).await
}

async fn serve_router(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = app.into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
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
