#![no_main]
//! Key-file importer: PEM/DER, encrypted or plain, must never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ksef_core::keystore::decrypt_key(data, Some("ADadADad12!@adadad"));
    let _ = ksef_core::keystore::decrypt_key(data, None);
});
