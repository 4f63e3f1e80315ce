//! The token secrets a token batch collected: kept in the batch (and so in the app's storage)
//! only until the user saved them, once, as one file; then wiped.

use crate::lang::Lang;

use super::super::text::Text;
use super::{Batch, ItemState, Outcome, SecretState, Stage};

/// The token's reference and its secret's state, wherever the item keeps them.
fn slot(state: &ItemState) -> Option<(&str, &SecretState)> {
    match state {
        ItemState::Done(Outcome::TokenMade {
            reference, secret, ..
        })
        | ItemState::Running(Stage::TokenMade { reference, secret })
        | ItemState::Failed {
            stage: Some(Stage::TokenMade { reference, secret }),
            ..
        } => Some((reference.as_str(), secret)),
        _ => None,
    }
}

fn secret_mut(state: &mut ItemState) -> Option<&mut SecretState> {
    match state {
        ItemState::Done(Outcome::TokenMade { secret, .. })
        | ItemState::Running(Stage::TokenMade { secret, .. })
        | ItemState::Failed {
            stage: Some(Stage::TokenMade { secret, .. }),
            ..
        } => Some(secret),
        _ => None,
    }
}

impl Batch {
    /// How many secrets wait to be saved.
    pub fn unsaved_secrets(&self) -> usize {
        self.items
            .iter()
            .filter_map(|i| slot(&i.state))
            .filter(|(_, s)| matches!(s, SecretState::Kept(_)))
            .count()
    }

    /// The file to save: CSV for Excel (`;`, CRLF, a header in `lang`, a UTF-8 BOM) with NIP,
    /// name, token reference and token of every kept secret; `None` when there is none.
    pub fn secrets_file(&self, lang: Lang) -> Option<String> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let header = Text::SecretsHeader.say(lang);
        // Writing to a Vec cannot fail.
        w.write_record(header.split(';')).expect("in memory");
        let mut any = false;
        for item in &self.items {
            if let Some((reference, SecretState::Kept(secret))) = slot(&item.state) {
                w.write_record([item.nip.as_str(), &item.name, reference, secret.expose()])
                    .expect("in memory");
                any = true;
            }
        }
        let body = w.into_inner().expect("in memory");
        any.then(|| format!("\u{feff}{}", String::from_utf8_lossy(&body)))
    }

    /// After the user saved [`Batch::secrets_file`]: every kept secret is wiped (zeroized) and
    /// marked saved. Returns how many.
    pub fn wipe_secrets(&mut self) -> usize {
        let mut wiped = 0;
        for item in self.items.iter_mut() {
            if let Some(secret) = secret_mut(&mut item.state) {
                if matches!(secret, SecretState::Kept(_)) {
                    // Dropping the Kept secret zeroizes it.
                    *secret = SecretState::Saved;
                    wiped += 1;
                }
            }
        }
        wiped
    }
}
