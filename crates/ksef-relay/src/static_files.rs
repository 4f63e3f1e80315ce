//! Serves the built app: correct MIME types (ServeDir), SPA fallback, caching and security headers.
//!
//! Files compressed at build time (`name.br`, `name.gz` next to `name`; `cargo xtask` writes
//! them after `trunk build`) are sent to clients that accept them, with `Vary: Accept-Encoding`;
//! without them, or to a client that accepts neither, the plain file goes out.

use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::Router;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::services::{ServeDir, ServeFile};

/// The Content-Security-Policy for the app: scripts from here (plus the hashes of Trunk's inline
/// loader), WebAssembly compilation, and connections only to this origin and `connect_origins`.
pub fn content_security_policy(index_html: &str, connect_origins: &[String]) -> String {
    let hashes: String = inline_scripts(index_html)
        .map(|s| {
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()))
            )
        })
        .collect();
    let connect: String = connect_origins.iter().map(|o| format!(" {o}")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self' data: blob:; \
         connect-src 'self'{connect}; worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Bodies of `<script>` elements without `src` (Trunk writes one to start the wasm module).
/// Hand-rolled: the page is our own Trunk output, not arbitrary HTML.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (tag, after) = rest.split_once('>')?;
        let (body, _) = after.split_once("</script>")?;
        (!tag.contains("src=")).then_some(body)
    })
}

/// Trunk names built assets `name-<hash in hex>` (wasm, js, css): those never change.
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches("_bg");
    // Trunk writes a u64 in hex without leading zeros: up to 16 digits, fewer than 8 almost
    // never (a 15-digit name must not lose its caching one build in sixteen).
    stem.rsplit_once('-').is_some_and(|(_, h)| {
        (8..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

pub fn router(dir: &Path, csp: String) -> Router {
    let index = dir.join("index.html");
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(SpaFallback::service(index));
    let csp = HeaderValue::from_str(&csp).expect("CSP is ASCII");
    Router::new()
        .fallback_service(files)
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let csp = csp.clone();
                async move {
                    let hashed = is_hashed_asset(req.uri().path());
                    let mut resp = next.run(req).await;
                    let found = resp.status().is_success();
                    let h = resp.headers_mut();
                    // A 404 for a hashed name (a new build not yet everywhere behind a load
                    // balancer) must not be kept for a year.
                    let cache = if hashed && found {
                        "public, max-age=31536000, immutable"
                    } else {
                        "no-cache"
                    };
                    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
                    // Any file may have a compressed copy: caches must key on the encoding.
                    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
                    h.insert(header::CONTENT_SECURITY_POLICY, csp);
                    h.insert(
                        header::X_CONTENT_TYPE_OPTIONS,
                        HeaderValue::from_static("nosniff"),
                    );
                    h.insert(
                        header::REFERRER_POLICY,
                        HeaderValue::from_static("no-referrer"),
                    );
                    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
                    h.insert(
                        "cross-origin-opener-policy",
                        HeaderValue::from_static("same-origin"),
                    );
                    h.insert(
                        "permissions-policy",
                        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
                    );
                    resp
                }
            },
        ))
}

/// Paths without a file extension are app routes (`/tokeny`): answer with index.html.
/// A missing file with an extension stays a 404.
#[derive(Clone)]
struct SpaFallback {
    index: ServeFile,
}

impl SpaFallback {
    fn service(index: PathBuf) -> axum::routing::MethodRouter {
        let fb = SpaFallback {
            index: ServeFile::new(index)
                .precompressed_br()
                .precompressed_gzip(),
        };
        axum::routing::get(move |req: Request| {
            let fb = fb.clone();
            async move {
                let last = req.uri().path().rsplit('/').next().unwrap_or_default();
                if last.contains('.') {
                    return StatusCode::NOT_FOUND.into_response();
                }
                use tower::ServiceExt;
                match fb.index.oneshot(req).await {
                    Ok(r) => r.into_response(),
                    Err(never) => match never {},
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hashes_inline_scripts_only() {
        let html = r#"<script type="module">import init from '/a.js';</script><script src="/b.js"></script>"#;
        let csp = content_security_policy(html, &["https://relay.example".into()]);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/a.js';"));
        assert!(csp.contains(&format!("'sha256-{expected}'")));
        assert_eq!(csp.matches("'sha256-").count(), 1);
        assert!(csp.contains("connect-src 'self' https://relay.example;"));
    }

    #[test]
    fn hashed_assets() {
        assert!(is_hashed_asset("/klucznik-web-3f2a9c1b0d4e5f67_bg.wasm"));
        assert!(is_hashed_asset("/style-0123456789abcdef.css"));
        // A hash with a leading zero is written one digit shorter.
        assert!(is_hashed_asset("/klucznik-web-a296a5bd714e5dd_bg.wasm"));
        assert!(!is_hashed_asset("/klucznik-app_bg.wasm"));
        assert!(!is_hashed_asset("/keygen-worker.js"));
        assert!(!is_hashed_asset(
            "/snippets/klucznik-web-d8046a0d0a1736a4/inline0.js"
        ));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/tokeny"));
    }
}
