//! Why a worker job gave no answer, as a value: it crosses from the worker to the page as it
//! is and is put in words only when shown, in the language of that moment. ksef-core's own
//! errors are kept whole (they explain themselves); the rest is worded by the catalog.

use ksef_core::certificate::CertificateError;
use ksef_core::csr::CsrError;
use ksef_core::keys::KeyError;
use ksef_core::keystore::KeyFileError;
use ksef_core::ksef_token::TokenFormatError;
use ksef_core::lang::{Lang, Localized};
use ksef_core::qr::QrError;
use ksef_core::token_crypto::TokenCryptoError;
use serde::{Deserialize, Serialize};

use crate::i18n::texts;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerFailure {
    /// The worker went away before it answered.
    Stopped,
    /// The page and the worker do not read each other's messages: they come from different
    /// builds (an update arrived meanwhile).
    Mismatch,
    /// The page built a request the worker cannot use (`auth.xml` to sign, a context): a fault
    /// in Klucznik, not in the user's input.
    InvalidRequest,
    /// A file's bytes did not arrive intact (they travel as Base64).
    FileDamaged,
    /// The certificate to sign with ended on this day.
    CertificateExpired(time::Date),
    /// Code II was asked for before an Offline certificate was loaded.
    NoOfflineCertificate,
    /// The desk was asked to open a client before its certificate was loaded (or after
    /// "Forget", or after the worker restarted).
    NoDeskCertificate,
    /// A test certificate names a NIP, and the login's context has none.
    TestCertificateNeedsNip,
    /// Building the test certificate failed (`detail`: the encoder's words, technical).
    TestCertificate {
        detail: String,
    },
    Key(KeyError),
    KeyFile(KeyFileError),
    Certificate(CertificateError),
    Csr(CsrError),
    Token(TokenFormatError),
    TokenEncryption(TokenCryptoError),
    Qr(QrError),
}

impl Localized for WorkerFailure {
    fn message(&self, lang: Lang) -> String {
        let t = &texts(lang).worker;
        match self {
            WorkerFailure::Stopped => t.stopped.into(),
            WorkerFailure::Mismatch => t.mismatch.into(),
            WorkerFailure::InvalidRequest => t.invalid_request.into(),
            WorkerFailure::FileDamaged => t.file_damaged.into(),
            WorkerFailure::CertificateExpired(date) => (t.certificate_expired)(*date),
            WorkerFailure::NoOfflineCertificate => t.load_offline_first.into(),
            WorkerFailure::NoDeskCertificate => t.load_desk_certificate_first.into(),
            WorkerFailure::TestCertificateNeedsNip => t.test_certificate_needs_nip.into(),
            WorkerFailure::TestCertificate { detail } => (t.test_certificate_failed)(detail),
            WorkerFailure::Key(e) => e.message(lang),
            WorkerFailure::KeyFile(e) => e.message(lang),
            WorkerFailure::Certificate(e) => e.message(lang),
            WorkerFailure::Csr(e) => e.message(lang),
            WorkerFailure::Token(e) => e.message(lang),
            WorkerFailure::TokenEncryption(e) => e.message(lang),
            WorkerFailure::Qr(e) => e.message(lang),
        }
    }
}

impl std::fmt::Display for WorkerFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for WorkerFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WorkerFailure::Key(e) => Some(e),
            WorkerFailure::KeyFile(e) => Some(e),
            WorkerFailure::Certificate(e) => Some(e),
            WorkerFailure::Csr(e) => Some(e),
            WorkerFailure::Token(e) => Some(e),
            WorkerFailure::TokenEncryption(e) => Some(e),
            WorkerFailure::Qr(e) => Some(e),
            WorkerFailure::Stopped
            | WorkerFailure::Mismatch
            | WorkerFailure::InvalidRequest
            | WorkerFailure::FileDamaged
            | WorkerFailure::CertificateExpired(_)
            | WorkerFailure::NoOfflineCertificate
            | WorkerFailure::NoDeskCertificate
            | WorkerFailure::TestCertificateNeedsNip
            | WorkerFailure::TestCertificate { .. } => None,
        }
    }
}

/// ksef-core's errors, kept as they are: `?` in a job turns them into its failure.
macro_rules! from_core {
    ($($error:ty => $variant:ident),* $(,)?) => {
        $(impl From<$error> for WorkerFailure {
            fn from(e: $error) -> WorkerFailure {
                WorkerFailure::$variant(e)
            }
        })*
    };
}

