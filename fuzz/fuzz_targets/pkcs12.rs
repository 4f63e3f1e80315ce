#![no_main]
//! PKCS#12 importer.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ksef_core::keystore::import_p12(data, "ADadADad12!@adadad");
});
