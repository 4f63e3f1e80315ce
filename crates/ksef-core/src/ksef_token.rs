//! The KSeF token string: `<reference>|nip-<NIP>|<64 hex>` or `…|internalId-<id>|…`.
//!
//! The secret part is never printed: `Debug` and `Display` mask it, and it is zeroized on drop.

use std::fmt;
use std::str::FromStr;

use zeroize::Zeroizing;

use crate::ident::ReferenceNumber;
use crate::lang::{Lang, Localized};

pub const MAX_TOKEN_LEN: usize = 160;

/// The context a token was issued in; tokens exist only for NIP and internal-ID contexts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenContextType {
    Nip,
    InternalId,
}

impl TokenContextType {
    /// The lower-camel prefix used inside the token string.
    pub fn prefix(self) -> &'static str {
        match self {
            TokenContextType::Nip => "nip",
            TokenContextType::InternalId => "internalId",
        }
    }

    /// The API's context type for the same context.
    pub fn context_type(self) -> crate::context::ContextType {
        match self {
            TokenContextType::Nip => crate::context::ContextType::Nip,
            TokenContextType::InternalId => crate::context::ContextType::InternalId,
        }
    }
}

// Serde: the app's worker sends it to the page as it is (rendered there, in the current language).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{}", self.message(Lang::Pl))]
pub enum TokenFormatError {
    Empty,
    TooLong { len: usize },
    Parts,
    Reference,
    Context,
    Secret,
}

impl Localized for TokenFormatError {
    fn message(&self, lang: Lang) -> String {
        use TokenFormatError::*;
        match (self, lang) {
            (Empty, Lang::Pl) => "Wklej token KSeF".into(),
            (Empty, Lang::En) => "Paste a KSeF token".into(),
            (TooLong { len }, Lang::Pl) => format!("Token KSeF ma najwyżej {MAX_TOKEN_LEN} znaków, wklejono {len}"),
            (TooLong { len }, Lang::En) => format!("A KSeF token has at most {MAX_TOKEN_LEN} characters, {len} pasted"),
            (Parts, Lang::Pl) => "Token KSeF składa się z trzech części rozdzielonych znakiem | (numer|kontekst|sekret)".into(),
            (Parts, Lang::En) => "A KSeF token has three parts separated by | (reference|context|secret)".into(),
            (Reference, Lang::Pl) => "Pierwsza część tokena nie jest numerem referencyjnym tokena (…-EC-…)".into(),
            (Reference, Lang::En) => "The first part is not a token reference number (…-EC-…)".into(),
            (Context, Lang::Pl) => "Druga część tokena musi mieć postać nip-NNNNNNNNNN lub internalId-NNNNNNNNNN-NNNNN".into(),
            (Context, Lang::En) => "The second part must be nip-NNNNNNNNNN or internalId-NNNNNNNNNN-NNNNN".into(),
            (Secret, Lang::Pl) => "Trzecia część tokena musi mieć 64 znaki szesnastkowe".into(),
            (Secret, Lang::En) => "The third part must be 64 hexadecimal characters".into(),
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub struct KsefToken {
    reference: ReferenceNumber,
    context_type: TokenContextType,
    context_value: String,
    /// The whole string as issued; encryption needs it verbatim.
    full: Zeroizing<String>,
}

impl KsefToken {
    pub fn reference(&self) -> &ReferenceNumber {
        &self.reference
    }

    pub fn context_type(&self) -> TokenContextType {
        self.context_type
    }

    /// The context value as written in the token (not re-validated: KSeF issued it).
    pub fn context_value(&self) -> &str {
        &self.context_value
    }

    /// The token's context as the API writes it (`POST /auth/ksef-token` must name it).
    pub fn context(&self) -> crate::context::ApiContextIdentifier {
        crate::context::ApiContextIdentifier {
            kind: self.context_type.context_type(),
            value: self.context_value.clone(),
        }
    }

    /// The full token string, only for encrypting it; never log or display it.
    pub fn expose_secret(&self) -> &str {
        &self.full
    }

    /// The 64-hex secret part (for the simulator's hash comparison).
    pub fn secret_part(&self) -> &str {
        self.full.rsplit('|').next().unwrap_or_default()
    }
}

fn all_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

fn parse_context(s: &str) -> Option<(TokenContextType, String)> {
    if let Some(nip) = s.strip_prefix("nip-") {
        return all_digits(nip, 10).then(|| (TokenContextType::Nip, nip.to_string()));
    }
    let id = s.strip_prefix("internalId-")?;
    let (nip, suffix) = id.split_once('-')?;
    (all_digits(nip, 10) && all_digits(suffix, 5))
        .then(|| (TokenContextType::InternalId, id.to_string()))
}

impl FromStr for KsefToken {
    type Err = TokenFormatError;
    fn from_str(s: &str) -> Result<Self, TokenFormatError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(TokenFormatError::Empty);
        }
        if s.chars().count() > MAX_TOKEN_LEN {
            return Err(TokenFormatError::TooLong {
                len: s.chars().count(),
            });
        }
        let parts: Vec<&str> = s.split('|').collect();
        let [reference, context, secret] = parts[..] else {
            return Err(TokenFormatError::Parts);
        };
        let reference: ReferenceNumber =
            reference.parse().map_err(|_| TokenFormatError::Reference)?;
        if reference.kind() != "EC" {
            return Err(TokenFormatError::Reference);
        }
        let (context_type, context_value) =
            parse_context(context).ok_or(TokenFormatError::Context)?;
        if secret.len() != 64 || !secret.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(TokenFormatError::Secret);
        }
        Ok(KsefToken {
            reference,
            context_type,
            context_value,
            full: Zeroizing::new(s.to_string()),
        })
    }
}

