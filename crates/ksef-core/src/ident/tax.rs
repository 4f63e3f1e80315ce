//! Tax identifiers: NIP, the internal identifier built on it, NIP-VAT UE and Peppol ID.

use std::str::FromStr;
use std::sync::LazyLock;

use super::{check_length, digits, string_newtype, IdError, IdKind};

/// Polish tax number (10 digits, weighted mod-11 check digit).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Nip(pub(crate) String);
string_newtype!(Nip);

const NIP_WEIGHTS: [u32; 9] = [6, 5, 7, 2, 3, 4, 5, 6, 7];

impl Nip {
    /// Accepts what people type: spaces, dashes and a `PL` prefix are dropped.
    pub fn from_user_input(s: &str) -> Result<Nip, IdError> {
        let s = s.trim();
        let s = s
            .strip_prefix("PL")
            .or_else(|| s.strip_prefix("pl"))
            .unwrap_or(s);
        let cleaned: String = s.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        cleaned.parse()
    }

    /// The check digit for the first nine digits, or `None` when no digit fits (sum mod 11 = 10).
    pub fn check_digit(first_nine: &[u32]) -> Option<u32> {
        let sum: u32 = first_nine.iter().zip(NIP_WEIGHTS).map(|(d, w)| d * w).sum();
        let check = sum % 11;
        (check < 10).then_some(check)
    }
}

/// `[1-9]((\d[1-9])|([1-9]\d))\d{7}` plus the checksum, for a 10-char slice.
fn validate_nip(kind: IdKind, s: &str) -> Result<(), IdError> {
    check_length(IdKind::Nip, s, 10)?;
    let d = digits(IdKind::Nip, s)?;
    if d[0] == 0 || (d[1] == 0 && d[2] == 0) {
        return Err(IdError::BadFormat {
            kind,
            expected: "[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}",
        });
    }
    match Nip::check_digit(&d[..9]) {
        Some(c) if c == d[9] => Ok(()),
        _ => Err(IdError::BadChecksum { kind: IdKind::Nip }),
    }
}

impl FromStr for Nip {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        validate_nip(IdKind::Nip, s)?;
        Ok(Nip(s.to_string()))
    }
}

/// Internal identifier: NIP, `-`, four digits and a weighted (1,3,1,3…) mod-10 check digit.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InternalId(pub(crate) String);
string_newtype!(InternalId);

impl InternalId {
    pub fn check_digit(fourteen: &[u32]) -> u32 {
        let sum: u32 = fourteen
            .iter()
            .enumerate()
            .map(|(i, d)| d * if i % 2 == 0 { 1 } else { 3 })
            .sum();
        sum % 10
    }

    /// The NIP part (first ten digits).
    pub fn nip_part(&self) -> &str {
        &self.0[..10]
    }
}

impl FromStr for InternalId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        const KIND: IdKind = IdKind::InternalId;
        check_length(KIND, s, 16)?;
        if !s.is_ascii() {
            return Err(IdError::BadFormat {
                kind: KIND,
                expected: "NIP-NNNNN",
            });
        }
        let (nip, rest) = s.split_at(10);
        let Some(suffix) = rest.strip_prefix('-') else {
            return Err(IdError::BadFormat {
                kind: KIND,
                expected: "NIP-NNNNN",
            });
        };
        let mut d = digits(KIND, nip)?;
        d.extend(digits(KIND, suffix)?);
        if d[0] == 0 || (d[1] == 0 && d[2] == 0) {
            return Err(IdError::BadFormat {
                kind: KIND,
                expected: "NIP-NNNNN",
            });
        }
        if InternalId::check_digit(&d[..14]) != d[14] {
            return Err(IdError::BadChecksum { kind: KIND });
        }
        Ok(InternalId(s.to_string()))
    }
}

/// NIP of a Polish entity joined with an EU VAT number: `{nip}-{vat_ue}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct NipVatUe(pub(crate) String);
string_newtype!(NipVatUe);

/// The VAT-number part of `TNipVatUE` from the auth XSD (per VIES FAQ Q11), anchored here;
/// a regex because the per-country rules are a table no hand-written check would keep right.
static VAT_UE: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
    regex_lite::Regex::new(concat!(
        r"^((AT)(U\d{8})|(BE)([01]{1}\d{9})|(BG)(\d{9,10})|(CY)(\d{8}[A-Z])|(CZ)(\d{8,10})",
        r"|(DE)(\d{9})|(DK)(\d{8})|(EE)(\d{9})|(EL)(\d{9})|(ES)([A-Z]\d{8}|\d{8}[A-Z]|[A-Z]\d{7}[A-Z])",
        r"|(FI)(\d{8})|(FR)[A-Z0-9]{2}\d{9}|(HR)(\d{11})|(HU)(\d{8})",
        r"|(IE)(\d{7}[A-Z]{2}|\d[A-Z0-9+*]\d{5}[A-Z])|(IT)(\d{11})|(LT)(\d{9}|\d{12})|(LU)(\d{8})",
        r"|(LV)(\d{11})|(MT)(\d{8})|(NL)([A-Z0-9+*]{12})|(PT)(\d{9})|(RO)(\d{2,10})|(SE)(\d{12})",
        r"|(SI)(\d{8})|(SK)(\d{10})|(XI)((\d{9}|(\d{12}))|(GD|HA)(\d{3})))$"
    ))
    .expect("static regex")
});

