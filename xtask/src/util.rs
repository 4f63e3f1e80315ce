//! Running commands with the project's tool folders on PATH.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

/// Project-local tools (npm binaryen) live here.
pub fn tools_dir() -> PathBuf {
    root().join(".tools")
}

/// PATH with `.tools/node_modules/.bin` and `~/.cargo/bin` in front.
pub fn path_env() -> String {
    let mut parts = vec![tools_dir().join("node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        parts.push(home.join("bin"));
    }
    let old = std::env::var("PATH").unwrap_or_default();
    let mut s: Vec<String> = parts.iter().map(|p| p.display().to_string()).collect();
    s.push(old);
    s.join(":")
}

pub fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", path_env());
    c
}

/// The command line as a person would type it (without the environment).
fn shown(c: &Command) -> String {
    let args: Vec<String> = c
        .get_args()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!("{} {}", c.get_program().to_string_lossy(), args.join(" "))
}

/// Runs to completion, echoing the command; fails with its exit status.
pub fn run(mut c: Command) -> Result {
    let shown = shown(&c);
    println!("$ {shown}");
    let status = c
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// Stdout of a command, or `None` if it cannot run or fails.
pub fn output(mut c: Command) -> Option<String> {
    let out = c.stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Runs one named step and prints how long it took.
pub fn step(name: &str, f: impl FnOnce() -> Result) -> Result {
    println!("\n==> {name}");
    let t = Instant::now();
    let r = f();
    println!(
        "<== {name}: {} in {:.0?}",
        if r.is_ok() { "ok" } else { "FAILED" },
        t.elapsed()
    );
    r
}

static PASSED: AtomicUsize = AtomicUsize::new(0);
static FAILED: AtomicUsize = AtomicUsize::new(0);

/// Like [`run`], but echoes stdout while adding up libtest's `test result:` lines.
pub fn run_tests(mut c: Command) -> Result {
    let shown = shown(&c);
    println!("$ {shown}");
    let mut child = c
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    for line in BufReader::new(child.stdout.take().expect("piped"))
        .lines()
        .map_while(std::io::Result::ok)
    {
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            PASSED.fetch_add(count(rest, " passed"), Ordering::Relaxed);
            FAILED.fetch_add(count(rest, " failed"), Ordering::Relaxed);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// The number before `word` in `ok. 5 passed; 0 failed; ...`.
fn count(summary: &str, word: &str) -> usize {
    summary
        .split(';')
        .find_map(|part| {
            part.trim_start_matches("ok.")
                .trim_start_matches("FAILED.")
                .trim()
                .strip_suffix(word.trim_start())
        })
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

/// The totals over every test run so far, as one plain line.
pub fn test_totals() -> String {
    format!(
        "{} passed, {} failed",
        PASSED.load(Ordering::Relaxed),
        FAILED.load(Ordering::Relaxed)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_libtest_summaries() {
        assert_eq!(
            super::count("ok. 22 passed; 0 failed; 0 ignored; 0 measured", " passed"),
            22
        );
        assert_eq!(
            super::count("FAILED. 3 passed; 2 failed; 0 ignored", " failed"),
            2
        );
        assert_eq!(
            super::count(
                "ok. 2 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.4s",
                " passed"
            ),
            2
        );
    }
}
