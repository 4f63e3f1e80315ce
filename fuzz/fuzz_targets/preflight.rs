#![no_main]
//! Signed auth.xml pre-flight: parse, challenge and context checks, XAdES verification, signer.
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::lang::Lang;
use ksef_core::preflight::{check, Expected};
use libfuzzer_sys::fuzz_target;
use time::macros::datetime;

fuzz_target!(|data: &[u8]| {
    // The challenge and context of the seed files, so a mutated file reaches every check.
    let expected = Expected {
        challenge: Some((
            "20250604-CR-461EA5B000-537A6BA15D-D7".parse().unwrap(),
            Some(datetime!(2025-06-04 12:00 UTC)),
        )),
        context: Some(ContextIdentifier::parse(ContextType::Nip, "5265877635").unwrap()),
    };
    let report = check(data, &expected, datetime!(2025-06-04 12:05 UTC));
    let _ = (
        report.is_valid(),
        report.to_text(Lang::Pl),
        report.to_text(Lang::En),
    );
});
