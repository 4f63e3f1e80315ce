//! The Polish catalog.

use super::super::batch::{ActionKind, Activation};
use super::super::overview::{RowFilter, RowStatus, SortKey};
use super::Text;

/// 1 token, 2 tokeny, 5 tokenów, 22 tokeny, 12 tokenów.
fn tokens(n: usize) -> String {
    let word = match (n % 10, n % 100) {
        _ if n == 1 => "token",
        (2..=4, r) if !(12..=14).contains(&r) => "tokeny",
        _ => "tokenów",
    };
    format!("{n} {word}")
}

pub(super) fn say(t: &Text) -> String {
    match t {
        Text::AlreadyInBook { nip } => format!("Klient z NIP {nip} już jest w książce"),
        Text::NotInBook { nip } => format!("Klienta z NIP {nip} nie ma w książce"),
        Text::NameTooLong { max, got } => format!("Nazwa: najwyżej {max} znaków, podano {got}"),
        Text::NoteTooLong { max, got } => format!("Uwagi: najwyżej {max} znaków, podano {got}"),
        Text::Encoding { utf8: true } => "UTF-8".into(),
        Text::Encoding { utf8: false } => "Windows-1250 (CSV z polskiego Excela)".into(),
        Text::MissingNip => "Brak NIP w wierszu".into(),
        Text::BadNip { why } => format!("NIP: {why}"),
        Text::DuplicateLine { first_line } => {
            format!("Ten NIP już był w wierszu {first_line} (wzięto tamten)")
        }
        Text::Unreadable { detail } => format!("Nie udało się odczytać wiersza ({detail})"),
        Text::BookHeader => "NIP;Nazwa;Uwagi".into(),
        Text::Status(s) => status(*s).into(),
        Text::Filter(f) => filter(*f),
        Text::Sort(SortKey::Nip) => "NIP".into(),
        Text::Sort(SortKey::Name) => "Nazwa".into(),
        Text::Sort(SortKey::Status) => "Stan".into(),
        Text::Action(ActionKind::CreateToken) => "Utworzenie tokena KSeF u każdego klienta".into(),
        Text::Action(ActionKind::RevokeTokens) => "Unieważnienie tokenów o podanym opisie".into(),
        Text::Action(ActionKind::GrantIndirect) => {
            "Nadanie pracownikowi uprawnień do klientów".into()
        }
        Text::NoClients => "Wybierz co najmniej jednego klienta".into(),
        Text::NoPermissions => "Wybierz co najmniej jedno uprawnienie".into(),
        Text::NotTokenPermission { permission } => {
            format!("Token KSeF nie może mieć uprawnienia „{permission}”")
        }
        Text::DescriptionLength { min, max, got } => format!(
            "Opis: od {min} do {max} znaków (resztę zajmuje znacznik pakietu), podano {got}"
        ),
        Text::SearchTooShort { min, got } => {
            format!("Szukany fragment opisu: co najmniej {min} znaki, podano {got}")
        }
        Text::Plain(s) => s.to_string(),
        Text::SecretsHeader => "NIP;Nazwa;Numer referencyjny tokena;Token".into(),
        Text::Waiting => "Czeka na swoją kolej".into(),
        Text::WillCheckFirst => {
            "Przy ponowieniu Klucznik najpierw sprawdzi w KSeF, co zdążyło się wykonać.".into()
        }
        Text::Cancelled => "Pominięto: pakiet zatrzymano przed tym klientem".into(),
        Text::NotDelegable { list } => {
            format!("Pominięto: klient nie pozwolił biuru przekazywać uprawnień: {list}")
        }
        Text::TokenSent => "Wysłano prośbę o token; sprawdzanie, czy KSeF go utworzył".into(),
        Text::TokenActivating { reference } => {
            format!("Token utworzony ({reference}), czeka na aktywację")
        }
        Text::Revoking { done, of } => format!("Unieważnianie tokenów: {done} z {of}"),
        Text::GrantSent => "Wysłano nadanie uprawnień".into(),
        Text::GrantAccepted { reference } => {
            format!("KSeF przyjął nadanie (operacja {reference}), czeka na wynik")
        }
        Text::TokenMade {
            reference,
            activation,
        } => {
            let state = match activation {
                Activation::Active => "aktywny",
                Activation::Pending => "jeszcze nieaktywny",
                Activation::Unconfirmed => "aktywacji nie potwierdzono",
                Activation::Revoked => "już unieważniony",
            };
            format!("Token utworzony ({reference}), {state}")
        }
        Text::SecretKept => "treść tokena czeka na zapisanie do pliku".into(),
        Text::SecretSaved => "treść tokena zapisano do pliku".into(),
        Text::SecretLost => "treści tokena nie da się odzyskać (odpowiedź KSeF nie dotarła) – \
            jeśli jest potrzebny, unieważnij go i utwórz nowy"
            .into(),
        Text::Revoked {
            revoked: 0,
            failed: 0,
            ..
        } => "Brak tokenów o takim opisie do unieważnienia".into(),
        Text::Revoked {
            revoked, failed: 0, ..
        } => format!("Unieważniono {}", tokens(*revoked)),
        Text::Revoked {
            revoked: 0,
            failed,
            why,
        } => format!("Nie udało się unieważnić: {} ({why})", tokens(*failed)),
        Text::Revoked {
            revoked,
            failed,
            why,
        } => format!(
            "Unieważniono {}; nie udało się unieważnić: {} ({why})",
            tokens(*revoked),
            tokens(*failed)
        ),
        Text::Granted {
            confirmed: true, ..
        } => "Uprawnienia nadane".into(),
        Text::Granted {
            confirmed: false,
            reference,
        } => format!(
            "KSeF przyjął nadanie (operacja {}), ale nie potwierdził jeszcze wyniku – sprawdź później",
            reference.unwrap_or("?")
        ),
    }
}

fn status(s: RowStatus) -> &'static str {
    match s {
        RowStatus::NoPermission => "Brak uprawnień w kontekście klienta",
        RowStatus::LoginFailed => "Logowanie nieudane",
        RowStatus::Incomplete => "Zalogowano, dane niepełne",
        RowStatus::Ready => "Zalogowano",
        RowStatus::Checking => "Sprawdzanie…",
        RowStatus::NotChecked => "Nie sprawdzono",
    }
}

fn filter(f: RowFilter) -> String {
    match f {
        RowFilter::All => "Wszyscy klienci",
        RowFilter::Status(s) => return status(s).into(),
        RowFilter::HasActiveTokens => "Z aktywnymi tokenami",
        RowFilter::NoActiveTokens => "Bez aktywnych tokenów",
        RowFilter::HasPendingTokens => "Z tokenami czekającymi na aktywację",
        RowFilter::HasMyTokens => "Z tokenami utworzonymi przeze mnie",
        RowFilter::Withdrawn => "Cofnięte uprawnienia (nie ma ich już w KSeF)",
        RowFilter::MayDelegate => "Biuro może przekazywać uprawnienia",
    }
    .into()
}
