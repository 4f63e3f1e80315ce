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

pub struct State {
    pub challenges: HashMap<String, IssuedChallenge>,
    /// Published encryption keys (token encryption first).
    pub keys: Vec<crate::keys::PublishedKey>,
}

impl State {
    fn new(now: time::OffsetDateTime) -> State {
        State {
            challenges: HashMap::new(),
            keys: crate::keys::published(now),
        }
    }
}

/// Shared handle to the simulator: state plus clock.
#[derive(Clone)]
pub struct Sim {
    state: Arc<Mutex<State>>,
    pub clock: Clock,
}

impl Default for Sim {
    fn default() -> Sim {
        Sim::new()
    }
}

impl Sim {
    pub fn new() -> Sim {
        let clock = Clock::default();
        Sim {
            state: Arc::new(Mutex::new(State::new(clock.now()))),
            clock,
        }
    }

    /// Locks the state; a poisoned lock means a handler panicked, and the state is still usable.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn reset(&self) {
        self.clock.reset();
        *self.state() = State::new(self.clock.now());
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