from_core! {
    KeyError => Key,
    KeyFileError => KeyFile,
    CertificateError => Certificate,
    CsrError => Csr,
    TokenFormatError => Token,
    TokenCryptoError => TokenEncryption,
    QrError => Qr,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One failure of each kind; the match makes a new kind fail to compile until it is here.
    fn every_kind() -> Vec<WorkerFailure> {
        let all = vec![
            WorkerFailure::Stopped,
            WorkerFailure::Mismatch,
            WorkerFailure::InvalidRequest,
            WorkerFailure::FileDamaged,
            WorkerFailure::CertificateExpired(time::macros::date!(2026 - 03 - 31)),
            WorkerFailure::NoOfflineCertificate,
            WorkerFailure::NoDeskCertificate,
            WorkerFailure::TestCertificateNeedsNip,
            WorkerFailure::TestCertificate {
                detail: "bad serial".into(),
            },
            WorkerFailure::Key(KeyError::Generation("no entropy".into())),
            WorkerFailure::KeyFile(KeyFileError::WrongPassword),
            WorkerFailure::Certificate(CertificateError::NotACertificate("empty".into())),
            WorkerFailure::Csr(CsrError::BadValue {
                attribute: "C".into(),
                value: "Polska".into(),
            }),
            WorkerFailure::Token(TokenFormatError::Parts),
            WorkerFailure::TokenEncryption(TokenCryptoError::NoKey),
            WorkerFailure::Qr(QrError::KeyMismatch),
        ];
        for f in &all {
            match f {
                WorkerFailure::Stopped
                | WorkerFailure::Mismatch
                | WorkerFailure::InvalidRequest
                | WorkerFailure::FileDamaged
                | WorkerFailure::CertificateExpired(_)
                | WorkerFailure::NoOfflineCertificate
                | WorkerFailure::NoDeskCertificate
                | WorkerFailure::TestCertificateNeedsNip
                | WorkerFailure::TestCertificate { .. }
                | WorkerFailure::Key(_)
                | WorkerFailure::KeyFile(_)
                | WorkerFailure::Certificate(_)
                | WorkerFailure::Csr(_)
                | WorkerFailure::Token(_)
                | WorkerFailure::TokenEncryption(_)
                | WorkerFailure::Qr(_) => {}
            }
        }
        all
    }

    /// Every failure has its own words in both languages, and they differ between them.
    #[test]
    fn every_failure_is_worded_in_both_languages() {
        for f in every_kind() {
            let (pl, en) = (f.message(Lang::Pl), f.message(Lang::En));
            assert!(!pl.trim().is_empty() && !en.trim().is_empty(), "{f:?}");
            assert_ne!(pl, en, "{f:?}");
        }
        let mut seen: Vec<String> = every_kind().iter().map(|f| f.message(Lang::En)).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), every_kind().len(), "two failures read the same");
    }

    #[test]
    fn the_catalog_words_the_app_own_failures() {
        let expired = WorkerFailure::CertificateExpired(time::macros::date!(2026 - 03 - 31));
        assert_eq!(expired.message(Lang::Pl), "Certyfikat wygasł 2026-03-31");
        assert_eq!(
            expired.message(Lang::En),
            "The certificate expired on 2026-03-31"
        );
        let detail = WorkerFailure::TestCertificate {
            detail: "bad serial".into(),
        };
        assert!(detail.message(Lang::Pl).ends_with(": bad serial"));
        assert!(detail.message(Lang::En).ends_with(": bad serial"));
    }

    /// ksef-core's errors keep their own words (and stay the failure's source).
    #[test]
    fn core_errors_explain_themselves() {
        let wrong = KeyFileError::WrongPassword;
        let f = WorkerFailure::from(wrong.clone());
        for lang in Lang::ALL {
            assert_eq!(f.message(lang), wrong.message(lang));
        }
        let source = std::error::Error::source(&f).map(ToString::to_string);
        assert_eq!(source, Some(wrong.to_string()));
    }

    /// A failure crosses from the worker as it is, whatever its kind.
    #[test]
    fn failures_survive_the_trip_to_the_page() {
        for f in every_kind() {
            let text = serde_json::to_string(&f).unwrap();
            assert_eq!(serde_json::from_str::<WorkerFailure>(&text).unwrap(), f);
        }
    }
}
