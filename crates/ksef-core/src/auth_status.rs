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

/// The specific cause behind a failed status's detail (the spec's table for
/// `GET /auth/{referenceNumber}`, 2.9.0's Polish texts and the older English one).
fn cause(detail: &str, lang: Lang) -> Option<String> {
    if let Some(context) = detail.strip_prefix("Token nie może być użyty w kontekście") {
        let context = readable_context(context.trim(), lang);
        return Some(lang.pick(
            format!("Ten token KSeF należy do innego kontekstu niż wybrany ({context}) – wybierz kontekst, w którym go utworzono"),
            format!("This KSeF token belongs to another context than the chosen one ({context}) – choose the context it was made in"),
        ));
    }
    let (pl, en) = match detail.trim() {
        "Token unieważniony" => ("Token KSeF został unieważniony – utwórz nowy token", "The KSeF token was revoked – create a new token"),
        "Token nieaktywny" => ("Token KSeF nie jest aktywny (jeszcze oczekuje albo jego utworzenie się nie powiodło) – sprawdź jego status na liście tokenów", "The KSeF token is not active (still pending, or its creation failed) – check its status in the token list"),
        "Nieprawidłowy token" => ("KSeF nie rozpoznał tokena – sprawdź, czy wklejono go w całości i czy pochodzi z tego środowiska i kontekstu", "KSeF did not recognise the token – check that it was pasted whole and comes from this environment and context"),
        "Nieprawidłowe wyzwanie autoryzacyjne" => ("Token zaszyfrowano z innym wyzwaniem niż wysłane – zaloguj się ponownie", "The token was encrypted with another challenge than the one sent – log in again"),
        "Nieprawidłowy czas tokena" => ("Czas w zaszyfrowanym tokenie nie zgadza się z wyzwaniem – zaloguj się ponownie", "The time inside the encrypted token does not match the challenge – log in again"),
        "Nieprawidłowe szyfrowanie tokena" => ("KSeF nie odszyfrował tokena – klucz publiczny KSeF mógł się zmienić; zaloguj się ponownie", "KSeF could not decrypt the token – its public key may have changed; log in again"),
        "Nieprawidłowe kodowanie tokena" | "Invalid token encoding" => ("Token ma nieprawidłowy format (tokeny z KSeF 1.0 nie działają w KSeF 2.0)", "The token has a wrong format (KSeF 1.0 tokens do not work in KSeF 2.0)"),
        "Nieważny certyfikat" => ("Certyfikat jest nieważny: wygasł albo jeszcze nie obowiązuje", "The certificate is not valid: it expired or is not yet valid"),
        "Certyfikat odwołany" => ("Certyfikat został unieważniony", "The certificate was revoked"),
        "Certyfikat zawieszony" => ("Certyfikat jest zawieszony", "The certificate is suspended"),
        "Niezaufany łańcuch certyfikatów" => ("Certyfikat nie pochodzi od zaufanego wystawcy", "The certificate is not from a trusted issuer"),
        "Błąd weryfikacji łańcucha certyfikatów" => ("Nie udało się zweryfikować łańcucha certyfikatu", "The certificate chain could not be verified"),
        "Niepoprawny certyfikat" => ("Certyfikat jest niepoprawny", "The certificate is malformed"),
        "Brak przypisanych uprawnień" => ("Nie masz żadnego uprawnienia w tym kontekście", "You hold no permission in this context"),
        _ => return None,
    };
    Some(lang.pick(pl, en).to_string())
}

/// `Nip 5265877635` as KSeF may write it, in the user's words (`NIP 5265877635`).
fn readable_context(raw: &str, lang: Lang) -> String {
    match raw.split_once(' ') {
        Some((kind, value)) => match crate::context::ContextType::from_name(kind) {
            Some(kind) => format!("{} {value}", kind.label(lang)),
            None => raw.to_string(),
        },
        None => raw.to_string(),
    }
}

/// A failed login in one line, the specific cause first: KSeF's details in plain words (or as
/// KSeF wrote them), then what the status means.
pub fn failure_message(code: i32, details: &[String], lang: Lang) -> String {
    let general = message(code, lang);
    let causes: Vec<String> = details
        .iter()
        .map(|d| cause(d, lang).unwrap_or_else(|| d.clone()))
        .collect();
    if causes.is_empty() {
        return format!("{general} (status {code})");
    }
    let known = details.iter().all(|d| cause(d, lang).is_some());
    if known {
        format!("{} (status {code})", causes.join("; "))
    } else {
        format!("{} – {general} (status {code})", causes.join("; "))
    }
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

    #[wasm_bindgen_test(unsupported = test)]
    fn failures_lead_with_the_specific_cause() {
        let revoked = failure_message(450, &["Token unieważniony".into()], Lang::Pl);
        assert!(
            revoked.starts_with("Token KSeF został unieważniony"),
            "{revoked}"
        );
        assert!(revoked.ends_with("(status 450)"));
        // 2.9.0's Polish detail and the English one of earlier releases mean the same.
        assert_eq!(
            failure_message(450, &["Nieprawidłowe kodowanie tokena".into()], Lang::En),
            failure_message(450, &["Invalid token encoding".into()], Lang::En)
        );
        let elsewhere = failure_message(
            450,
            &["Token nie może być użyty w kontekście Nip 5265877635".into()],
            Lang::Pl,
        );
        assert!(
            elsewhere.contains("innego kontekstu niż wybrany (NIP 5265877635)"),
            "{elsewhere}"
        );
        let expired = failure_message(460, &["Nieważny certyfikat".into()], Lang::Pl);
        assert!(
            expired.starts_with("Certyfikat jest nieważny: wygasł"),
            "{expired}"
        );
        // A detail Klucznik does not know is shown first, as KSeF wrote it.
        let other = failure_message(460, &["Coś nowego".into()], Lang::Pl);
        assert!(
            other.starts_with("Coś nowego – Błąd certyfikatu"),
            "{other}"
        );
        assert_eq!(
            failure_message(500, &[], Lang::En),
            "Unknown KSeF error – try logging in again (status 500)"
        );
    }
}
