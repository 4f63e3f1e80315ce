//! The relay serving the built app: MIME types, caching, CSP and the SPA fallback.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn serve(dir: &std::path::Path) -> SocketAddr {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let mut config = ksef_relay::Config::local(addr);
    config.static_dir = Some(dir.to_path_buf());
    config.connect_origins = vec!["https://relay.example".into()];
    tokio::spawn(async move {
        ksef_relay::serve(l, &config, std::future::pending())
            .await
            .unwrap()
    });
    addr
}

async fn get(addr: SocketAddr, path: &str) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut out))
        .await
        .unwrap()
        .unwrap();
    String::from_utf8_lossy(&out).to_lowercase()
}

#[tokio::test]
async fn serves_the_app_with_the_right_headers() {
    let dir = std::env::temp_dir().join(format!("klucznik-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<html><script type=\"module\">start()</script></html>",
    )
    .unwrap();
    std::fs::write(dir.join("app-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    let addr = serve(&dir).await;

    let wasm = get(addr, "/app-0123456789abcdef_bg.wasm").await;
    assert!(wasm.starts_with("http/1.1 200"), "{wasm}");
    assert!(wasm.contains("content-type: application/wasm"));
    assert!(wasm.contains("cache-control: public, max-age=31536000, immutable"));

    let index = get(addr, "/").await;
    assert!(index.contains("cache-control: no-cache"));
    assert!(index.contains("x-content-type-options: nosniff"));
    let csp = index
        .lines()
        .find(|l| l.starts_with("content-security-policy:"))
        .expect("CSP")
        .to_string();
    assert!(
        csp.contains("connect-src 'self' https://relay.example;"),
        "{csp}"
    );
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("'sha256-"));
    assert!(csp.contains("frame-ancestors 'none'"));

    let route = get(addr, "/certyfikaty").await;
    assert!(
        route.starts_with("http/1.1 200") && route.contains("start()"),
        "SPA routes get index.html"
    );
    assert!(get(addr, "/missing-0123456789abcdef.js")
        .await
        .starts_with("http/1.1 404"));
    std::fs::remove_dir_all(&dir).unwrap();
}
