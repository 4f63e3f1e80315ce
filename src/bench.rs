//! `cargo xtask bench keys`: exported to JavaScript in the build that command makes (feature
//! `bench`), never in production. It drives the real worker path in the real browser.

use std::cell::RefCell;
use std::rc::Rc;

use ksef_core::api::certificates::CertificateEnrollmentDataResponse;
use ksef_core::keys::KeyAlgorithm;
use wasm_bindgen::prelude::*;

use crate::worker::keygen::{MakeKey, NewKey};

const BENCH_PASSWORD: &str = "ADadADad12!@adadad";

fn enrollment() -> CertificateEnrollmentDataResponse {
    CertificateEnrollmentDataResponse {
        common_name: "Zażółć Gęślą".into(),
        country_name: "PL".into(),
        given_name: Some(vec!["Zażółć".into()]),
        surname: Some("Gęślą".into()),
        serial_number: Some("PNOPL-44051401359".into()),
        ..Default::default()
    }
}

/// One key through the worker, as the certificates page makes it.
async fn make_key(
    alg: KeyAlgorithm,
    enrollment: Option<CertificateEnrollmentDataResponse>,
) -> Result<NewKey, JsValue> {
    let job = MakeKey {
        alg,
        enrollment,
        password: BENCH_PASSWORD.into(),
    };
    crate::worker::call_with_progress(job, |_| {})
        .await
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or(f64::NAN)
}

fn summary(v: Vec<f64>) -> serde_json::Value {
    serde_json::json!({ "p50": percentile(v.clone(), 0.5), "p95": percentile(v, 0.95) })
}

/// Raw WebCrypto RSA-2048 generation on this thread, in milliseconds.
async fn raw_webcrypto_rsa_ms() -> Result<f64, JsValue> {
    let t = js_sys::Date::now();
    crate::webcrypto::generate_rsa_pkcs8()
        .await
        .ok_or("no SubtleCrypto")?;
    Ok(js_sys::Date::now() - t)
}

/// `runs` rounds of: RSA through our worker path and raw WebCrypto, EC with CSR, encryption;
/// plus the longest task the UI thread ran meanwhile (PerformanceObserver `longtask`).
#[wasm_bindgen]
pub async fn klucznik_bench_keys(runs: u32) -> Result<String, JsValue> {
    let long_tasks = Rc::new(RefCell::new(Vec::<f64>::new()));
    let sink = long_tasks.clone();
    let on_entries = Closure::<dyn FnMut(web_sys::PerformanceObserverEntryList)>::new(
        move |list: web_sys::PerformanceObserverEntryList| {
            for e in list.get_entries() {
                if let Ok(e) = e.dyn_into::<web_sys::PerformanceEntry>() {
                    sink.borrow_mut().push(e.duration());
                }
            }
        },
    );
    let observer = web_sys::PerformanceObserver::new(on_entries.as_ref().unchecked_ref())?;
    observer.observe(&web_sys::PerformanceObserverInit::new(&js_sys::Array::of1(
        &"longtask".into(),
    )));

    let (mut ours, mut raw, mut ours_total, mut ec_csr, mut encrypt) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut rsa_in_webcrypto = true;
    for _ in 0..runs {
        let t = js_sys::Date::now();
        let r = make_key(KeyAlgorithm::Rsa2048, None).await?;
        ours_total.push(js_sys::Date::now() - t);
        ours.push(r.keygen_ms);
        encrypt.push(r.encrypt_ms);
        rsa_in_webcrypto &= r.used_webcrypto;
        raw.push(raw_webcrypto_rsa_ms().await?);
        let e = make_key(KeyAlgorithm::EcP256, Some(enrollment())).await?;
        if e.csr_base64.is_none() {
            return Err("the EC key came without its CSR".into());
        }
        ec_csr.push(e.keygen_ms + e.csr_ms);
        encrypt.push(e.encrypt_ms);
    }
    observer.disconnect();
    let longest = long_tasks.borrow().iter().copied().fold(0.0, f64::max);
    Ok(serde_json::json!({
        "runs": runs,
        "rsa_in_webcrypto": rsa_in_webcrypto,
        "rsa_ours_ms": summary(ours),
        "rsa_ours_roundtrip_ms": summary(ours_total),
        "rsa_webcrypto_ms": summary(raw),
        "ec_keygen_and_csr_ms": summary(ec_csr),
        "encrypt_key_ms": summary(encrypt),
        "ui_longest_task_ms": longest,
        "ui_tasks_over_50ms": long_tasks.borrow().iter().filter(|d| **d > 50.0).count(),
    })
    .to_string())
}
