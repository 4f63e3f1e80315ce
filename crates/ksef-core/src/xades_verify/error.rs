//! Why a signed document is refused: the KSeF code, KSeF's detail string, and a message a user
//! can act on.

use crate::lang::{Lang, Localized};

/// Why a document is refused, with the KSeF error code it maps to.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Pl))]
pub enum SignatureError {
    /// Not XML we can read (9101).
    Malformed(String),
    /// No `ds:Signature` (9102).
    Unsigned,
    /// More than one signature (9103).
    TooMany(usize),
    /// A reference to something outside the document (9105).
    Detached(String),
    /// An algorithm KSeF does not accept (9105).
    Algorithm(String),
    /// A digest or the signature value does not verify (9105).
    Invalid(String),
    /// An ECDSA value in DER instead of `r‖s` (9105, "signature verified negatively" on KSeF).
    EcdsaNotRaw,
    /// Not a XAdES signature KSeF accepts (9105).
    Profile(String),
    /// The certificate in `KeyInfo` is missing or unreadable (21115).
    Certificate(String),
}

impl SignatureError {
    pub fn ksef_code(&self) -> i32 {
        match self {
            SignatureError::Malformed(_) => 9101,
            SignatureError::Unsigned => 9102,
            SignatureError::TooMany(_) => 9103,
            SignatureError::Certificate(_) => 21115,
            _ => 9105,
        }
    }

    /// The detail string, in KSeF's wording where KSeF has one.
    pub fn detail(&self) -> String {
        match self {
            SignatureError::Malformed(d)
            | SignatureError::Detached(d)
            | SignatureError::Algorithm(d)
            | SignatureError::Invalid(d)
            | SignatureError::Certificate(d) => d.clone(),
            SignatureError::Profile(d) => {
                format!("Format podpisu niezgodny z akceptowanymi profilami XAdES. {d}")
            }
            SignatureError::Unsigned => "Brak podpisu.".into(),
            SignatureError::EcdsaNotRaw => "signature verified negatively".into(),
            SignatureError::TooMany(n) => {
                format!("Dokument zawiera {n} podpisy; dozwolony jest jeden.")
            }
        }
    }
}

impl Localized for SignatureError {
    fn message(&self, lang: Lang) -> String {
        use SignatureError::*;
        let d = self.detail();
        match (self, lang) {
            (Malformed(_), Lang::Pl) => format!("Nieprawidłowy dokument: {d}"),
            (Malformed(_), Lang::En) => format!("Invalid document: {d}"),
            (Unsigned, Lang::Pl) => "Plik nie jest podpisany. Podpisz go (Profil Zaufany, podpis kwalifikowany lub pieczęć) i wczytaj ponownie.".into(),
            (Unsigned, Lang::En) => "The file is not signed. Sign it (Trusted Profile, qualified signature or seal) and load it again.".into(),
            (TooMany(n), Lang::Pl) => format!("Plik zawiera {n} podpisy; KSeF przyjmuje dokładnie jeden. Podpisz niepodpisany plik auth.xml."),
            (TooMany(n), Lang::En) => format!("The file contains {n} signatures; KSeF accepts exactly one. Sign the unsigned auth.xml."),
            (Detached(_), Lang::Pl) => format!("Podpis zewnętrzny (detached) – KSeF przyjmuje tylko podpis otoczony (enveloped): {d}"),
            (Detached(_), Lang::En) => format!("Detached signature – KSeF accepts enveloped signatures only: {d}"),
            (Algorithm(_), Lang::Pl) => format!("Algorytm nieakceptowany przez KSeF: {d}"),
            (Algorithm(_), Lang::En) => format!("Algorithm not accepted by KSeF: {d}"),
            (Invalid(_), Lang::Pl) => format!("Podpis jest nieprawidłowy (plik zmieniono po podpisaniu?): {d}"),
            (Invalid(_), Lang::En) => format!("The signature is invalid (was the file changed after signing?): {d}"),
            (EcdsaNotRaw, Lang::Pl) => "Wartość podpisu ECDSA jest zapisana w DER; KSeF wymaga formatu r‖s (XMLDSig 1.1) i odrzuci ją jako „signature verified negatively”. Podpisz plik narzędziem zgodnym z XMLDSig 1.1.".into(),
            (EcdsaNotRaw, Lang::En) => "The ECDSA signature value is DER-encoded; KSeF requires r‖s (XMLDSig 1.1) and rejects it as 'signature verified negatively'. Sign with an XMLDSig 1.1 compliant tool.".into(),
            (Profile(p), Lang::Pl) => format!("Podpis nie spełnia profilu XAdES wymaganego przez KSeF: {p}"),
            (Profile(p), Lang::En) => format!("The signature does not meet the XAdES profile KSeF requires: {p}"),
            (Certificate(_), Lang::Pl) => format!("Nieprawidłowy certyfikat w podpisie: {d}"),
            (Certificate(_), Lang::En) => format!("Invalid certificate in the signature: {d}"),
        }
    }
}
