//! `cargo xtask run` and `cargo xtask test`.

pub(crate) mod compress;

use crate::setup::setup;
use crate::util::{cmd, root, run as exec, run_tests, step, test_totals, Result};

/// The release build of the app in `dist/`, with brotli and gzip copies of its files.
pub(crate) fn trunk_build() -> Result {
    let mut c = cmd("trunk");
    c.args(["build", "--release"]);
    exec(c)?;
    let (plain, br) = compress::compress_dir(&root().join("dist"))?;
    println!(
        "compressed dist/: wasm {} KiB, {} KiB as brotli",
        plain / 1024,
        br / 1024
    );
    Ok(())
}

fn port_from(args: &[String]) -> Result<u16> {
    let flag = args
        .iter()
        .position(|a| a == "--port")
        .map(|i| args.get(i + 1).cloned());
    let raw = match flag {
        Some(Some(p)) => p,
        Some(None) => return Err("--port needs a number".into()),
        None => std::env::var("KLUCZNIK_PORT").unwrap_or_else(|_| "8080".into()),
    };
    raw.parse().map_err(|_| format!("not a port number: {raw}"))
}

/// Setup, release build of the app, then the relay with the simulator until Ctrl-C.
pub fn run(args: &[String]) -> Result {
    let port = port_from(args)?;
    setup()?;
    step("trunk build --release", trunk_build)?;
    step("build the relay", || {
        let mut c = cmd("cargo");
        c.args(["build", "-p", "ksef-relay"]);
        exec(c)
    })?;
    // Ctrl-C reaches the relay too (same process group); we wait for its clean shutdown.
    ctrlc::set_handler(|| {}).map_err(|e| e.to_string())?;
    println!("\nKlucznik on http://127.0.0.1:{port}/ (simulator at /sim/v2) — Ctrl-C stops it\n");
    // The relay's simulator is off by default (production); development wants it.
    let mut c = cmd("cargo");
    c.args([
        "run",
        "-q",
        "-p",
        "ksef-relay",
        "--",
        "--listen",
        &format!("127.0.0.1:{port}"),
        "--sim",
        "in-process",
        "--static-dir",
    ])
    .arg(root().join("dist"));
    exec(c)
}

/// What to deploy: the app built and compressed, and one relay file that carries it
/// (`target/release/klucznik-relay`; its simulator is off unless `--sim in-process`).
pub fn dist() -> Result {
    setup()?;
    step("trunk build --release", trunk_build)?;
    step("build the relay (release)", || {
        let mut c = cmd("cargo");
        c.args(["build", "--release", "-p", "ksef-relay"]);
        exec(c)
    })?;
    // Where Cargo puts it: `CARGO_TARGET_DIR` (relative to the workspace) or `target/`.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root().join("target"), |dir| root().join(dir));
    let release = target.join("release");
    step("bundle the app into the relay", || {
        let mut c = cmd(&release.join("ksef-relay").display().to_string());
        c.args(["bundle", "--static-dir"])
            .arg(root().join("dist"))
            .arg("--out")
            .arg(release.join("klucznik-relay"));
        exec(c)
    })?;
    println!(
        "\ncopy {} to the server and run it there (ksef-relay --help lists its flags)",
        release.join("klucznik-relay").display()
    );
    Ok(())
}

fn cargo(args: &[&str]) -> std::process::Command {
    let mut c = cmd("cargo");
    // Incremental caches only help rebuilds; a CI run builds once and they cost 2 GB of disk.
    c.args(args)
        .env("KLUCZNIK_REQUIRE_TOOLS", "1")
        .env("CARGO_INCREMENTAL", "0");
    c
}

/// Every check CI runs, in order, failing fast.
pub fn test() -> Result {
    setup()?;
    step("cargo fmt --check", || {
        exec(cargo(&["fmt", "--all", "--check"]))
    })?;
    step("clippy (native)", || {
        exec(cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("clippy (wasm32)", || {
        exec(cargo(&[
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "klucznik-web",
            "-p",
            "ksef-core",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    step("trunk build --release", trunk_build)?;
    step("wasm tests in headless Chromium", || {
        let mut c = cargo(&[
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "ksef-core",
            "-p",
            "klucznik-web",
        ]);
        c.env("CHROMEDRIVER", "chromedriver")
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120");
        run_tests(c)
    })?;
    // One run for native and end-to-end tests: `-p klucznik-e2e` alone unifies features
    // differently and rebuilt a hundred crates a second time (time and disk).
    step(
        "native and end-to-end tests (Chromium → relay → simulator)",
        || {
            let mut c = cargo(&["test", "--workspace"]);
            c.env("KLUCZNIK_DIST", root().join("dist"));
            run_tests(c)
        },
    )?;
    println!("\nall checks passed\n{}", test_totals());
    Ok(())
}
