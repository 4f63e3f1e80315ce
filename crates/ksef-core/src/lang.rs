//! The two languages of Klucznik's user-facing text.

use serde::{Deserialize, Serialize};

/// Polish first: it is the language of KSeF and of most of our users.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Pl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Pl, Lang::En];

    /// BCP 47 tag, for `<html lang>` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Pl => "pl",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("pl") => Some(Lang::Pl),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks one of two texts; keeps both languages side by side at the call site.
    pub fn pick<T>(self, pl: T, en: T) -> T {
        match self {
            Lang::Pl => pl,
            Lang::En => en,
        }
    }
}

/// Anything that can explain itself to a user in either language.
pub trait Localized {
    fn message(&self, lang: Lang) -> String;
}
