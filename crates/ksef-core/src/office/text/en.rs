//! The English catalog.

use super::super::batch::{ActionKind, Activation};
use super::super::overview::{RowFilter, RowStatus, SortKey};
use super::Text;

fn tokens(n: usize) -> String {
    match n {
        1 => "1 token".into(),
        n => format!("{n} tokens"),
    }
}

pub(super) fn say(t: &Text) -> String {
    match t {
        Text::AlreadyInBook { nip } => format!("The client with NIP {nip} is in the book already"),
        Text::NotInBook { nip } => format!("No client with NIP {nip} in the book"),
        Text::NameTooLong { max, got } => {
            format!("Name: at most {max} characters, {got} given")
        }
        Text::NoteTooLong { max, got } => {
            format!("Note: at most {max} characters, {got} given")
        }
        Text::Encoding { utf8: true } => "UTF-8".into(),
        Text::Encoding { utf8: false } => "Windows-1250 (CSV from a Polish Excel)".into(),
        Text::MissingNip => "The line has no NIP".into(),
        Text::BadNip { why } => format!("NIP: {why}"),
        Text::DuplicateLine { first_line } => {
            format!("This NIP was on line {first_line} already (that one is taken)")
        }
        Text::Unreadable { detail } => format!("The line could not be read ({detail})"),
        Text::BookHeader => "NIP;Name;Note".into(),
        Text::Status(s) => status(*s).into(),
        Text::Filter(f) => filter(*f),
        Text::Sort(SortKey::Nip) => "NIP".into(),
        Text::Sort(SortKey::Name) => "Name".into(),
        Text::Sort(SortKey::Status) => "Status".into(),
        Text::Action(ActionKind::CreateToken) => "Create a KSeF token in each client".into(),
        Text::Action(ActionKind::RevokeTokens) => {
            "Revoke the tokens with a given description".into()
        }
        Text::Action(ActionKind::GrantIndirect) => {
            "Grant an employee permissions for the clients".into()
        }
        Text::NoClients => "Choose at least one client".into(),
        Text::NoPermissions => "Choose at least one permission".into(),
        Text::NotTokenPermission { permission } => {
            format!("A KSeF token cannot carry “{permission}”")
        }
        Text::DescriptionLength { min, max, got } => format!(
            "Description: {min} to {max} characters (the batch marker takes the rest), {got} given"
        ),
        Text::SearchTooShort { min, got } => {
            format!("Description text to look for: at least {min} characters, {got} given")
        }
        Text::Plain(s) => s.to_string(),
        Text::SecretsHeader => "NIP;Name;Token reference number;Token".into(),
        Text::Waiting => "Waiting for its turn".into(),
        Text::WillCheckFirst => {
            "On a retry Klucznik first checks in KSeF what was done already.".into()
        }
        Text::Cancelled => "Skipped: the batch was stopped before this client".into(),
        Text::NotDelegable { list } => {
            format!("Skipped: the client did not allow the office to pass on: {list}")
        }
        Text::TokenSent => "Token requested; checking whether KSeF made it".into(),
        Text::TokenActivating { reference } => {
            format!("Token made ({reference}), waiting for activation")
        }
        Text::Revoking { done, of } => format!("Revoking tokens: {done} of {of}"),
        Text::GrantSent => "Grant sent".into(),
        Text::GrantAccepted { reference } => {
            format!("KSeF accepted the grant (operation {reference}), waiting for the result")
        }
        Text::TokenMade {
            reference,
            activation,
        } => {
            let state = match activation {
                Activation::Active => "active",
                Activation::Pending => "not active yet",
                Activation::Unconfirmed => "activation not confirmed",
                Activation::Revoked => "revoked already",
            };
            format!("Token made ({reference}), {state}")
        }
        Text::SecretKept => "the token waits to be saved to a file".into(),
        Text::SecretSaved => "the token was saved to a file".into(),
        Text::SecretLost => "the token itself cannot be recovered (KSeF's answer never came) – \
            if it is needed, revoke it and make a new one"
            .into(),
        Text::Revoked {
            revoked: 0,
            failed: 0,
            ..
        } => "No tokens with this description to revoke".into(),
        Text::Revoked {
            revoked, failed: 0, ..
        } => format!("Revoked {}", tokens(*revoked)),
        Text::Revoked {
            revoked: 0,
            failed,
            why,
        } => format!("Could not revoke {} ({why})", tokens(*failed)),
        Text::Revoked {
            revoked,
            failed,
            why,
        } => format!(
            "Revoked {}; could not revoke {} ({why})",
            tokens(*revoked),
            tokens(*failed)
        ),
        Text::Granted {
            confirmed: true, ..
        } => "Permissions granted".into(),
        Text::Granted {
            confirmed: false,
            reference,
        } => format!(
            "KSeF accepted the grant (operation {}) but has not confirmed the result yet – check later",
            reference.unwrap_or("?")
        ),
    }
}

fn status(s: RowStatus) -> &'static str {
    match s {
        RowStatus::NoPermission => "No permission in the client's context",
        RowStatus::LoginFailed => "Login failed",
        RowStatus::Incomplete => "Logged in, data incomplete",
        RowStatus::Ready => "Logged in",
        RowStatus::Checking => "Checking…",
        RowStatus::NotChecked => "Not checked",
    }
}

fn filter(f: RowFilter) -> String {
    match f {
        RowFilter::All => "All clients",
        RowFilter::Status(s) => return status(s).into(),
        RowFilter::HasActiveTokens => "With active tokens",
        RowFilter::NoActiveTokens => "Without active tokens",
        RowFilter::HasPendingTokens => "With tokens waiting for activation",
        RowFilter::HasMyTokens => "With tokens I made",
        RowFilter::Withdrawn => "Withdrawn (no longer in KSeF)",
        RowFilter::MayDelegate => "The office may pass permissions on",
    }
    .into()
}
