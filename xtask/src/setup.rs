//! `cargo xtask setup`: installs only what is missing or of the wrong version. Idempotent.

use crate::util::{cmd, output, run, step, tools_dir, Result};

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN_VERSION: &str = "132.0.0";
/// Debian packages: the browser and its driver, xmllint (XSD test), xmlsec1 (XAdES test).
const APT_PACKAGES: [&str; 4] = ["chromium", "chromium-driver", "libxml2-utils", "xmlsec1"];

pub fn setup() -> Result {
    step("wasm32 target", wasm_target)?;
    step("Trunk", trunk)?;
    step("wasm-bindgen-cli", wasm_bindgen_cli)?;
    step("wasm-opt (npm binaryen)", binaryen)?;
    step("Chromium, ChromeDriver, xmllint, xmlsec1", apt)
}

fn wasm_target() -> Result {
    let installed = output({
        let mut c = cmd("rustup");
        c.args(["target", "list", "--installed"]);
        c
    })
    .unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        println!("already installed");
        return Ok(());
    }
    let mut c = cmd("rustup");
    c.args(["target", "add", "wasm32-unknown-unknown"]);
    run(c)
}

/// The version a tool prints for `--version`, e.g. `trunk 0.21.14` → `0.21.14`.
fn version_of(program: &str) -> Option<String> {
    let mut c = cmd(program);
    c.arg("--version");
    output(c)?.split_whitespace().nth(1).map(str::to_string)
}

fn trunk() -> Result {
    if version_of("trunk").as_deref() == Some(TRUNK_VERSION) {
        println!("trunk {TRUNK_VERSION} already installed");
        return Ok(());
    }
    let mut c = cmd("cargo");
    c.args(["install", "trunk", "--locked", "--version", TRUNK_VERSION]);
    run(c)
}

/// The version pinned in the workspace's `wasm-bindgen = "=X"`.
pub fn pinned_wasm_bindgen() -> Result<String> {
    let manifest = std::fs::read_to_string(crate::util::root().join("Cargo.toml"))
        .map_err(|e| e.to_string())?;
    manifest
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("wasm-bindgen = \"=")?
                .strip_suffix('"')
                .map(str::to_string)
        })
        .ok_or_else(|| {
            "Cargo.toml must pin wasm-bindgen with = (wasm-bindgen = \"=X.Y.Z\")".to_string()
        })
}

fn wasm_bindgen_cli() -> Result {
    let want = pinned_wasm_bindgen()?;
    let have = version_of("wasm-bindgen");
    let runner = version_of("wasm-bindgen-test-runner");
    if have.as_deref() == Some(want.as_str()) && runner.as_deref() == Some(want.as_str()) {
        println!("wasm-bindgen {want} already installed");
        return Ok(());
    }
    // `--locked` fails for this crate (a lockfile entry is missing from the registry).
    let mut c = cmd("cargo");
    c.args([
        "install",
        "wasm-bindgen-cli",
        "--force",
        "--version",
        &format!("={want}"),
    ]);
    run(c)
}

fn binaryen() -> Result {
    let major = BINARYEN_VERSION
        .split('.')
        .next()
        .expect("version has a major part");
    let wasm_opt = tools_dir().join("node_modules/.bin/wasm-opt");
    let have = output({
        let mut c = cmd(&wasm_opt.display().to_string());
        c.arg("--version");
        c
    });
    if have
        .as_deref()
        .is_some_and(|v| v.contains(&format!("version {major}")))
    {
        println!("wasm-opt {major} already installed in .tools/");
        return Ok(());
    }
    std::fs::create_dir_all(tools_dir()).map_err(|e| e.to_string())?;
    let mut c = cmd("npm");
    c.args(["install", "--prefix"]).arg(tools_dir()).args([
        &format!("binaryen@{BINARYEN_VERSION}"),
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
    ]);
    run(c)
}

fn apt() -> Result {
    let missing: Vec<&str> = APT_PACKAGES
        .into_iter()
        .filter(|p| {
            let mut c = cmd("dpkg-query");
            c.args(["-W", "-f=${Status}", p]);
            !output(c).is_some_and(|s| s.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        println!("already installed");
        return Ok(());
    }
    let install = format!("apt-get update && apt-get install -y {}", missing.join(" "));
    if !is_root() {
        return Err(format!(
            "missing Debian packages; run as root:\n    sudo sh -c '{install}'"
        ));
    }
    let mut c = cmd("sh");
    c.args(["-c", &install])
        .env("DEBIAN_FRONTEND", "noninteractive");
    run(c)
}

fn is_root() -> bool {
    output({
        let mut c = cmd("id");
        c.arg("-u");
        c
    })
    .is_some_and(|s| s.trim() == "0")
}
