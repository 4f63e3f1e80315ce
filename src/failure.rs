//! What a page shows as failed, as a value: a step with KSeF (or the relay, or a file) as
//! ksef-core's [`Failure`], or a job of the crypto worker as its [`WorkerFailure`]. Put in words
//! only when shown, so a language switch changes the words too.

use ksef_core::flow::Failure;
use ksef_core::lang::{Lang, Localized};

use crate::worker::WorkerFailure;

#[derive(Clone, Debug, PartialEq)]
pub enum AppFailure {
    Flow(Failure),
    Worker(WorkerFailure),
}

impl AppFailure {
    /// The failure's kind, for tests and for styling (`data-kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            AppFailure::Flow(f) => f.kind(),
            AppFailure::Worker(_) => "worker",
        }
    }
}

impl From<Failure> for AppFailure {
    fn from(f: Failure) -> AppFailure {
        AppFailure::Flow(f)
    }
}

impl From<WorkerFailure> for AppFailure {
    fn from(f: WorkerFailure) -> AppFailure {
        AppFailure::Worker(f)
    }
}

impl Localized for AppFailure {
    fn message(&self, lang: Lang) -> String {
        match self {
            AppFailure::Flow(f) => f.message(lang),
            AppFailure::Worker(f) => f.message(lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stored once, worded again in whichever language is chosen when it is shown.
    #[test]
    fn a_stored_failure_follows_the_language() {
        let f = AppFailure::from(WorkerFailure::KeyFile(
            ksef_core::keystore::KeyFileError::WrongPassword,
        ));
        assert_eq!(f.kind(), "worker");
        assert_ne!(f.message(Lang::Pl), f.message(Lang::En));
        let network = AppFailure::from(Failure::Network);
        assert_eq!(network.kind(), "network");
        assert_ne!(network.message(Lang::Pl), network.message(Lang::En));
    }
}