/// An EU VAT number (country prefix and number, e.g. `DE123456789`) by the VIES patterns.
pub fn is_vat_ue_number(s: &str) -> bool {
    VAT_UE.is_match(s)
}

impl NipVatUe {
    pub fn nip_part(&self) -> &str {
        &self.0[..10]
    }
    pub fn vat_part(&self) -> &str {
        &self.0[11..]
    }
}

impl FromStr for NipVatUe {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        const KIND: IdKind = IdKind::NipVatUe;
        if s.is_empty() {
            return Err(IdError::Empty { kind: KIND });
        }
        let format = IdError::BadFormat {
            kind: KIND,
            expected: "NIP-KKnnnnnnnn (np. 5265877635-ATU12345678)",
        };
        let (Some(nip), Some(vat)) = (s.get(..10), s.get(10..).and_then(|r| r.strip_prefix('-')))
        else {
            return Err(format);
        };
        validate_nip(KIND, nip)?;
        if !VAT_UE.is_match(vat) {
            return Err(format);
        }
        Ok(NipVatUe(s.to_string()))
    }
}

/// Peppol service provider ID: `P`, two capital letters, six digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PeppolId(String);
string_newtype!(PeppolId);

impl FromStr for PeppolId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        const KIND: IdKind = IdKind::PeppolId;
        check_length(KIND, s, 9)?;
        let b = s.as_bytes();
        let ok = b[0] == b'P'
            && b[1..3].iter().all(u8::is_ascii_uppercase)
            && b[3..].iter().all(u8::is_ascii_digit);
        if !ok {
            return Err(IdError::BadFormat {
                kind: KIND,
                expected: "PAA999999",
            });
        }
        Ok(PeppolId(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Lang, Localized};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn nip_examples_from_the_sdk() {
        assert!("1234563218".parse::<Nip>().is_ok());
        assert_eq!(
            "1234563219".parse::<Nip>(),
            Err(IdError::BadChecksum { kind: IdKind::Nip })
        );
        assert!("5265877635".parse::<Nip>().is_ok());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn nip_messages_say_what_is_wrong() {
        let e = "123456321".parse::<Nip>().unwrap_err();
        assert_eq!(e.message(Lang::Pl), "NIP ma 10 cyfr, podano 9");
        assert_eq!(e.message(Lang::En), "NIP has 10 digits, 9 given");
        let e = "1234563219".parse::<Nip>().unwrap_err();
        assert_eq!(e.message(Lang::Pl), "Błędna suma kontrolna NIP");
        assert_eq!(e.to_string(), "Błędna suma kontrolna NIP");
        assert!(matches!(
            "12345a3218".parse::<Nip>(),
            Err(IdError::NotDigits { .. })
        ));
        assert!(matches!(
            "0234563218".parse::<Nip>(),
            Err(IdError::BadFormat { .. })
        ));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn nip_user_input_is_forgiving() {
        assert_eq!(
            Nip::from_user_input(" PL 526-587-76-35 ").unwrap().as_str(),
            "5265877635"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn internal_id_check_digit() {
        assert!("6824515772-12343".parse::<InternalId>().is_ok());
        assert!(matches!(
            "5265877635-12345".parse::<InternalId>(),
            Err(IdError::BadChecksum { .. })
        ));
        assert!(matches!(
            "6824515772_12343".parse::<InternalId>(),
            Err(IdError::BadFormat { .. })
        ));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn nip_vat_ue_and_peppol() {
        let v: NipVatUe = "5265877635-ATU12345678".parse().unwrap();
        assert_eq!((v.nip_part(), v.vat_part()), ("5265877635", "ATU12345678"));
        assert!("5265877635-XX12345678".parse::<NipVatUe>().is_err());
        assert!("5265877635ATU12345678".parse::<NipVatUe>().is_err());
        assert!("PAB123456".parse::<PeppolId>().is_ok());
        assert!("pAB123456".parse::<PeppolId>().is_err());
        assert!("PAB12345".parse::<PeppolId>().is_err());
    }
}
