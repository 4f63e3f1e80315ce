//! Input rules with per-rule feedback, so forms can show a live checklist.

use crate::lang::Lang;

const POLISH_LETTERS: &str = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ";
/// Specials allowed in key passwords by the Ministry's app.
pub const PASSWORD_SPECIALS: &str = "!@#$%^&*()-_+=";

/// One rule of a form field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Rule {
    Length { min: usize, max: usize },
    CertNameChars,
    MinistryNameLength,
    MinistryNoPolishLetters,
    Upper,
    Lower,
    Digit,
    Special,
    NoPolishLetters,
    OnlyAllowedChars,
}

impl Rule {
    pub fn message(self, lang: Lang) -> String {
        match (self, lang) {
            (Rule::Length { min, max }, Lang::Pl) => format!("od {min} do {max} znaków"),
            (Rule::Length { min, max }, Lang::En) => format!("{min} to {max} characters"),
            (Rule::CertNameChars, Lang::Pl) => {
                "tylko litery (także polskie), cyfry, spacja, _ i -".into()
            }
            (Rule::CertNameChars, Lang::En) => {
                "only letters (Polish too), digits, space, _ and -".into()
            }
            (Rule::MinistryNameLength, Lang::Pl) => {
                "aplikacja Ministerstwa przyjmuje najwyżej 50 znaków".into()
            }
            (Rule::MinistryNameLength, Lang::En) => {
                "the Ministry's app accepts at most 50 characters".into()
            }
            (Rule::MinistryNoPolishLetters, Lang::Pl) => {
                "aplikacja Ministerstwa nie przyjmuje polskich liter".into()
            }
            (Rule::MinistryNoPolishLetters, Lang::En) => {
                "the Ministry's app does not accept Polish letters".into()
            }
            (Rule::Upper, Lang::Pl) => "co najmniej jedna wielka litera".into(),
            (Rule::Upper, Lang::En) => "at least one upper-case letter".into(),
            (Rule::Lower, Lang::Pl) => "co najmniej jedna mała litera".into(),
            (Rule::Lower, Lang::En) => "at least one lower-case letter".into(),
            (Rule::Digit, Lang::Pl) => "co najmniej jedna cyfra".into(),
            (Rule::Digit, Lang::En) => "at least one digit".into(),
            (Rule::Special, Lang::Pl) => {
                format!("co najmniej jeden znak specjalny z {PASSWORD_SPECIALS}")
            }
            (Rule::Special, Lang::En) => {
                format!("at least one special character from {PASSWORD_SPECIALS}")
            }
            (Rule::NoPolishLetters, Lang::Pl) => "bez polskich liter".into(),
            (Rule::NoPolishLetters, Lang::En) => "no Polish letters".into(),
            (Rule::OnlyAllowedChars, Lang::Pl) => {
                format!("bez innych znaków specjalnych niż {PASSWORD_SPECIALS}")
            }
            (Rule::OnlyAllowedChars, Lang::En) => {
                format!("no special characters other than {PASSWORD_SPECIALS}")
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Check {
    pub rule: Rule,
    pub ok: bool,
}

/// Results for one field: `checks` must all pass; `warnings` inform but do not block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checklist {
    pub checks: Vec<Check>,
    pub warnings: Vec<Check>,
}

impl Checklist {
    pub fn is_ok(&self) -> bool {
        self.checks.iter().all(|c| c.ok)
    }

    /// The rules that fail, for an error message next to the field.
    pub fn failed(&self) -> impl Iterator<Item = Rule> + '_ {
        self.checks.iter().filter(|c| !c.ok).map(|c| c.rule)
    }

    pub fn failed_warnings(&self) -> impl Iterator<Item = Rule> + '_ {
        self.warnings.iter().filter(|c| !c.ok).map(|c| c.rule)
    }
}

fn check(rule: Rule, ok: bool) -> Check {
    Check { rule, ok }
}

fn length(s: &str, min: usize, max: usize) -> Check {
    let n = s.chars().count();
    check(Rule::Length { min, max }, (min..=max).contains(&n))
}

/// KSeF token description: 5..256 characters.
pub fn token_description(s: &str) -> Checklist {
    Checklist {
        checks: vec![length(s, 5, 256)],
        warnings: vec![],
    }
}

/// Certificate name as the API accepts it, with warnings where the Ministry's app is stricter.
pub fn certificate_name(s: &str) -> Checklist {
    let allowed = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' ') || POLISH_LETTERS.contains(c)
    };
    Checklist {
        checks: vec![
            length(s, 5, 100),
            check(Rule::CertNameChars, s.chars().all(allowed)),
        ],
        warnings: vec![
            check(Rule::MinistryNameLength, s.chars().count() <= 50),
            check(
                Rule::MinistryNoPolishLetters,
                !s.chars().any(|c| POLISH_LETTERS.contains(c)),
            ),
        ],
    }
}

/// The key-file password policy of the Ministry's app.
pub fn key_password(s: &str) -> Checklist {
    let has = |f: fn(&char) -> bool| s.chars().any(|c| f(&c));
    Checklist {
        checks: vec![
            length(s, 15, 32),
            check(Rule::Upper, has(char::is_ascii_uppercase)),
            check(Rule::Lower, has(char::is_ascii_lowercase)),
            check(Rule::Digit, has(char::is_ascii_digit)),
            check(
                Rule::Special,
                s.chars().any(|c| PASSWORD_SPECIALS.contains(c)),
            ),
            check(
                Rule::NoPolishLetters,
                !s.chars().any(|c| POLISH_LETTERS.contains(c)),
            ),
            check(
                Rule::OnlyAllowedChars,
                s.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || PASSWORD_SPECIALS.contains(c)
                        || POLISH_LETTERS.contains(c)
                }),
            ),
        ],
        warnings: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn description_length() {
        assert!(!token_description("abcd").is_ok());
        assert!(token_description("abcde").is_ok());
        assert!(token_description(&"ż".repeat(256)).is_ok());
        assert!(!token_description(&"a".repeat(257)).is_ok());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn certificate_names() {
        let c = certificate_name("Faktury księgowość");
        assert!(c.is_ok());
        assert_eq!(
            c.failed_warnings().collect::<Vec<_>>(),
            vec![Rule::MinistryNoPolishLetters]
        );
        assert_eq!(
            certificate_name("ERP/1 name").failed().collect::<Vec<_>>(),
            vec![Rule::CertNameChars]
        );
        let long = certificate_name(&"a".repeat(60));
        assert!(long.is_ok());
        assert_eq!(
            long.failed_warnings().collect::<Vec<_>>(),
            vec![Rule::MinistryNameLength]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn ministry_password_policy() {
        assert!(key_password("ADadADad12!@adadad").is_ok());
        let weak = key_password("short1A!");
        assert_eq!(
            weak.failed().collect::<Vec<_>>(),
            vec![Rule::Length { min: 15, max: 32 }]
        );
        let polish = key_password("Zażółć1234567!gęś");
        assert_eq!(
            polish.failed().collect::<Vec<_>>(),
            vec![Rule::NoPolishLetters]
        );
        let other = key_password("Abcdefghijk123 ?");
        assert_eq!(
            other.failed().collect::<Vec<_>>(),
            vec![Rule::Special, Rule::OnlyAllowedChars]
        );
        assert_eq!(Rule::Digit.message(Lang::Pl), "co najmniej jedna cyfra");
    }
}