impl fmt::Display for KsefToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}|{}-{}|••••••••",
            self.reference,
            self.context_type.prefix(),
            self.context_value
        )
    }
}

impl fmt::Debug for KsefToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KsefToken")
            .field("reference", &self.reference.as_str())
            .field(
                "context",
                &format_args!("{}-{}", self.context_type.prefix(), self.context_value),
            )
            .field("secret", &"<hidden>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const SECRET: &str = "919f7044a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718296df7b9";

    #[wasm_bindgen_test(unsupported = test)]
    fn parses_both_context_kinds_and_hides_the_secret() {
        let s =
            format!("20251010-EC-1DCE3E3000-12ECB5B36E-45|internalId-5265877635-12345|{SECRET}");
        let t: KsefToken = s.parse().unwrap();
        assert_eq!(t.context_type(), TokenContextType::InternalId);
        assert_eq!(t.context_value(), "5265877635-12345");
        assert_eq!(t.expose_secret(), s);
        assert!(!format!("{t}").contains(SECRET));
        assert!(!format!("{t:?}").contains(SECRET));
        let t: KsefToken = format!("20251010-EC-1DCE3E3000-12ECB5B36E-45|nip-5239097734|{SECRET}")
            .parse()
            .unwrap();
        assert_eq!(t.context_type(), TokenContextType::Nip);
        assert_eq!(t.secret_part(), SECRET);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn rejects_malformed_tokens() {
        let r = "20251010-EC-1DCE3E3000-12ECB5B36E-45";
        assert_eq!(
            format!("{r}|nip-5239097734").parse::<KsefToken>(),
            Err(TokenFormatError::Parts)
        );
        assert_eq!(
            format!("{r}|nip-523909773|{SECRET}").parse::<KsefToken>(),
            Err(TokenFormatError::Context)
        );
        assert_eq!(
            format!("{r}|pesel-52390977341|{SECRET}").parse::<KsefToken>(),
            Err(TokenFormatError::Context)
        );
        assert_eq!(
            format!("{r}|nip-5239097734|{}", &SECRET[1..]).parse::<KsefToken>(),
            Err(TokenFormatError::Secret)
        );
        let au = "20251010-AU-1DCE3E3000-12ECB5B36E-45";
        assert_eq!(
            format!("{au}|nip-5239097734|{SECRET}").parse::<KsefToken>(),
            Err(TokenFormatError::Reference)
        );
        assert!(matches!(
            "x".repeat(161).parse::<KsefToken>(),
            Err(TokenFormatError::TooLong { len: 161 })
        ));
    }
}
