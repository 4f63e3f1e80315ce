//! One call in flight with its retry rules: a 429 waits `Retry-After` and sends again; a call
//! that got no answer is sent again only if sending it twice cannot do anything twice.

use super::{Call, Reply, Step, Waiting};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many 429s one call may meet before the machine gives up.
    pub rate_limited: u32,
    /// How many times an idempotent call is sent again after no answer.
    pub no_answer: u32,
    /// Waited when a 429 names no `Retry-After`.
    pub default_retry_after: u64,
    /// The longest single wait, whatever `Retry-After` says.
    pub max_wait_s: u64,
    /// The pause before sending again after no answer.
    pub retry_pause_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            rate_limited: 3,
            no_answer: 2,
            default_retry_after: 1,
            max_wait_s: 120,
            retry_pause_ms: 1000,
        }
    }
}

/// A [`Call`] and what happened to it so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    call: Call,
    policy: RetryPolicy,
    rate_limited: u32,
    no_answer: u32,
    resend: Option<(u64, Waiting)>,
}

impl Attempt {
    pub fn new(call: Call, policy: RetryPolicy) -> Attempt {
        Attempt {
            call,
            policy,
            rate_limited: 0,
            no_answer: 0,
            resend: None,
        }
    }

    /// Send the call, or wait until it may be sent again.
    pub fn step<T, N>(&mut self, now: u64) -> Step<T, N> {
        if let Some((until, why)) = &self.resend {
            if now < *until {
                return Step::Wait {
                    until: *until,
                    why: why.clone(),
                };
            }
            self.resend = None;
        }
        Step::Send(self.call.clone())
    }

    /// The reply for the machine to read, or `None` when this attempt will send again.
    pub fn receive(&mut self, reply: Reply, now: u64) -> Option<Reply> {
        match &reply {
            Reply::Answer {
                status: 429,
                retry_after,
                ..
            } if self.rate_limited < self.policy.rate_limited => {
                self.rate_limited += 1;
                let seconds = retry_after
                    .as_deref()
                    .and_then(|s| s.trim().parse().ok())
                    .unwrap_or(self.policy.default_retry_after)
                    .clamp(1, self.policy.max_wait_s);
                let why = Waiting::RateLimited { seconds };
                self.resend = Some((now + seconds * 1000, why));
                None
            }
            Reply::NoAnswer | Reply::TimedOut
                if self.call.method.idempotent() && self.no_answer < self.policy.no_answer =>
            {
                self.no_answer += 1;
                self.resend = Some((now + self.policy.retry_pause_ms, Waiting::Retrying));
                None
            }
            _ => Some(reply),
        }
    }

    pub fn call(&self) -> &Call {
        &self.call
    }
}

/// A protocol machine as the I/O around it sees it.
pub trait Machine {
    type Output;
    type Need;
    /// What to do now; call again after a `Send` was answered, a `Wait` passed or a `Need` met.
    fn step(&mut self, now: u64) -> Step<Self::Output, Self::Need>;
    /// The reply to the last `Send`.
    fn receive(&mut self, reply: Reply, now: u64);
}
