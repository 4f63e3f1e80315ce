//! What can go wrong making or checking a QR code, in words a user can act on.

use time::Date;

use crate::lang::{Lang, Localized};

// Serde: the app's worker sends it to the page as it is (rendered there, in the current language).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{}", self.message(Lang::Pl))]
pub enum QrError {
    BadHash,
    AuthenticationCertificate,
    NotKsefCertificate,
    NotKsefSerial(String),
    KeyMismatch,
    NotYetValid(Date),
    Expired(Date),
    NotXml(String),
    NotALink(String),
    BadSignature,
    TooLong(usize),
}

impl Localized for QrError {
    fn message(&self, lang: Lang) -> String {
        match self {
            QrError::BadHash => lang
                .pick(
                    "Skrót faktury to 32 bajty SHA-256 w Base64URL (43 znaki)",
                    "The invoice hash is 32 bytes of SHA-256 in Base64URL (43 characters)",
                )
                .into(),
            QrError::AuthenticationCertificate => lang
                .pick(
                    "To certyfikat typu Authentication (do logowania). Kod II podpisuje się wyłącznie certyfikatem typu Offline — złóż wniosek o taki certyfikat na stronie Certyfikaty.",
                    "This is an Authentication certificate (for logging in). Code II is signed only with an Offline certificate — request one on the Certificates page.",
                )
                .into(),
            QrError::NotKsefCertificate => lang
                .pick(
                    "To nie jest certyfikat KSeF typu Offline (brak właściwego użycia klucza)",
                    "This is not an Offline KSeF certificate (no suitable key usage)",
                )
                .into(),
            QrError::NotKsefSerial(serial) => lang.pick(
                format!("Numer seryjny {serial} nie jest numerem certyfikatu KSeF (16 znaków szesnastkowych) — to nie jest certyfikat wydany przez KSeF"),
                format!("Serial {serial} is not a KSeF certificate serial (16 hex digits) — this certificate was not issued by KSeF"),
            ),
            QrError::KeyMismatch => lang
                .pick(
                    "Klucz prywatny nie pasuje do certyfikatu — wybierz parę plików z tego samego wniosku",
                    "The private key does not match the certificate — pick the pair from the same request",
                )
                .into(),
            QrError::NotYetValid(d) => lang.pick(
                format!("Certyfikat jest ważny dopiero od {d}"),
                format!("The certificate is valid only from {d}"),
            ),
            QrError::Expired(d) => lang.pick(
                format!("Certyfikat wygasł {d}"),
                format!("The certificate expired on {d}"),
            ),
            QrError::NotXml(e) => lang.pick(
                format!("Plik faktury nie jest poprawnym XML: {e}"),
                format!("The invoice file is not well-formed XML: {e}"),
            ),
            QrError::NotALink(what) => lang.pick(
                format!("To nie jest link kodu II KSeF: {what}"),
                format!("This is not a KSeF code II link: {what}"),
            ),
            QrError::BadSignature => lang
                .pick(
                    "Podpis w kodzie II nie pasuje do certyfikatu",
                    "The code II signature does not match the certificate",
                )
                .into(),
            QrError::TooLong(n) => lang.pick(
                format!("Tekst ({n} bajtów) nie mieści się w kodzie QR"),
                format!("The text ({n} bytes) does not fit in a QR code"),
            ),
        }
    }
}
