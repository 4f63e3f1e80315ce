//! Each failure's own kind of message, so a user can tell "no connection" from "KSeF broke
//! down" from "an answer nobody can read" from "too many requests".

use crate::auth_status;
use crate::lang::{Lang, Localized};

use super::{Failure, LocalFailure};

pub fn message(f: &Failure, lang: Lang) -> String {
    let pl = lang == Lang::Pl;
    match f {
        Failure::Network => crate::error::KsefError::default().message(lang),
        Failure::TimedOut => pick(
            pl,
            "KSeF nie odpowiedział w czasie – spróbuj ponownie za chwilę",
            "KSeF did not answer in time – try again shortly",
        ),
        Failure::Relay { status, code } => relay(*status, code, pl),
        Failure::Ksef(e) => e.message(lang),
        Failure::Server { status } => {
            if pl {
                format!("Serwer KSeF lub pośredniczący zgłosił błąd wewnętrzny (HTTP {status}) – spróbuj ponownie za chwilę")
            } else {
                format!("KSeF or a server on the way reported an internal error (HTTP {status}) – try again shortly")
            }
        }
        Failure::RateLimited { retry_after } => {
            let s = retry_after.unwrap_or(1);
            if pl {
                format!("KSeF nadal ogranicza liczbę zapytań (limit) – spróbuj ponownie za {s} s")
            } else {
                format!("KSeF still limits the number of requests – try again in {s} s")
            }
        }
        Failure::Unexpected { status, .. } => {
            if pl {
                format!("KSeF odpowiedział (HTTP {status}), ale odpowiedzi nie da się odczytać – spróbuj ponownie; jeśli się powtarza, zgłoś to")
            } else {
                format!("KSeF answered (HTTP {status}) but the answer cannot be read – try again; if it repeats, report it")
            }
        }
        Failure::AuthStatus { code, details } => auth_status::failure_message(*code, details, lang),
        Failure::StartAgain { code, details } => {
            let lead = auth_status::failure_message(*code, details, lang);
            let again = pick(pl, "Zacznij logowanie od nowa.", "Start the login again.");
            format!("{lead}. {again}")
        }
        Failure::Rejected {
            code,
            description,
            details,
        } => rejected(*code, description, details, pl),
        Failure::GaveUp => pick(
            pl,
            "KSeF nie zakończył operacji w zwykłym czasie – sprawdź jej stan później",
            "KSeF did not finish the operation in the usual time – check its state later",
        ),
        Failure::Local { what, detail } => local(*what, detail, pl),
    }
}

fn pick(pl: bool, p: &str, e: &str) -> String {
    if pl { p } else { e }.to_string()
}

fn relay(status: u16, code: &str, pl: bool) -> String {
    let what = match code {
        "body-too-large" => pick(pl, "dane są za duże", "the data is too large"),
        "upstream-unreachable" => pick(pl, "nie może połączyć się z KSeF", "cannot reach KSeF"),
        "upstream-too-large" => pick(
            pl,
            "odpowiedź KSeF jest za duża",
            "KSeF's answer is too large",
        ),
        "relay-busy" => pick(pl, "jest przeciążony", "is overloaded"),
        "sim-disabled" => pick(
            pl,
            "nie ma włączonego symulatora",
            "has no simulator enabled",
        ),
        _ => pick(pl, "odrzucił żądanie", "refused the request"),
    };
    if pl {
        format!("Przekaźnik (relay): {what} (HTTP {status}, {code})")
    } else {
        format!("The relay: {what} (HTTP {status}, {code})")
    }
}

fn rejected(code: Option<i32>, description: &str, details: &[String], pl: bool) -> String {
    let lead = pick(pl, "KSeF odrzucił operację", "KSeF refused the operation");
    let code = code.map(|c| format!(" ({c})")).unwrap_or_default();
    let said: Vec<&str> = std::iter::once(description)
        .chain(details.iter().map(String::as_str))
        .filter(|s| !s.trim().is_empty())
        .collect();
    if said.is_empty() {
        format!("{lead}{code}")
    } else {
        format!("{lead}{code} — KSeF: {}", said.join("; "))
    }
}

fn local(what: LocalFailure, detail: &str, pl: bool) -> String {
    let lead = match what {
        LocalFailure::Encryption => pick(
            pl,
            "Nie udało się zaszyfrować tokena KSeF w przeglądarce",
            "Encrypting the KSeF token in the browser failed",
        ),
        LocalFailure::Signing => pick(
            pl,
            "Nie udało się podpisać w przeglądarce",
            "Signing in the browser failed",
        ),
        LocalFailure::KeyGeneration => pick(
            pl,
            "Nie udało się utworzyć klucza lub wniosku (CSR) w przeglądarce",
            "Making the key or the request (CSR) in the browser failed",
        ),
        LocalFailure::Storage => pick(
            pl,
            "Przeglądarka nie pozwoliła zapisać danych (IndexedDB)",
            "The browser did not allow saving data (IndexedDB)",
        ),
        LocalFailure::Worker => pick(
            pl,
            "Proces w tle przeglądarki nie odpowiedział poprawnie – odśwież stronę",
            "The browser's background worker did not answer properly – reload the page",
        ),
        LocalFailure::FileTooLarge => pick(
            pl,
            "Plik jest za duży (najwyżej 4 MiB)",
            "The file is too large (4 MiB at most)",
        ),
        LocalFailure::FileUnreadable => pick(
            pl,
            "Przeglądarka nie mogła odczytać pliku",
            "The browser could not read the file",
        ),
    };
    if detail.trim().is_empty() {
        lead
    } else {
        format!("{lead}: {detail}")
    }
}
