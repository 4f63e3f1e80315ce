//! The simulator's in-memory state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use ksef_core::ident::ReferenceNumber;
use rand::RngCore;
use time::OffsetDateTime;

use crate::clock::Clock;

/// An issued challenge; single use by default (stricter than documented).
#[derive(Clone, Debug)]
pub struct IssuedChallenge {
    pub issued: OffsetDateTime,
    pub timestamp_ms: i64,
    pub consumed: bool,
}

#[derive(Default, Debug)]
pub struct State {
    pub challenges: HashMap<String, IssuedChallenge>,
}

/// Shared handle to the simulator: state plus clock.
#[derive(Clone, Default)]
pub struct Sim {
    state: Arc<Mutex<State>>,
    pub clock: Clock,
}

impl Sim {
    pub fn new() -> Sim {
        Sim::default()
    }

    /// Locks the state; a poisoned lock means a handler panicked, and the state is still usable.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn reset(&self) {
        *self.state() = State::default();
        self.clock.reset();
    }

    /// A fresh reference number of the given type, dated by the simulator's clock.
    pub fn reference(&self, kind: &str) -> ReferenceNumber {
        let now = self.clock.now();
        let date = format!(
            "{:04}{:02}{:02}",
            now.year(),
            u8::from(now.month()),
            now.day()
        );
        let mut random = [0u8; 10];
        rand::thread_rng().fill_bytes(&mut random);
        ReferenceNumber::generate(&date, kind, random)
    }
}
