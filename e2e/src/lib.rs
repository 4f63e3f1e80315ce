//! Harness for end-to-end tests: the relay (with the simulator in-process) serving the built
//! app, a chromedriver, and a headless Chromium session driven through WebDriver (fantoccini).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};

/// Chromium flags for these machines: no sandbox as root, no background network.
const CHROMIUM_ARGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
];

/// Where Trunk put the built app (`cargo xtask test` sets `KLUCZNIK_DIST`).
pub fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("KLUCZNIK_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"));
    assert!(
        dir.join("index.html").exists(),
        "{} has no index.html: run `trunk build --release` (cargo xtask test does)",
        dir.display()
    );
    dir
}

/// Screenshots go to `target/e2e/`.
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/e2e");
    std::fs::create_dir_all(&dir).expect("target/e2e is writable");
    dir
}

/// Request bodies seen by the simulator behind the relay (to prove what never leaves the tab).
#[derive(Clone, Default)]
pub struct Bodies(std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>);

impl Bodies {
    pub fn all(&self) -> Vec<Vec<u8>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

async fn record(
    axum::extract::State(bodies): axum::extract::State<Bodies>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 4 << 20)
        .await
        .unwrap_or_default();
    bodies
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(bytes.to_vec());
    next.run(axum::extract::Request::from_parts(
        parts,
        axum::body::Body::from(bytes),
    ))
    .await
}

/// A running relay with the simulator mounted in-process; stops when dropped (its task ends
/// with the test runtime). `sim` is the simulator's handle, for its clock and switches.
pub struct Relay {
    pub addr: SocketAddr,
    pub sim: ksef_sim::Sim,
    /// Every request body the relay forwarded to the simulator, in order.
    pub bodies: Bodies,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Relay {
    pub async fn start() -> Relay {
        Relay::serving(dist_dir()).await
    }

    /// A relay that serves the app from `static_dir` instead of `dist/`.
    pub async fn serving(static_dir: PathBuf) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let sim = ksef_sim::Sim::new();
        let bodies = Bodies::default();
        let recorded = ksef_sim::router(sim.clone())
            .layer(axum::middleware::from_fn_with_state(bodies.clone(), record));
        let upstream = ksef_relay::SimUpstream::InProcess(recorded);
        let mut config = ksef_relay::Config::new(addr, upstream);
        config.static_dir = Some(static_dir);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let shutdown = async move {
                let _ = stopped.await;
            };
            ksef_relay::serve(listener, &config, shutdown)
                .await
                .expect("relay runs");
        });
        Relay {
            addr,
            sim,
            bodies,
            stop: Some(stop),
        }
    }

    /// Stops serving: the network is gone, as far as the browser can tell.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        // Wait until connections are refused.
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(self.addr).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// chromedriver on a free port, killed on drop.
pub struct Driver {
    child: Child,
    port: u16,
    _profile: TempDir,
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

impl Driver {
    pub async fn start() -> Driver {
        let port = free_port();
        let mut child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver on PATH (cargo xtask setup installs Debian's chromium-driver)");
        let profile =
            std::env::temp_dir().join(format!("klucznik-e2e-{}-{port}", std::process::id()));
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Driver {
                    child,
                    port,
                    _profile: TempDir(profile),
                };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("chromedriver did not start on port {port}");
    }

    /// A new headless Chromium session with a fresh profile.
    pub async fn browser(&self) -> Client {
        let profile = self._profile.0.join(format!("{}", free_port()));
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let mut caps = Capabilities::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "args": args, "binary": "/usr/bin/chromium" }),
        );
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a Chromium session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first element matching `css`, once it appears.
pub async fn element(browser: &Client, css: &str) -> fantoccini::elements::Element {
    browser
        .wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

/// Clicks the first element matching `css` once it appears and is enabled: a click on a button
/// the app has not re-rendered as enabled yet (just after typing) would silently do nothing.
pub async fn click(browser: &Client, css: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let el = element(browser, css).await;
    while !el.is_enabled().await.unwrap_or(true) {
        assert!(
            std::time::Instant::now() < deadline,
            "{css} stayed disabled for 20 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    el.click().await.unwrap();
}

/// Replaces the text of the field matching `css`.
pub async fn fill(browser: &Client, css: &str, text: &str) {
    let el = element(browser, css).await;
    el.clear().await.unwrap();
    el.send_keys(text).await.unwrap();
}

/// Text of the first element matching `css` once it contains `needle` (up to 20 s).
pub async fn text_containing(browser: &Client, css: &str, needle: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(el) = browser.find(Locator::Css(css)).await {
            if let Ok(text) = el.text().await {
                if text.contains(needle) {
                    return text;
                }
                if std::time::Instant::now() > deadline {
                    panic!("{css} never contained {needle:?}; last text: {text}");
                }
            }
        } else if std::time::Instant::now() > deadline {
            panic!(
                "{css} never appeared; the page said: {}",
                page_text(browser).await
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Text of the first element matching `css`, waiting up to 20 s for it to appear. An element
/// replaced while it is read (the first-visit app handing over to the full app) is found again.
pub async fn text_of(browser: &Client, css: &str) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let found = browser
            .wait()
            .at_most(deadline.saturating_duration_since(std::time::Instant::now()))
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(el) => match el.text().await {
                Ok(text) => return text,
                Err(e) if std::time::Instant::now() > deadline => panic!("{css}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
            Err(e) => panic!(
                "{css} did not appear: {e}; the page said: {}",
                page_text(browser).await
            ),
        }
    }
}

/// What the page shows (for a failing test's message: an error shown instead is the cause).
async fn page_text(browser: &Client) -> String {
    match browser.find(Locator::Css("main")).await {
        Ok(main) => main.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Saves a PNG of the page under `target/e2e/<name>.png` and returns its path.
pub async fn screenshot(browser: &Client, name: &str) -> PathBuf {
    // The whole page, not just the first screenful: grow the window to the content.
    let height = browser
        .execute("return document.documentElement.scrollHeight;", vec![])
        .await
        .ok()
        .and_then(|v| v.as_u64())
        .unwrap_or(900)
        .clamp(900, 4000);
    let _ = browser.set_window_size(1280, height as u32 + 20).await;
    let png = browser.screenshot().await.expect("screenshot");
    let path = screenshot_dir().join(format!("{name}.png"));
    std::fs::write(&path, &png).expect("write screenshot");
    path
}
