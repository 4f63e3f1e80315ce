//! The production build (`dist/`: what `cargo xtask run` serves and `cargo xtask dist` bundles)
//! carries no benchmark hooks; only the build `cargo xtask bench keys` makes (feature `bench`,
//! into `dist-bench/`) has them.

use klucznik_e2e::dist_dir;

/// What only the benchmark build contains: its exported functions and its fixed key password.
const BENCH_ONLY: [&str; 2] = ["klucznik_bench", "ADadADad12!@adadad"];

#[test]
fn the_production_build_carries_no_benchmark_hooks() {
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(dist_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // The app and the key worker: their wasm and JavaScript (compressed copies say the same).
        if !(name.ends_with(".wasm") || name.ends_with(".js")) {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        for needle in BENCH_ONLY {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{name} carries {needle}: this build has the bench feature"
            );
        }
        checked.push(name);
    }
    for part in [
        "klucznik-web-",
        "klucznik-app_bg.wasm",
        "keygen-worker_bg.wasm",
    ] {
        assert!(
            checked.iter().any(|n| n.starts_with(part)),
            "{part}… not in {checked:?}"
        );
    }
}
