//! QR code images for printing: PNG and SVG, each with the caption the specification puts under
//! the code. Hand-drawn from the module matrix because the QR crate's renderers have no captions.

use qrcode::{Color, EcLevel, QrCode};

use super::QrError;

/// Modules of white around the code (ISO/IEC 18004's quiet zone).
const QUIET: usize = 4;
/// PNGs are at least this wide, so a printed code stays easy to scan.
const MIN_PNG_PX: usize = 480;

/// One rendered code.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct QrImage {
    pub text: String,
    pub label: String,
    /// Modules per side, without the quiet zone.
    pub modules: usize,
    pub png: Vec<u8>,
    pub svg: String,
}

/// Encodes `text` (error correction M) and draws it with `label` underneath.
pub fn render(text: &str, label: &str) -> Result<QrImage, QrError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| QrError::TooLong(text.len()))?;
    let n = code.width();
    let dark: Vec<bool> = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Ok(QrImage {
        text: text.to_string(),
        label: label.to_string(),
        modules: n,
        png: png(&dark, n, label),
        svg: svg(&dark, n, label),
    })
}

fn svg(dark: &[bool], n: usize, label: &str) -> String {
    let side = n + 2 * QUIET;
    let height = side + 4;
    let mut path = String::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if !dark[y * n + x] {
                x += 1;
                continue;
            }
            let run = dark[y * n + x..(y + 1) * n]
                .iter()
                .take_while(|&&d| d)
                .count();
            path.push_str(&format!("M{} {}h{run}v1h-{run}z", x + QUIET, y + QUIET));
            x += run;
        }
    }
    let label = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {height}" "#,
            r#"width="{w}" height="{h}" shape-rendering="crispEdges">"#,
            r##"<rect width="{side}" height="{height}" fill="#fff"/>"##,
            r##"<path fill="#000" d="{path}"/>"##,
            r#"<text x="{mid}" y="{base}" font-family="monospace" font-size="2.4" "#,
            r#"text-anchor="middle" textLength="{len}" lengthAdjust="spacingAndGlyphs">{label}</text>"#,
            "</svg>"
        ),
        side = side,
        height = height,
        w = side * 6,
        h = height * 6,
        path = path,
        mid = side as f32 / 2.0,
        base = side + 2,
        len = (label.chars().count() as f32 * 1.5).min((side - 2) as f32),
        label = label,
    )
}

/// Greyscale pixels: the code scaled up, then the caption in an 8×8 bitmap font.
fn png(dark: &[bool], n: usize, label: &str) -> Vec<u8> {
    let side = n + 2 * QUIET;
    let scale = MIN_PNG_PX.div_ceil(side).max(4);
    let width = side * scale;
    let glyphs = label.chars().count().max(1);
    let text_scale = (width * 9 / 10 / (glyphs * 8)).clamp(1, 4);
    let caption = 8 * text_scale + 2 * scale;
    let height = width + caption;
    let mut px = vec![255u8; width * height];
    for (i, _) in dark.iter().enumerate().filter(|(_, &d)| d) {
        let (mx, my) = (i % n + QUIET, i / n + QUIET);
        for y in my * scale..(my + 1) * scale {
            px[y * width + mx * scale..y * width + (mx + 1) * scale].fill(0);
        }
    }
    let left = (width - glyphs * 8 * text_scale) / 2;
    let top = width + scale / 2;
    for (g, ch) in label.chars().enumerate() {
        let bitmap = font8x8::legacy::BASIC_LEGACY
            .get(ch as usize)
            .copied()
            .unwrap_or_default();
        for (row, bits) in bitmap.iter().enumerate() {
            for col in (0..8).filter(|c| bits & (1 << c) != 0) {
                let x0 = left + (g * 8 + col) * text_scale;
                for y in top + row * text_scale..top + (row + 1) * text_scale {
                    px[y * width + x0..y * width + x0 + text_scale].fill(0);
                }
            }
        }
    }
    encode_png(&px, width, height)
}

fn encode_png(px: &[u8], width: usize, height: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width as u32, height as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("writing to memory");
    writer.write_image_data(px).expect("sizes match");
    writer.finish().expect("writing to memory");
    out
}
