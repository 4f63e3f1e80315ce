#![no_main]
//! Certificate importer (PEM or DER) and every accessor the app shows.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(c) = ksef_core::certificate::Certificate::from_bytes(data) {
        let _ = (c.serial_hex(), c.serial_decimal(), c.subject(), c.issuer(), c.fingerprint());
        let _ = (c.not_before(), c.not_after(), c.public_key_der(), c.to_pem());
    }
});
