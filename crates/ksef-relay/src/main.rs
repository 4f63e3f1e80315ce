//! `ksef-relay`: the relay binary. Every flag has an environment variable too.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use ksef_relay::{Config, SimUpstream};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    version,
    about = "CORS relay from the Klucznik web app to the KSeF API, serving the app's files.\n\
KSeF sees the relay's IP address: an AllowedIps policy must list the relay's address, not the user's.",
    after_help = "The local KSeF simulator (/sim/v2, for development and tests) is off unless switched on \
with --sim in-process (or KLUCZNIK_RELAY_SIM=in-process); `cargo xtask run` does that.\n\
A relay made by `ksef-relay bundle` serves the app it carries when no --static-dir is given.",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    args: Args,
}

#[derive(Subcommand)]
enum Command {
    /// Writes one executable file to copy and run: this relay with the built app inside.
    Bundle {
        /// The built app (Trunk's dist/, with its .br/.gz copies from `cargo xtask`).
        #[arg(long)]
        static_dir: PathBuf,
        /// The file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "KLUCZNIK_RELAY_LISTEN")]
    listen: SocketAddr,
    /// Directory with the built app (Trunk's dist/). Without it: the app this file carries
    /// (see `bundle`), or only the API.
    #[arg(long, env = "KLUCZNIK_RELAY_STATIC_DIR")]
    static_dir: Option<PathBuf>,
    /// The simulator behind /sim/v2, for development: `off`, `in-process`, or a local base URL
    /// ending in /v2.
    #[arg(long, default_value = "off", env = "KLUCZNIK_RELAY_SIM")]
    sim: String,
    /// Origin allowed by CORS (repeatable). Default: the relay's own origin and local dev origins.
    #[arg(
        long = "allowed-origin",
        env = "KLUCZNIK_RELAY_ALLOWED_ORIGINS",
        value_delimiter = ','
    )]
    allowed_origins: Vec<String>,
    /// Other relay origin the app may connect to, added to the CSP connect-src (repeatable).
    #[arg(
        long = "connect-origin",
        env = "KLUCZNIK_RELAY_CONNECT_ORIGINS",
        value_delimiter = ','
    )]
    connect_origins: Vec<String>,
    /// Largest request body in bytes.
    #[arg(long, default_value_t = 1024 * 1024, env = "KLUCZNIK_RELAY_BODY_LIMIT")]
    body_limit: usize,
    /// Seconds a client may take to send its request body (then 408).
    #[arg(long, default_value_t = 15, env = "KLUCZNIK_RELAY_BODY_TIMEOUT")]
    body_timeout: u64,
    /// Seconds to wait for KSeF before answering 504.
    #[arg(long, default_value_t = 30, env = "KLUCZNIK_RELAY_UPSTREAM_TIMEOUT")]
    upstream_timeout: u64,
    /// Most upstream requests in flight at once.
    #[arg(long, default_value_t = 64, env = "KLUCZNIK_RELAY_MAX_CONCURRENT")]
    max_concurrent: usize,
    /// Requests per minute per client IP and bearer token, as KSeF counts per context and IP;
    /// 0 = no limit. Excess gets 429 with Retry-After.
    #[arg(long, default_value_t = 600, env = "KLUCZNIK_RELAY_RATE_LIMIT")]
    rate_limit: u32,
    /// Requests per minute per client IP (IPv6: per /64), all its tokens and its requests
    /// without one together (0 = no limit): room for an accounting office working hundreds of
    /// client contexts.
    #[arg(long, default_value_t = 6000, env = "KLUCZNIK_RELAY_CLIENT_RATE_LIMIT")]
    client_rate_limit: u32,
    /// Open connections per client IP address (IPv6: per /64; 0 = no cap); more are closed at
    /// once. Behind a reverse proxy every client has the proxy's address: raise it or use 0.
    #[arg(
        long,
        default_value_t = 64,
        env = "KLUCZNIK_RELAY_MAX_CONNECTIONS_PER_CLIENT"
    )]
    max_connections_per_client: usize,
    /// Seconds a client may take to send a request's headers, idle keep-alive time included;
    /// then the connection is closed.
    #[arg(long, default_value_t = 10, env = "KLUCZNIK_RELAY_HEADER_TIMEOUT")]
    header_timeout: u64,
    /// Send the client's IP to KSeF in X-Forwarded-For (off: KSeF sees only the relay).
    #[arg(long, env = "KLUCZNIK_RELAY_FORWARDED_FOR")]
    forwarded_for: bool,
    /// Worker threads, each with its own listening socket (default: one per CPU core).
    #[arg(long, env = "KLUCZNIK_RELAY_WORKERS")]
    workers: Option<usize>,
    /// Log as JSON lines (method, env, route, status, latency; never bodies or tokens).
    #[arg(long, env = "KLUCZNIK_RELAY_LOG_JSON")]
    log_json: bool,
}

