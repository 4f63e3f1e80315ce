//! The KSeF number an invoice gets once KSeF accepts it (`5265877635-20250826-0100001AF629-AF`).

use std::str::FromStr;

use super::reference::crc8;
use super::{check_length, string_newtype, IdError, IdKind};

/// Seller NIP, acceptance date `YYYYMMDD`, 12 hex digits and a CRC-8 of the rest, all checked.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct KsefNumber(String);
string_newtype!(KsefNumber);

const FORMAT: &str = "NIP-RRRRMMDD-XXXXXXXXXXXX-XX";

impl FromStr for KsefNumber {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        const KIND: IdKind = IdKind::KsefNumber;
        let s = s.trim().to_ascii_uppercase();
        check_length(KIND, &s, 35)?;
        let b = s.as_bytes();
        let hex = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_hexdigit);
        let format_ok = b[..10].iter().all(u8::is_ascii_digit)
            && b[11..19].iter().all(u8::is_ascii_digit)
            && [10, 19, 32].iter().all(|&i| b[i] == b'-')
            && hex(20..32)
            && hex(33..35);
        if !format_ok {
            return Err(IdError::BadFormat {
                kind: KIND,
                expected: FORMAT,
            });
        }
        s[..10].parse::<super::Nip>()?;
        // Unlike reference numbers, a KSeF number is typed in from paper: a typo must show.
        if u8::from_str_radix(&s[33..], 16).ok() != Some(crc8(&b[..32])) {
            return Err(IdError::BadChecksum { kind: KIND });
        }
        Ok(KsefNumber(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn docs_example_and_typos() {
        let n: KsefNumber = "5265877635-20250826-0100001af629-af".parse().unwrap();
        assert_eq!(n.as_str(), "5265877635-20250826-0100001AF629-AF");
        assert_eq!(
            "5265877635-20250826-0100001AF628-AF".parse::<KsefNumber>(),
            Err(IdError::BadChecksum {
                kind: IdKind::KsefNumber
            })
        );
        assert!(matches!(
            "5265877635/20250826-0100001AF629-AF".parse::<KsefNumber>(),
            Err(IdError::BadFormat { .. })
        ));
        assert!(matches!(
            "5265877635-20250826-0100001AF629".parse::<KsefNumber>(),
            Err(IdError::WrongLength { .. })
        ));
    }
}
