//! KSeF reference numbers (`20250514-CR-226FB7B000-3ACF9BE4C0-10`) and challenges.

use std::str::FromStr;

use super::{string_newtype, IdError, IdKind};

/// `YYYYMMDD-TT-XXXXXXXXXX-XXXXXXXXXX-CC`: checked for format only; clients treat it as opaque.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ReferenceNumber(String);
string_newtype!(ReferenceNumber);

const FORMAT: &str = "RRRRMMDD-TT-XXXXXXXXXX-XXXXXXXXXX-XX";

/// CRC-8, polynomial 0x07, init 0: the last two hex digits of KSeF reference numbers.
pub fn crc8(data: &[u8]) -> u8 {
    data.iter().fold(0u8, |mut crc, &byte| {
        crc ^= byte;
        for _ in 0..8 {
            crc = if crc & 0x80 != 0 {
                (crc << 1) ^ 0x07
            } else {
                crc << 1
            };
        }
        crc
    })
}

impl ReferenceNumber {
    /// Builds a number the way KSeF does: date, two-letter type, 10 random bytes as hex, CRC-8.
    /// `date` is `YYYYMMDD`; the caller supplies the randomness (no I/O here).
    pub fn generate(date: &str, kind: &str, random: [u8; 10]) -> ReferenceNumber {
        let hex = super::cert::hex_upper(&random);
        let body = format!("{date}-{kind}-{}-{}", &hex[..10], &hex[10..]);
        let crc = crc8(body.as_bytes());
        ReferenceNumber(format!("{body}-{crc:02X}"))
    }

    /// The two-letter type: `CR` challenge, `AU` authentication, `EC` token, `EH` enrollment…
    pub fn kind(&self) -> &str {
        &self.0[9..11]
    }

    /// Whether the last two digits are the CRC-8 of the rest (informative only).
    pub fn crc_ok(&self) -> bool {
        u8::from_str_radix(&self.0[34..], 16).is_ok_and(|c| c == crc8(&self.0.as_bytes()[..33]))
    }
}

impl FromStr for ReferenceNumber {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        const KIND: IdKind = IdKind::ReferenceNumber;
        super::check_length(KIND, s, 36)?;
        let b = s.as_bytes();
        let hex =
            |r: std::ops::Range<usize>| b[r].iter().all(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F'));
        let ok = b[..8].iter().all(u8::is_ascii_digit)
            && [8, 11, 22, 33].iter().all(|&i| b[i] == b'-')
            && b[9..11].iter().all(u8::is_ascii_uppercase)
            && hex(12..22)
            && hex(23..33)
            && hex(34..36);
        if !ok {
            return Err(IdError::BadFormat {
                kind: KIND,
                expected: FORMAT,
            });
        }
        Ok(ReferenceNumber(s.to_string()))
    }
}

/// The challenge from `POST /auth/challenge`: a reference number of type `CR`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Challenge(String);
string_newtype!(Challenge);

impl FromStr for Challenge {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let r: ReferenceNumber = s.parse().map_err(|e| match e {
            IdError::BadFormat { .. } => IdError::BadFormat {
                kind: IdKind::Challenge,
                expected: FORMAT,
            },
            IdError::WrongLength { expected, got, .. } => IdError::WrongLength {
                kind: IdKind::Challenge,
                expected,
                got,
            },
            IdError::Empty { .. } => IdError::Empty {
                kind: IdKind::Challenge,
            },
            other => other,
        })?;
        if r.kind() != "CR" {
            return Err(IdError::WrongReferenceKind {
                expected: "CR",
                got: r.kind().to_string(),
            });
        }
        Ok(Challenge(r.0))
    }
}

impl From<Challenge> for ReferenceNumber {
    fn from(c: Challenge) -> ReferenceNumber {
        ReferenceNumber(c.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn spec_examples_have_valid_crc() {
        for s in [
            "20250514-CR-226FB7B000-3ACF9BE4C0-10",
            "20250514-AU-2DFC46C000-3AC6D5877F-D4",
            "20251010-EC-1DCE3E3000-12ECB5B36E-45",
        ] {
            let r: ReferenceNumber = s.parse().unwrap();
            assert!(r.crc_ok(), "{s}");
        }
        let c: Challenge = "20250514-CR-226FB7B000-3ACF9BE4C0-10".parse().unwrap();
        assert_eq!(c.as_str(), "20250514-CR-226FB7B000-3ACF9BE4C0-10");
        assert!("20250514-AU-226FB7B000-3ACF9BE4C0-10"
            .parse::<Challenge>()
            .is_err());
        assert!("20250514-CR-226fb7b000-3ACF9BE4C0-10"
            .parse::<ReferenceNumber>()
            .is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn generated_numbers_round_trip() {
        let r = ReferenceNumber::generate("20261121", "EC", [0xAB; 10]);
        assert_eq!(r.kind(), "EC");
        assert!(r.crc_ok());
        assert_eq!(r.as_str().parse::<ReferenceNumber>().unwrap(), r);
    }
}
