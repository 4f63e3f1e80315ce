#![no_main]
//! Uploaded auth.xml parser.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ksef_core::auth_xml::AuthTokenRequest::parse(data);
});
