//! Reading files the user picks or drops, without uploading them anywhere.

use ksef_core::flow::{Failure, LocalFailure};
use wasm_bindgen_futures::JsFuture;

/// A picked file's name and bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Picked {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A PKCS#12 bundle (key and certificate in one file), by its name.
pub fn is_p12(name: &str) -> bool {
    let n = name.to_lowercase();
    n.ends_with(".p12") || n.ends_with(".pfx")
}

/// What a key picker offers: PEM (`.key`, `.pem`), DER (`.der`, `.p8`, `.pk8`) and PKCS#12.
pub const KEY_FILES: &str = ".key,.pem,.der,.p8,.pk8,.p12,.pfx";

/// Files larger than this are refused before reading (KSeF's auth.xml limit is 1 MiB).
pub const MAX_BYTES: f64 = 4.0 * 1024.0 * 1024.0;

pub async fn read(file: web_sys::File) -> Result<Picked, Failure> {
    if file.size() > MAX_BYTES {
        return Err(Failure::local(LocalFailure::FileTooLarge, file.name()));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| Failure::local(LocalFailure::FileUnreadable, file.name()))?;
    Ok(Picked {
        name: file.name(),
        bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
    })
}

/// The first file of an `<input type=file>` change event.
pub fn from_input(e: &yew::Event) -> Option<web_sys::File> {
    use yew::TargetCast;
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .files()?
        .get(0)
}

/// The first file of a drop event.
pub fn from_drop(e: &yew::DragEvent) -> Option<web_sys::File> {
    e.data_transfer()?.files()?.get(0)
}
