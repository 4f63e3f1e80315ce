//! `cargo xtask setup | run | test | bench`: the project's two README commands and their helpers.

mod bench;
mod bench_relay;
mod setup;
mod tasks;
mod util;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

  setup            install what is missing (wasm target, Trunk, wasm-bindgen-cli, wasm-opt, Chromium)
  run [--port N]   build the app and serve it with the relay and the simulator (default port 8080)
  test             fmt, clippy, native tests, wasm tests in Chromium, end-to-end tests
  dist             build what to deploy: one relay file with the app inside (target/release/klucznik-relay)
  bench [NAME]     benchmarks: sim, relay, keys, load (default: all)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::setup(),
        Some("run") => tasks::run(&args[1..]),
        Some("test") => tasks::test(),
        Some("dist") => tasks::dist(),
        Some("bench") => bench::bench(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}
