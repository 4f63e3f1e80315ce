//! Authentication operation status codes (`GET /auth/{referenceNumber}`) in plain words.

use crate::lang::Lang;

/// What a client should do with a status code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusOutcome {
    /// Keep polling.
    InProgress,
    /// Redeem the tokens.
    Success,
    /// Stop; the user must fix something.
    Failed,
    /// Start the whole login again.
    Retry,
}

pub fn outcome(code: i32) -> StatusOutcome {
    match code {
        100 => StatusOutcome::InProgress,
        200 => StatusOutcome::Success,
        500 | 550 => StatusOutcome::Retry,
        _ => StatusOutcome::Failed,
    }
}

/// A message a user understands for each documented code; unknown codes are named as such.
pub fn message(code: i32, lang: Lang) -> String {
    let (pl, en) = match code {
        100 => ("Uwierzytelnianie w toku…", "Authentication in progress…"),
        200 => ("Uwierzytelnianie zakończone sukcesem", "Authentication succeeded"),
        415 => (
            "Brak uprawnień w wybranym kontekście: podmiot z podpisu lub tokena nie ma w nim żadnego aktywnego uprawnienia",
            "No permissions in the chosen context: the signer or token holder has no active permission there",
        ),
        425 => (
            "Uwierzytelnienie zostało unieważnione (sesja zakończona przez użytkownika)",
            "The authentication was revoked (session ended by the user)",
        ),
        450 => (
            "Błędny token KSeF: nieprawidłowe wyzwanie, token, czas tokena albo token unieważniony lub nieaktywny",
            "Invalid KSeF token: wrong challenge, token or token time, or the token is revoked or inactive",
        ),
        460 => (
            "Błąd certyfikatu: nieważny, odwołany, zawieszony lub z niezaufanego łańcucha",
            "Certificate error: invalid, revoked, suspended or from an untrusted chain",
        ),
        470 => ("Uwierzytelnienie środkami osoby zmarłej jest niedozwolone", "Credentials of a deceased person cannot be used"),
        480 => (
            "Uwierzytelnianie zablokowane z powodu podejrzenia incydentu bezpieczeństwa",
            "Authentication blocked: suspected security incident",
        ),
        500 => ("Nieznany błąd KSeF – spróbuj zalogować się ponownie", "Unknown KSeF error – try logging in again"),
        550 => ("Operacja anulowana przez system – spróbuj ponownie", "Cancelled by the system – try again"),
        _ => return lang.pick(format!("Nieznany kod statusu {code}"), format!("Unknown status code {code}")),
    };
    lang.pick(pl, en).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_documented_code_has_both_languages() {
        for code in [100, 200, 415, 425, 450, 460, 470, 480, 500, 550] {
            assert_ne!(message(code, Lang::Pl), message(code, Lang::En));
            assert!(!message(code, Lang::Pl).starts_with("Nieznany kod"));
        }
        assert_eq!(outcome(100), StatusOutcome::InProgress);
        assert_eq!(outcome(460), StatusOutcome::Failed);
        assert_eq!(outcome(550), StatusOutcome::Retry);
        assert_eq!(message(999, Lang::En), "Unknown status code 999");
    }
}
