//! Property tests for identifiers and parsers (native only: proptest).
#![cfg(not(target_arch = "wasm32"))]

use ksef_core::auth_xml::AuthTokenRequest;
use ksef_core::ident::{InternalId, Nip, Pesel};
use ksef_core::ksef_token::KsefToken;
use proptest::prelude::*;

fn digits_str(d: &[u32]) -> String {
    d.iter()
        .map(|d| char::from_digit(*d, 10).unwrap())
        .collect()
}

/// Nine NIP digits matching the pattern whose check digit exists, plus that digit.
fn valid_nip() -> impl Strategy<Value = String> {
    (1u32..10, prop::collection::vec(0u32..10, 8)).prop_filter_map(
        "pattern and check digit",
        |(first, rest)| {
            let mut d = vec![first];
            d.extend(rest);
            if d[1] == 0 && d[2] == 0 {
                return None;
            }
            Nip::check_digit(&d).map(|c| {
                d.push(c);
                digits_str(&d)
            })
        },
    )
}

fn valid_pesel() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(0u32..10, 2),
        0u32..10,
        1u32..=12,
        prop::collection::vec(0u32..10, 6),
    )
        .prop_map(|(yy, century, month, rest)| {
            let mm = month + (century / 2) * 20;
            let mut d = yy;
            d.extend([mm / 10, mm % 10]);
            d.extend(rest);
            d.push(Pesel::check_digit(&d));
            digits_str(&d)
        })
}

fn valid_internal_id() -> impl Strategy<Value = String> {
    (valid_nip(), prop::collection::vec(0u32..10, 4)).prop_map(|(nip, four)| {
        let mut d: Vec<u32> = nip.chars().map(|c| c.to_digit(10).unwrap()).collect();
        d.extend(&four);
        let check = InternalId::check_digit(&d);
        format!("{nip}-{}{check}", digits_str(&four))
    })
}

/// Changes the digit at `pos` (counting digits only) by `delta` (1..9), keeping it a digit.
fn change_digit(s: &str, pos: usize, delta: u32) -> String {
    let idx: Vec<usize> = s
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let i = idx[pos % idx.len()];
    let d = s.as_bytes()[i] - b'0';
    let new = (d as u32 + delta) % 10;
    let mut out = s.to_string();
    out.replace_range(i..=i, &new.to_string());
    out
}

proptest! {
    #[test]
    fn valid_nips_are_accepted_and_any_digit_change_rejected(nip in valid_nip(), pos in 0usize..10, delta in 1u32..10) {
        prop_assert!(nip.parse::<Nip>().is_ok());
        prop_assert!(change_digit(&nip, pos, delta).parse::<Nip>().is_err());
    }

    #[test]
    fn valid_pesels_are_accepted_and_any_digit_change_rejected(pesel in valid_pesel(), pos in 0usize..11, delta in 1u32..10) {
        prop_assert!(pesel.parse::<Pesel>().is_ok(), "{}", pesel);
        prop_assert!(change_digit(&pesel, pos, delta).parse::<Pesel>().is_err());
    }

    #[test]
    fn valid_internal_ids_are_accepted_and_any_digit_change_rejected(id in valid_internal_id(), pos in 0usize..15, delta in 1u32..10) {
        prop_assert!(id.parse::<InternalId>().is_ok(), "{}", id);
        prop_assert!(change_digit(&id, pos, delta).parse::<InternalId>().is_err());
    }

    #[test]
    fn parsers_never_panic_on_text(s in "\\PC{0,200}") {
        let _ = s.parse::<Nip>();
        let _ = s.parse::<Pesel>();
        let _ = s.parse::<InternalId>();
        let _ = s.parse::<ksef_core::ident::NipVatUe>();
        let _ = s.parse::<ksef_core::ident::ReferenceNumber>();
        let _ = s.parse::<KsefToken>();
        let _ = AuthTokenRequest::parse(s.as_bytes());
    }

    #[test]
    fn xml_parser_never_panics_on_bytes(b in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = AuthTokenRequest::parse(&b);
    }

    #[test]
    fn xml_parser_never_panics_on_mutated_documents(pos in 0usize..400, byte in any::<u8>()) {
        let mut doc = include_bytes!("data/auth-nip.xml").to_vec();
        let i = pos % doc.len();
        doc[i] = byte;
        let _ = AuthTokenRequest::parse(&doc);
    }
}
