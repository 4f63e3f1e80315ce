//! The relay's upstream connections: kept alive and reused, replaced when the upstream closes
//! them, and an oversized upstream answer refused with a clear 502.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ksef_relay::{Config, SimUpstream};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the raw test upstream behaves after each answer.
#[derive(Clone, Copy)]
enum After {
    KeepAlive,
    Close,
}

/// Reads one request head (the relay's GETs carry no body).
async fn read_head(s: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut byte).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&byte[..n]),
        }
    }
    true
}

/// An HTTP/1.1 upstream written by hand, counting the connections it accepts.
async fn upstream(after: After, answer: &'static [u8]) -> (SocketAddr, Arc<AtomicUsize>) {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = l.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                while read_head(&mut s).await {
                    if s.write_all(answer).await.is_err() {
                        return;
                    }
                    if let After::Close = after {
                        // No `Connection: close`: the relay learns it only from the socket.
                        return;
                    }
                }
            });
        }
    });
    (addr, accepted)
}

async fn relay_to(up: SocketAddr) -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let relay = l.local_addr().unwrap();
    let mut config = Config::local(relay);
    config.sim = SimUpstream::Url(format!("http://{up}/v2"));
    config.upstream_timeout = Duration::from_secs(5);
    tokio::spawn(async move {
        ksef_relay::serve(l, &config, std::future::pending())
            .await
            .unwrap()
    });
    relay
}

/// One GET through the relay on a fresh client connection: status and body.
async fn get(relay: SocketAddr) -> (u16, String) {
    let mut s = TcpStream::connect(relay).await.unwrap();
    s.write_all(
        b"GET /sim/v2/certificates/limits HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await
    .unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut out))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text[9..12].parse().unwrap();
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

const OK: &[u8] =
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";

#[tokio::test]
async fn one_upstream_connection_serves_requests_one_after_another() {
    let (up, accepted) = upstream(After::KeepAlive, OK).await;
    let relay = relay_to(up).await;
    for _ in 0..10 {
        assert_eq!(get(relay).await, (200, "{\"ok\":true}".into()));
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_connection_the_upstream_closed_is_replaced() {
    let (up, accepted) = upstream(After::Close, OK).await;
    let relay = relay_to(up).await;
    for _ in 0..5 {
        assert_eq!(get(relay).await, (200, "{\"ok\":true}".into()));
        // Time for the close to arrive, as between a user's clicks.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 5);
}

#[tokio::test]
async fn an_oversized_upstream_answer_is_a_clear_502() {
    // Announces 17 MiB (the relay takes at most 16) and sends them.
    static HUGE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let huge = HUGE.get_or_init(|| {
        let size = 17 * 1024 * 1024;
        let mut v = format!("HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n").into_bytes();
        v.resize(v.len() + size, b'a');
        v
    });
    let (up, _) = upstream(After::Close, huge).await;
    let relay = relay_to(up).await;
    let (status, body) = get(relay).await;
    assert_eq!(status, 502, "{body}");
    assert!(body.contains("upstream-too-large"), "{body}");
    assert!(body.contains("Odpowiedź KSeF jest za duża"), "{body}");
}
