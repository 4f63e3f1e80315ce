//! `ksef-sim --port N`: the simulator alone at `http://127.0.0.1:N/v2`.

use std::net::SocketAddr;

use clap::Parser;

#[derive(Parser)]
#[command(version, about = "Local KSeF API 2.0 simulator (Klucznik)")]
struct Args {
    /// Port on 127.0.0.1.
    #[arg(long, default_value_t = 8090, env = "KSEF_SIM_PORT")]
    port: u16,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let args = Args::parse();
    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    use axum::serve::ListenerExt;
    // Small API answers must not wait for Nagle's algorithm and delayed ACKs.
    let listener = tokio::net::TcpListener::bind(addr).await?.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    // Ready (keys generated) before announcing the address: start-up time is measured to this line.
    let app =
        ksef_sim::router(ksef_sim::Sim::new()).into_make_service_with_connect_info::<SocketAddr>();
    println!("ksef-sim: http://{addr}/v2");
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
