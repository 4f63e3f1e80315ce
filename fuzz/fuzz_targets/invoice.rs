#![no_main]
//! Invoice file read for QR code I (seller's NIP, issue date, number, hash).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ksef_core::qr::InvoiceFacts::read(data);
});
