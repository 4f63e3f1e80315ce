//! The browser's SubtleCrypto, for what it does much faster than Rust compiled to wasm.

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use zeroize::Zeroizing;

/// SubtleCrypto of the window or worker we run in, if any (it needs a secure context).
pub fn subtle() -> Option<web_sys::SubtleCrypto> {
    let global = js_sys::global();
    let crypto = Reflect::get(&global, &JsValue::from_str("crypto")).ok()?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).ok()?;
    subtle.dyn_into::<web_sys::SubtleCrypto>().ok()
}

/// A fresh extractable RSA-2048 key (e = 65537) as PKCS#8 DER, or `None` without WebCrypto.
pub async fn generate_rsa_pkcs8() -> Option<Zeroizing<Vec<u8>>> {
    let subtle = subtle()?;
    let params = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&params, &JsValue::from_str(k), v).ok();
    set("name", &"RSASSA-PKCS1-v1_5".into())?;
    set("modulusLength", &2048.into())?;
    set("publicExponent", &Uint8Array::from(&[1u8, 0, 1][..]).into())?;
    set("hash", &"SHA-256".into())?;
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair = JsFuture::from(
        subtle
            .generate_key_with_object(&params, true, &usages)
            .ok()?,
    )
    .await
    .ok()?;
    let private = Reflect::get(&pair, &JsValue::from_str("privateKey"))
        .ok()?
        .dyn_into::<web_sys::CryptoKey>()
        .ok()?;
    let exported = JsFuture::from(subtle.export_key("pkcs8", &private).ok()?)
        .await
        .ok()?;
    Some(Zeroizing::new(Uint8Array::new(&exported).to_vec()))
}
