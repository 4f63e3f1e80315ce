//! Visiting many client contexts with at most K at once. KSeF counts rate limits per (context,
//! IP), so a 429 in one client's context says nothing about the others: only that client is
//! held back until its `Retry-After`, and the free slot goes to the next client.
//!
//! Sans-I/O: the app asks [`Schedule::next`] whom to start, does that client's calls, and says
//! how it ended with [`Schedule::finish`]. Time is the caller's monotonic clock in ms. For the
//! hold-back to free the slot, the per-client machines should not wait out 429s themselves
//! (`RetryPolicy { rate_limited: 0, .. }`) but end with `Failure::RateLimited`.

use crate::flow::Failure;
use crate::ident::Nip;

/// A 429 without `Retry-After` holds the client this long.
pub const DEFAULT_HOLD_S: u64 = 1;
/// However long KSeF asks, a client is tried again after an hour at most.
pub const MAX_HOLD_S: u64 = 3600;
/// A client rate-limited this many times in a row ends failed, so every visit ends.
pub const MAX_HOLDS: u32 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finish {
    Done,
    Failed,
    /// KSeF answered 429; `retry_after_s` from its `Retry-After`.
    RateLimited {
        retry_after_s: Option<u64>,
    },
}

impl Finish {
    /// How a client's visit ended, from its result: a rate limit holds it back, any other
    /// failure ends it.
    pub fn from_result<T>(result: &Result<T, Failure>) -> Finish {
        match result {
            Ok(_) => Finish::Done,
            Err(Failure::RateLimited { retry_after }) => Finish::RateLimited {
                retry_after_s: *retry_after,
            },
            Err(_) => Finish::Failed,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientState {
    Waiting,
    /// Rate-limited: not started again before `until`.
    Held {
        until: u64,
    },
    Running,
    Done,
    Failed,
}

/// Counts for a progress bar; `waiting` includes the held ones.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    pub running: usize,
    pub waiting: usize,
    pub held: usize,
}

#[derive(Clone, Debug)]
struct Entry {
    nip: Nip,
    state: ClientState,
    /// Queue position: the smallest ready one starts first; a held client goes to the back.
    seq: u64,
    holds: u32,
}

#[derive(Clone, Debug)]
pub struct Schedule {
    limit: usize,
    entries: Vec<Entry>,
    next_seq: u64,
}

impl Schedule {
    /// Visits each of `nips` once (repeats dropped), in this order, `limit` (at least 1) at once.
    pub fn new(nips: impl IntoIterator<Item = Nip>, limit: usize) -> Schedule {
        let mut entries: Vec<Entry> = Vec::new();
        for nip in nips {
            if entries.iter().all(|e| e.nip != nip) {
                entries.push(Entry {
                    nip,
                    state: ClientState::Waiting,
                    seq: entries.len() as u64,
                    holds: 0,
                });
            }
        }
        Schedule {
            limit: limit.max(1),
            next_seq: entries.len() as u64,
            entries,
        }
    }

    fn ready(state: ClientState, now: u64) -> bool {
        match state {
            ClientState::Waiting => true,
            ClientState::Held { until } => until <= now,
            _ => false,
        }
    }

    /// The client to start now, marked running; `None` when K are running or nobody is ready
    /// (then [`Schedule::wake_at`] says when to ask again).
    pub fn next(&mut self, now: u64) -> Option<Nip> {
        if self.running() >= self.limit {
            return None;
        }
        let e = self
            .entries
            .iter_mut()
            .filter(|e| Schedule::ready(e.state, now))
            .min_by_key(|e| e.seq)?;
        e.state = ClientState::Running;
        Some(e.nip.clone())
    }

    /// How the running client `nip` ended; its new state, or `None` when it was not running
    /// (a late answer for a visit already ended is ignored).
    pub fn finish(&mut self, nip: &Nip, how: Finish, now: u64) -> Option<ClientState> {
        let seq = self.next_seq;
        let e = self
            .entries
            .iter_mut()
            .find(|e| &e.nip == nip && e.state == ClientState::Running)?;
        e.state = match how {
            Finish::Done => ClientState::Done,
            Finish::Failed => ClientState::Failed,
            Finish::RateLimited { .. } if e.holds >= MAX_HOLDS => ClientState::Failed,
            Finish::RateLimited { retry_after_s } => {
                e.holds += 1;
                e.seq = seq;
                self.next_seq += 1;
                let s = retry_after_s.unwrap_or(DEFAULT_HOLD_S).clamp(1, MAX_HOLD_S);
                ClientState::Held {
                    until: now + s * 1000,
                }
            }
        };
        Some(e.state)
    }

    /// Puts the failed clients back in the queue (a "try again" button).
    pub fn retry_failed(&mut self) {
        for e in self.entries.iter_mut() {
            if e.state == ClientState::Failed {
                (e.state, e.seq, e.holds) = (ClientState::Waiting, self.next_seq, 0);
                self.next_seq += 1;
            }
        }
    }

    /// When a held client may start: the earliest hold's end, if any client is held.
    pub fn wake_at(&self) -> Option<u64> {
        self.entries
            .iter()
            .filter_map(|e| match e.state {
                ClientState::Held { until } => Some(until),
                _ => None,
            })
            .min()
    }

    pub fn state(&self, nip: &Nip) -> Option<ClientState> {
        self.entries.iter().find(|e| &e.nip == nip).map(|e| e.state)
    }

    fn running(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| e.state == ClientState::Running)
            .count()
    }

    pub fn progress(&self) -> Progress {
        let mut p = Progress {
            total: self.entries.len(),
            ..Progress::default()
        };
        for e in &self.entries {
            match e.state {
                ClientState::Waiting => p.waiting += 1,
                ClientState::Held { .. } => {
                    p.waiting += 1;
                    p.held += 1;
                }
                ClientState::Running => p.running += 1,
                ClientState::Done => p.done += 1,
                ClientState::Failed => p.failed += 1,
            }
        }
        p
    }

    /// Every client ended done or failed.
    pub fn is_over(&self) -> bool {
        self.entries
            .iter()
            .all(|e| matches!(e.state, ClientState::Done | ClientState::Failed))
    }
}
