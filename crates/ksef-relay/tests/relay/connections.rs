//! The relay against clients that hold connections open: a connection that does not finish its
//! request head within the header timeout is closed, and one client address cannot hold more
//! than its cap of connections, while other clients are still served.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use ksef_relay::{Config, SimUpstream};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

async fn relay(cap: usize, header_timeout: Duration) -> SocketAddr {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let mut config = Config::new(addr, SimUpstream::Disabled);
    config.max_connections_per_client = cap;
    config.header_read_timeout = header_timeout;
    tokio::spawn(async move {
        ksef_relay::serve(l, &config, std::future::pending())
            .await
            .unwrap()
    });
    addr
}

/// A connection from the local address `from` (any of 127.0.0.0/8 is this machine).
async fn connect_from(from: &str, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    socket.connect(to).await.unwrap()
}

/// Whether the relay has closed `s` (end of stream or reset) within `wait`.
async fn closed_within(s: &mut TcpStream, wait: Duration) -> bool {
    let mut buf = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            // An answer (such as 408) before the close.
            Ok(Ok(_)) => continue,
        }
    }
}

async fn health(s: &mut TcpStream) -> String {
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out))
        .await
        .expect("an answer")
        .expect("read");
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_client_over_its_connection_cap_is_cut_and_others_are_served() {
    let addr = relay(4, Duration::from_secs(60)).await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(connect_from("127.0.0.1", addr).await);
    }
    // The first four are let in and wait for their request, the next ones are closed at once.
    let mut over = Vec::new();
    for _ in 0..8 {
        over.push(connect_from("127.0.0.1", addr).await);
    }
    for (i, s) in over.iter_mut().enumerate() {
        assert!(
            closed_within(s, Duration::from_secs(3)).await,
            "connection {} over the cap stayed open",
            i + 5
        );
    }
    for s in &mut idle {
        assert!(
            !closed_within(s, Duration::from_millis(100)).await,
            "a connection within the cap was closed"
        );
    }

    // Another client is served meanwhile.
    let mut other = connect_from("127.0.0.2", addr).await;
    let answer = health(&mut other).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // A connection within the cap still works, and a closed one frees its place.
    let answer = health(&mut idle[0]).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let started = Instant::now();
    loop {
        let mut again = connect_from("127.0.0.1", addr).await;
        let mut out = Vec::new();
        let _ = again
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await;
        let _ = tokio::time::timeout(Duration::from_secs(5), again.read_to_end(&mut out)).await;
        if out.starts_with(b"HTTP/1.1 200") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the closed connection's place was never freed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn unfinished_headers_are_cut_after_the_header_timeout() {
    let addr = relay(64, Duration::from_secs(1)).await;
    let started = Instant::now();
    let mut slow = TcpStream::connect(addr).await.unwrap();
    // A request head without its final empty line, and a connection that sends nothing.
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut silent = TcpStream::connect(addr).await.unwrap();

    // A whole request is answered meanwhile.
    let mut quick = TcpStream::connect(addr).await.unwrap();
    let answer = health(&mut quick).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    assert!(
        closed_within(&mut slow, Duration::from_secs(5)).await,
        "unfinished headers kept the connection open"
    );
    assert!(closed_within(&mut silent, Duration::from_secs(5)).await);
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(4),
        "cut after {took:?}, not after the 1 s timeout"
    );
}
