//! Identifiers of certificates: SHA-256 fingerprint and KSeF serial number.

use std::str::FromStr;

use super::{check_length, string_newtype, IdError, IdKind};

/// SHA-256 of a certificate's DER as 64 upper-case hex characters (what the SDKs send).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CertFingerprint(String);
string_newtype!(CertFingerprint);

impl CertFingerprint {
    pub fn from_digest(digest: &[u8; 32]) -> CertFingerprint {
        CertFingerprint(hex_upper(digest))
    }
}

/// KSeF certificate serial: 16 upper-case hex characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CertSerial(String);
string_newtype!(CertSerial);

impl CertSerial {
    pub fn from_bytes(serial: &[u8; 8]) -> CertSerial {
        CertSerial(hex_upper(serial))
    }
}

pub(crate) fn hex_upper(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Hex of a fixed length; lower case is accepted and stored upper-case.
fn parse_hex(kind: IdKind, s: &str, len: usize, expected: &'static str) -> Result<String, IdError> {
    check_length(kind, s, len)?;
    if !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(IdError::BadFormat { kind, expected });
    }
    Ok(s.to_ascii_uppercase())
}

impl FromStr for CertFingerprint {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        parse_hex(IdKind::Fingerprint, s, 64, "64 hex").map(CertFingerprint)
    }
}

impl FromStr for CertSerial {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        parse_hex(IdKind::CertSerial, s, 16, "16 hex").map(CertSerial)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn serial_and_fingerprint() {
        assert_eq!(
            "01f20a5d352ae590".parse::<CertSerial>().unwrap().as_str(),
            "01F20A5D352AE590"
        );
        assert!("01F20A5D352AE59".parse::<CertSerial>().is_err());
        assert!("01F20A5D352AE59G".parse::<CertSerial>().is_err());
        let fp = "8BF30676AC95EC1B270A8B130A7CDB13FF093F68ACAFE00FCD9EF48C81395371";
        assert_eq!(
            fp.to_lowercase()
                .parse::<CertFingerprint>()
                .unwrap()
                .as_str(),
            fp
        );
        assert!(fp[..40].parse::<CertFingerprint>().is_err());
    }
}
