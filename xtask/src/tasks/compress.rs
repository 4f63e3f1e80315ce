//! Brotli and gzip copies of the built app's files (`name.br`, `name.gz` next to `name`), made
//! once after `trunk build`; the relay sends them to browsers that accept them. The wasm files
//! are most of the app and shrink to about a third.

use std::io::Write;
use std::path::Path;

use crate::util::Result;

/// Files worth compressing; images other than SVG and fonts are compressed already.
const TEXTUAL: [&str; 7] = ["wasm", "js", "css", "html", "svg", "json", "webmanifest"];

/// Writes `.br` and `.gz` copies of every compressible file under `dir`, except where the copy
/// would not be smaller. Returns the bytes before and after for the wasm files, for the log.
pub fn compress_dir(dir: &Path) -> Result<(u64, u64)> {
    let mut wasm = (0, 0);
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            let (a, b) = compress_dir(&path)?;
            wasm = (wasm.0 + a, wasm.1 + b);
            continue;
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !TEXTUAL.contains(&ext) {
            continue;
        }
        let plain = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let br = brotli_of(&plain)?;
        let gz = gzip_of(&plain)?;
        if ext == "wasm" {
            wasm = (wasm.0 + plain.len() as u64, wasm.1 + br.len() as u64);
        }
        for (suffix, bytes) in [("br", br), ("gz", gz)] {
            let copy = path.with_file_name(format!(
                "{}.{suffix}",
                path.file_name().unwrap_or_default().to_string_lossy()
            ));
            if bytes.len() < plain.len() {
                std::fs::write(&copy, bytes).map_err(|e| format!("{}: {e}", copy.display()))?;
            } else {
                // A stale copy of an earlier build must not be served instead.
                let _ = std::fs::remove_file(&copy);
            }
        }
    }
    Ok(wasm)
}

fn brotli_of(plain: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &plain[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}

fn gzip_of(plain: &[u8]) -> Result<Vec<u8>> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(plain).map_err(|e| e.to_string())?;
    gz.finish().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn copies_decompress_to_the_original_and_stale_ones_go() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let wasm: Vec<u8> = (0..50_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        std::fs::write(dir.join("sub/app_bg.wasm"), &wasm).unwrap();
        std::fs::write(dir.join("tiny.js"), "a").unwrap();
        std::fs::write(dir.join("tiny.js.br"), "stale").unwrap();
        std::fs::write(dir.join("photo.png"), &wasm).unwrap();

        let (before, after) = compress_dir(&dir).unwrap();
        assert_eq!(before, wasm.len() as u64);
        assert!(after < before / 4, "{after}");

        let br = std::fs::read(dir.join("sub/app_bg.wasm.br")).unwrap();
        let mut out = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, wasm);
        let gz = std::fs::read(dir.join("sub/app_bg.wasm.gz")).unwrap();
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, wasm);

        assert!(!dir.join("tiny.js.br").exists(), "no bigger or stale copy");
        assert!(!dir.join("photo.png.br").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