fn main() -> std::io::Result<()> {
    let cli = Cli::parse();
    if let Some(Command::Bundle { static_dir, out }) = cli.command {
        let exe = std::env::current_exe()?;
        let size = ksef_relay::bundle::write(&exe, &static_dir, &out)?;
        println!(
            "{}: this relay with the app from {} ({} KiB); run it without --static-dir",
            out.display(),
            static_dir.display(),
            size / 1024
        );
        return Ok(());
    }
    let args = cli.args;
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    if args.log_json {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let sim = match args.sim.as_str() {
        "in-process" => SimUpstream::InProcess(ksef_sim::router(ksef_sim::Sim::new())),
        "off" => SimUpstream::Disabled,
        // Checked here: the relay builds its simulator origin from it once, at start.
        url if (url.starts_with("http://127.") || url.starts_with("http://localhost"))
            && url
                .parse::<axum::http::Uri>()
                .ok()
                .and_then(|u| u.authority().cloned())
                .is_some_and(|a| a.port_u16().is_some() || !a.as_str().contains(':')) =>
        {
            SimUpstream::Url(url.trim_end_matches('/').to_string())
        }
        other => {
            eprintln!("--sim must be in-process, off or a local http:// URL, not {other}");
            std::process::exit(2);
        }
    };
    let mut config = Config::new(args.listen, sim);
    // Kept until the relay stops: dropping it removes the unpacked app.
    let mut carried = None;
    config.static_dir = match args.static_dir {
        Some(dir) => Some(dir),
        None => match ksef_relay::bundle::unpack_embedded(&std::env::current_exe()?) {
            Ok(Some(app)) => {
                let dir = app.app_dir();
                tracing::info!(
                    "serving the app this file carries, unpacked in {}",
                    dir.display()
                );
                carried = Some(app);
                Some(dir)
            }
            Ok(None) => None,
            Err(e) => {
                eprintln!("cannot unpack the app this relay carries: {e}");
                std::process::exit(2);
            }
        },
    };
    if !args.allowed_origins.is_empty() {
        config.allowed_origins = args.allowed_origins;
    }
    config.connect_origins = args.connect_origins;
    config.body_limit = args.body_limit;
    config.body_timeout = Duration::from_secs(args.body_timeout);
    config.upstream_timeout = Duration::from_secs(args.upstream_timeout);
    config.max_concurrent = args.max_concurrent;
    config.rate_limit_per_minute = args.rate_limit;
    config.client_rate_limit_per_minute = args.client_rate_limit;
    config.forwarded_for = args.forwarded_for;
    config.max_connections_per_client = args.max_connections_per_client;
    config.header_read_timeout = Duration::from_secs(args.header_timeout.max(1));

    let workers = args
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    ksef_relay::serve_on_cores(args.listen, &config, workers, |addr| {
        println!("Klucznik: http://{addr}/")
    })?;
    drop(carried);
    println!("ksef-relay stopped");
    Ok(())
}
