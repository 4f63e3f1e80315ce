//! The relay serving the built app: MIME types, caching, CSP, the SPA fallback, and the
//! brotli and gzip copies made at build time.

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
    get_with(addr, path, "").await
}

/// A GET with `extra` header lines (each ending in CRLF).
async fn get_with(addr: SocketAddr, path: &str, extra: &str) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: x\r\n{extra}Connection: close\r\n\r\n").as_bytes(),
    )
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

#[tokio::test]
async fn sends_the_compressed_copies_to_clients_that_accept_them() {
    let dir = std::env::temp_dir().join(format!("klucznik-compressed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<html>plain index</html>").unwrap();
    std::fs::write(dir.join("index.html.gz"), "gzip index").unwrap();
    let wasm = "app-0123456789abcdef_bg.wasm";
    std::fs::write(dir.join(wasm), "plain wasm").unwrap();
    std::fs::write(dir.join(format!("{wasm}.br")), "brotli wasm").unwrap();
    std::fs::write(dir.join(format!("{wasm}.gz")), "gzip wasm").unwrap();
    std::fs::write(dir.join("sw.js"), "plain sw").unwrap();
    std::fs::write(dir.join("sw.js.br"), "brotli sw").unwrap();
    let addr = serve(&dir).await;
    let path = format!("/{wasm}");

    let br = get_with(addr, &path, "Accept-Encoding: gzip, deflate, br, zstd\r\n").await;
    assert!(br.starts_with("http/1.1 200"), "{br}");
    assert!(br.contains("content-encoding: br\r\n"), "{br}");
    assert!(br.contains("content-type: application/wasm"), "{br}");
    assert!(br.ends_with("\r\n\r\nbrotli wasm"), "{br}");

    let gz = get_with(addr, &path, "Accept-Encoding: gzip\r\n").await;
    assert!(gz.contains("content-encoding: gzip\r\n"), "{gz}");
    assert!(gz.contains("content-type: application/wasm"), "{gz}");
    assert!(gz.ends_with("\r\n\r\ngzip wasm"), "{gz}");

    // Neither accepted (or none asked for): the file itself, without Content-Encoding.
    for extra in [
        "",
        "Accept-Encoding: identity\r\n",
        "Accept-Encoding: br;q=0, gzip;q=0\r\n",
    ] {
        let plain = get_with(addr, &path, extra).await;
        assert!(!plain.contains("content-encoding"), "{extra}: {plain}");
        assert!(plain.ends_with("\r\n\r\nplain wasm"), "{extra}: {plain}");
    }

    // Every variant: long-lived for the hashed name, and keyed on the encoding.
    for answer in [&br, &gz] {
        assert!(answer.contains("cache-control: public, max-age=31536000, immutable"));
        assert!(answer.contains("vary: accept-encoding"), "{answer}");
    }

    // A hashed name this build does not have is a 404 that no cache may keep.
    let missing = get(addr, "/app-fedcba9876543210_bg.wasm").await;
    assert!(missing.starts_with("http/1.1 404"), "{missing}");
    assert!(missing.contains("cache-control: no-cache\r\n"), "{missing}");

    // index.html (also as an app route) and sw.js are revalidated every time.
    for page in ["/", "/certyfikaty"] {
        let index = get_with(addr, page, "Accept-Encoding: gzip, br\r\n").await;
        assert!(
            index.contains("content-encoding: gzip\r\n"),
            "{page}: {index}"
        );
        assert!(index.ends_with("gzip index"), "{page}: {index}");
        assert!(
            index.contains("cache-control: no-cache\r\n"),
            "{page}: {index}"
        );
        assert!(index.contains("vary: accept-encoding"), "{page}: {index}");
    }
    let sw = get_with(addr, "/sw.js", "Accept-Encoding: br\r\n").await;
    assert!(sw.contains("content-encoding: br\r\n"), "{sw}");
    assert!(sw.contains("cache-control: no-cache\r\n"), "{sw}");
    let sw = get(addr, "/sw.js").await;
    assert!(
        sw.ends_with("plain sw") && sw.contains("cache-control: no-cache\r\n"),
        "{sw}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
