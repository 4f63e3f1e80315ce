//! Identifiers used by KSeF, as newtypes that can only hold valid values
//! ("parse, don't validate"): build them with `str::parse`.

mod cert;
mod invoice_number;
mod person;
mod reference;
mod tax;

pub use cert::{CertFingerprint, CertSerial};
pub use invoice_number::KsefNumber;
pub use person::Pesel;
pub use reference::{Challenge, ReferenceNumber};
pub use tax::{is_vat_ue_number, InternalId, Nip, NipVatUe, PeppolId};

use crate::lang::{Lang, Localized};

/// Which identifier a value was meant to be; names it in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdKind {
    Nip,
    Pesel,
    InternalId,
    NipVatUe,
    PeppolId,
    Fingerprint,
    CertSerial,
    ReferenceNumber,
    Challenge,
    KsefNumber,
}

impl IdKind {
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            IdKind::Nip => "NIP",
            IdKind::Pesel => "PESEL",
            IdKind::InternalId => lang.pick("Identyfikator wewnętrzny", "Internal ID"),
            IdKind::NipVatUe => lang.pick("Identyfikator NIP-VAT UE", "NIP-EU VAT identifier"),
            IdKind::PeppolId => "Peppol ID",
            IdKind::Fingerprint => lang.pick("Odcisk certyfikatu", "Certificate fingerprint"),
            IdKind::CertSerial => lang.pick("Numer seryjny certyfikatu", "Certificate serial"),
            IdKind::ReferenceNumber => lang.pick("Numer referencyjny", "Reference number"),
            IdKind::Challenge => lang.pick("Wyzwanie (challenge)", "Challenge"),
            IdKind::KsefNumber => lang.pick("Numer KSeF faktury", "KSeF invoice number"),
        }
    }

    /// Polish genitive, for "Błędna suma kontrolna …".
    fn genitive_pl(self) -> &'static str {
        match self {
            IdKind::InternalId => "identyfikatora wewnętrznego",
            IdKind::NipVatUe => "NIP w identyfikatorze NIP-VAT UE",
            other => other.name(Lang::Pl),
        }
    }

    /// NIP and PESEL are counted in digits, everything else in characters.
    fn counts_digits(self) -> bool {
        matches!(self, IdKind::Nip | IdKind::Pesel)
    }
}

/// Why a value is not a valid identifier, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Pl))]
pub enum IdError {
    Empty {
        kind: IdKind,
    },
    WrongLength {
        kind: IdKind,
        expected: usize,
        got: usize,
    },
    NotDigits {
        kind: IdKind,
    },
    BadChecksum {
        kind: IdKind,
    },
    BadFormat {
        kind: IdKind,
        expected: &'static str,
    },
    PeselMonth,
    WrongReferenceKind {
        expected: &'static str,
        got: String,
    },
}

impl Localized for IdError {
    fn message(&self, lang: Lang) -> String {
        match self {
            IdError::Empty { kind } => match lang {
                Lang::Pl => format!("Podaj {}", kind.name(lang)),
                Lang::En => format!("Enter the {}", kind.name(lang)),
            },
            IdError::WrongLength {
                kind,
                expected,
                got,
            } => {
                let n = kind.name(lang);
                match (lang, kind.counts_digits()) {
                    (Lang::Pl, true) => format!("{n} ma {expected} cyfr, podano {got}"),
                    (Lang::Pl, false) => format!("{n} ma {expected} znaków, podano {got}"),
                    (Lang::En, true) => format!("{n} has {expected} digits, {got} given"),
                    (Lang::En, false) => format!("{n} has {expected} characters, {got} given"),
                }
            }
            IdError::NotDigits { kind } => match lang {
                Lang::Pl => format!("{} może zawierać tylko cyfry", kind.name(lang)),
                Lang::En => format!("{} may contain digits only", kind.name(lang)),
            },
            IdError::BadChecksum { kind } => match lang {
                Lang::Pl => format!("Błędna suma kontrolna {}", kind.genitive_pl()),
                Lang::En => format!("Invalid {} checksum", kind.name(lang)),
            },
            IdError::BadFormat { kind, expected } => match lang {
                Lang::Pl => format!(
                    "Nieprawidłowy format: {} (oczekiwano {expected})",
                    kind.name(lang)
                ),
                Lang::En => format!("Invalid format: {} (expected {expected})", kind.name(lang)),
            },
            IdError::PeselMonth => lang
                .pick(
                    "PESEL zawiera nieprawidłowy miesiąc urodzenia",
                    "PESEL has an invalid birth month",
                )
                .to_string(),
            IdError::WrongReferenceKind { expected, got } => match lang {
                Lang::Pl => format!("Oczekiwano numeru typu {expected}, podano typ {got}"),
                Lang::En => format!("Expected a reference of type {expected}, got {got}"),
            },
        }
    }
}

/// Digits of an all-ASCII-digit string, or `NotDigits`.
fn digits(kind: IdKind, s: &str) -> Result<Vec<u32>, IdError> {
    s.chars()
        .map(|c| c.to_digit(10).ok_or(IdError::NotDigits { kind }))
        .collect()
}

/// Checks emptiness and exact length (in chars) before anything else.
fn check_length(kind: IdKind, s: &str, expected: usize) -> Result<(), IdError> {
    let got = s.chars().count();
    if got == 0 {
        return Err(IdError::Empty { kind });
    }
    if got != expected {
        return Err(IdError::WrongLength {
            kind,
            expected,
            got,
        });
    }
    Ok(())
}

/// Implements `Display`, `AsRef<str>` and string serde for a newtype over `String`.
macro_rules! string_newtype {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl $t {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use string_newtype;
