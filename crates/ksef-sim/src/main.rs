//! `ksef-sim --port N`: the simulator alone at `http://127.0.0.1:N/v2`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::Parser;
use ksef_sim::Sim;

#[derive(Parser)]
#[command(version, about = "Local KSeF API 2.0 simulator (Klucznik)")]
struct Args {
    /// Port on 127.0.0.1.
    #[arg(long, default_value_t = 8090, env = "KSEF_SIM_PORT")]
    port: u16,
    /// Keep the state in this JSON file, so a demo survives a restart.
    #[arg(long, env = "KSEF_SIM_STATE")]
    state: Option<PathBuf>,
    /// Add permissive CORS headers (the real API sends none; only for local UI development).
    #[arg(long)]
    cors: bool,
}

fn load(path: Option<&Path>) -> Result<Sim, String> {
    match path.map(std::fs::read_to_string) {
        Some(Ok(json)) => Sim::restore(&json).map_err(|e| format!("state file: {e}")),
        Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => Err(format!("state file: {e}")),
        _ => Ok(Sim::new()),
    }
}

/// Writes the snapshot whenever it changed (via a temporary file, so a crash never truncates it).
async fn save_periodically(sim: Sim, path: PathBuf) {
    let mut last = String::new();
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        save(&sim, &path, &mut last);
    }
}

fn save(sim: &Sim, path: &Path, last: &mut String) {
    let json = sim.snapshot();
    if json == *last {
        return;
    }
    let tmp = path.with_extension("tmp");
    match std::fs::write(&tmp, &json).and_then(|_| std::fs::rename(&tmp, path)) {
        Ok(()) => *last = json,
        Err(e) => tracing::warn!("could not save the state to {}: {e}", path.display()),
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let args = Args::parse();
    let sim = load(args.state.as_deref())?;
    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    use axum::serve::ListenerExt;
    // Small API answers must not wait for Nagle's algorithm and delayed ACKs.
    let listener = tokio::net::TcpListener::bind(addr).await?.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    if let Some(path) = args.state.clone() {
        tokio::spawn(save_periodically(sim.clone(), path));
    }
    let mut router = ksef_sim::router(sim.clone());
    if args.cors {
        router = router.layer(tower_http::cors::CorsLayer::very_permissive());
    }
    // Ready (keys generated) before announcing the address: start-up time is measured to this line.
    println!("ksef-sim: http://{addr}/v2");
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    if let Some(path) = args.state {
        save(&sim, &path, &mut String::new());
    }
    Ok(())
}
