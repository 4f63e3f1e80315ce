//! What the polling machines share: one status GET asked again and again, each time with its
//! own retry rules, and the clock of how long KSeF has been working on it.

use super::{Attempt, Call, Failure, Reply, RetryPolicy, Step, Waiting};
use crate::api::StatusInfo;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Poll {
    attempt: Attempt,
    /// The next ask is not sent before this.
    at: u64,
    /// When the first ask was due: the give-up limit counts from here, not from a `Need`
    /// that a person may take minutes to meet.
    since: Option<u64>,
}

impl Poll {
    pub fn new(call: Call, policy: RetryPolicy, at: u64) -> Poll {
        Poll {
            attempt: Attempt::new(call, policy),
            at,
            since: None,
        }
    }

    pub fn step<T, N>(&mut self, now: u64) -> Step<T, N> {
        self.since.get_or_insert(now);
        if now < self.at {
            return Step::Wait {
                until: self.at,
                why: Waiting::Polling,
            };
        }
        self.attempt.step(now)
    }

    pub fn receive(&mut self, reply: Reply, now: u64) -> Option<Reply> {
        self.attempt.receive(reply, now)
    }

    /// Ask again `after` ms from `now`, with fresh retry allowances.
    pub fn again(&mut self, now: u64, after: u64, policy: RetryPolicy) {
        self.attempt = Attempt::new(self.attempt.call().clone(), policy);
        self.at = now + after;
    }

    /// KSeF has been at it longer than `limit` ms.
    pub fn overdue(&self, now: u64, limit: u64) -> bool {
        now >= self.since.unwrap_or(now) + limit
    }
}

/// An operation status other than 100 and 200, as KSeF described it.
pub(super) fn refused(status: StatusInfo) -> Failure {
    Failure::Rejected {
        code: Some(status.code),
        description: status.description,
        details: status.details.unwrap_or_default(),
    }
}
