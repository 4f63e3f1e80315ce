//! PESEL, the Polish personal number.

use std::str::FromStr;

use super::{check_length, digits, string_newtype, IdError, IdKind};

/// 11 digits: birth date (month encodes the century), serial, sex, check digit.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pesel(String);
string_newtype!(Pesel);

const WEIGHTS: [u32; 10] = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

impl Pesel {
    pub fn check_digit(first_ten: &[u32]) -> u32 {
        let sum: u32 = first_ten.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
        (10 - sum % 10) % 10
    }
}

/// Month 01–12 plus 20, 40, 60 or 80 for the century, as the spec's pattern allows.
fn valid_month(tens: u32, ones: u32) -> bool {
    let m = (tens % 2) * 10 + ones;
    (1..=12).contains(&m)
}

impl FromStr for Pesel {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        check_length(IdKind::Pesel, s, 11)?;
        let d = digits(IdKind::Pesel, s)?;
        if !valid_month(d[2], d[3]) {
            return Err(IdError::PeselMonth);
        }
        if Pesel::check_digit(&d[..10]) != d[10] {
            return Err(IdError::BadChecksum {
                kind: IdKind::Pesel,
            });
        }
        Ok(Pesel(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn pesel_examples() {
        assert!("44051401359".parse::<Pesel>().is_ok());
        assert!("02271409867".parse::<Pesel>().is_ok()); // born 2002: month + 20
        assert_eq!(
            "44051401358".parse::<Pesel>(),
            Err(IdError::BadChecksum {
                kind: IdKind::Pesel
            })
        );
        assert_eq!("44131401359".parse::<Pesel>(), Err(IdError::PeselMonth));
        assert_eq!("44001401359".parse::<Pesel>(), Err(IdError::PeselMonth));
    }
}
