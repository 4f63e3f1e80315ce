//! One single-threaded runtime per core, each accepting on its own `SO_REUSEPORT` socket
//! (nginx's model): a request stays on one thread from accept to answer, without the task
//! hand-offs between threads that dominated the relay's profile under load.

use std::net::SocketAddr;

use tokio::sync::watch;

use crate::{app_sharing, server, Config, Shared};

/// A listening socket that other workers can bind to the same address too.
fn reuse_port_listener(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.set_reuse_port(true)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

/// Binds `workers` sockets on `addr` (port 0: one free port for all) and returns them with the
/// address they share.
fn bind_all(
    addr: SocketAddr,
    workers: usize,
) -> std::io::Result<(SocketAddr, Vec<std::net::TcpListener>)> {
    let first = reuse_port_listener(addr)?;
    let bound = first.local_addr()?;
    let mut all = vec![first];
    for _ in 1..workers.max(1) {
        all.push(reuse_port_listener(bound)?);
    }
    Ok((bound, all))
}

/// Serves `config` on `addr` with `workers` threads until Ctrl-C or SIGTERM; `on_ready` gets
/// the bound address once every worker's socket is listening.
pub fn serve_on_cores(
    addr: SocketAddr,
    config: &Config,
    workers: usize,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let (bound, listeners) = bind_all(addr, workers)?;
    let shared = Shared::new(config);
    let (stop, stopped) = watch::channel(false);
    let threads: Vec<_> = listeners
        .into_iter()
        .enumerate()
        .map(|(i, listener)| {
            let (config, shared, mut stopped) = (config.clone(), shared.clone(), stopped.clone());
            std::thread::Builder::new()
                .name(format!("relay-{i}"))
                .spawn(move || -> std::io::Result<()> {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    rt.block_on(async move {
                        let listener = tokio::net::TcpListener::from_std(listener)?;
                        let shutdown = async move {
                            let _ = stopped.wait_for(|s| *s).await;
                        };
                        server::serve(listener, app_sharing(&config, shared), shutdown).await
                    })
                })
        })
        .collect::<Result<_, _>>()?;
    // Signal handlers go in before anyone learns the address, so an early SIGTERM is clean too.
    let signals = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let signal = {
        let _inside = signals.enter();
        crate::shutdown_signal()
    };
    on_ready(bound);
    signals.block_on(signal);
    let _ = stop.send(true);
    for t in threads {
        t.join()
            .map_err(|_| std::io::Error::other("a relay worker panicked"))??;
    }
    Ok(())
}
