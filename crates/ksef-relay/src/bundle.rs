//! One file to copy and run: the relay's own executable with the built app appended as a tar
//! archive, followed by a trailer (the archive's length and a magic string). At start the relay
//! looks for the trailer in its own executable and, when there is one, unpacks the app into a
//! private temporary directory that it serves from and removes when it stops.
//!
//! Appending instead of compiling the app in (`include_dir`, `rust-embed`) keeps one build of
//! the relay for every use: CI makes a bundle from the binary it has already built.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 16] = b"klucznik-app\0v1\0";
/// The archive's length (u64, little-endian), then `MAGIC`.
const TRAILER: u64 = 8 + MAGIC.len() as u64;
/// The name of the app's directory inside the archive.
const APP: &str = "app";

/// Writes `out`: the executable `exe` (without an app it may already carry) followed by
/// `static_dir` as an archive. Returns the archive's size in bytes.
pub fn write(exe: &Path, static_dir: &Path, out: &Path) -> io::Result<u64> {
    if !static_dir.join("index.html").is_file() {
        return Err(io::Error::other(format!(
            "{} has no index.html: build the app first (trunk build --release)",
            static_dir.display()
        )));
    }
    let mut base = File::open(exe)?;
    let base_len = match find(&mut base)? {
        Some((start, _)) => start,
        None => base.metadata()?.len(),
    };
    let mut archive = tar::Builder::new(Vec::new());
    archive.follow_symlinks(true);
    archive.append_dir_all(APP, static_dir)?;
    let archive = archive.into_inner()?;

    let partial = out.with_extension("partial");
    let mut file = File::create(&partial)?;
    base.seek(SeekFrom::Start(0))?;
    io::copy(&mut (&mut base).take(base_len), &mut file)?;
    file.write_all(&archive)?;
    file.write_all(&(archive.len() as u64).to_le_bytes())?;
    file.write_all(MAGIC)?;
    file.sync_all()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o755))?;
    }
    drop(file);
    std::fs::rename(&partial, out)?;
    Ok(archive.len() as u64)
}

/// Where the archive starts in `file` and how long it is, if the file carries one.
fn find(file: &mut File) -> io::Result<Option<(u64, u64)>> {
    let len = file.metadata()?.len();
    if len < TRAILER {
        return Ok(None);
    }
    let mut trailer = [0u8; TRAILER as usize];
    file.seek(SeekFrom::Start(len - TRAILER))?;
    file.read_exact(&mut trailer)?;
    if &trailer[8..] != MAGIC {
        return Ok(None);
    }
    let archive_len = u64::from_le_bytes(trailer[..8].try_into().expect("8 bytes"));
    match (len - TRAILER).checked_sub(archive_len) {
        Some(start) => Ok(Some((start, archive_len))),
        None => Err(io::Error::other(
            "the app appended to the relay is cut short",
        )),
    }
}

/// The app carried by the executable `exe`, unpacked; `None` if it carries none.
pub fn unpack_embedded(exe: &Path) -> io::Result<Option<Unpacked>> {
    let mut file = File::open(exe)?;
    let Some((start, archive_len)) = find(&mut file)? else {
        return Ok(None);
    };
    file.seek(SeekFrom::Start(start))?;
    let dir = private_temp_dir()?;
    let unpacked = Unpacked(dir);
    tar::Archive::new(file.take(archive_len)).unpack(&unpacked.0)?;
    if !unpacked.app_dir().join("index.html").is_file() {
        return Err(io::Error::other(
            "the app appended to the relay has no index.html",
        ));
    }
    Ok(Some(unpacked))
}

/// A fresh directory only this user can read, named so that no one can have made it first.
fn private_temp_dir() -> io::Result<PathBuf> {
    let base = std::env::temp_dir();
    for attempt in 0u32.. {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = base.join(format!(
            "klucznik-relay-{}-{nanos:x}{attempt}",
            std::process::id()
        ));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("the loop returns")
}

/// The unpacked app; its directory is removed when this is dropped.
pub struct Unpacked(PathBuf);

impl Unpacked {
    /// The directory to serve (holds `index.html`).
    pub fn app_dir(&self) -> PathBuf {
        self.0.join(APP)
    }
}

impl Drop for Unpacked {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_carries_the_app_and_can_be_bundled_again() {
        let root =
            std::env::temp_dir().join(format!("klucznik-bundle-test-{}", std::process::id()));
        let dist = root.join("dist");
        std::fs::create_dir_all(dist.join("sub")).unwrap();
        std::fs::write(dist.join("index.html"), "<html>one</html>").unwrap();
        std::fs::write(dist.join("sub/a.js"), "a()").unwrap();
        let exe = root.join("exe");
        std::fs::write(&exe, b"\x7fELF pretend executable").unwrap();
        assert!(unpack_embedded(&exe).unwrap().is_none());

        let one = root.join("one");
        write(&exe, &dist, &one).unwrap();
        let unpacked = unpack_embedded(&one).unwrap().unwrap();
        let app = unpacked.app_dir();
        assert_eq!(
            std::fs::read_to_string(app.join("index.html")).unwrap(),
            "<html>one</html>"
        );
        assert_eq!(
            std::fs::read_to_string(app.join("sub/a.js")).unwrap(),
            "a()"
        );
        drop(unpacked);
        assert!(!app.exists(), "removed when dropped");

        // Bundling from a bundle replaces the app instead of stacking a second one.
        std::fs::write(dist.join("index.html"), "<html>two</html>").unwrap();
        let two = root.join("two");
        let archive = write(&one, &dist, &two).unwrap();
        let len = std::fs::metadata(&two).unwrap().len();
        assert_eq!(len, 23 + archive + TRAILER);
        let unpacked = unpack_embedded(&two).unwrap().unwrap();
        assert_eq!(
            std::fs::read_to_string(unpacked.app_dir().join("index.html")).unwrap(),
            "<html>two</html>"
        );
        drop(unpacked);
        assert!(write(&exe, &root.join("missing"), &root.join("three")).is_err());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
