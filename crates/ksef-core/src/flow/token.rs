//! Making a KSeF token: `POST /tokens`, then `GET /tokens/{ref}` until it is `Active` or
//! `Failed`. The secret comes with the first answer, so once KSeF gave it, it is never lost:
//! a poll that fails still ends with the token, marked unconfirmed.

use crate::api::tokens::{
    GenerateTokenRequest, GenerateTokenResponse, TokenStatus, TokenStatusResponse,
};
use crate::extensible::Extensible;

use super::{read, Attempt, Call, Failure, Machine, Reply, RetryPolicy, Step, Waiting};

/// Between two status polls: KSeF activates a token within seconds.
pub const POLL_MS: u64 = 1000;
/// Longer than KSeF ever takes to activate a token.
pub const GIVE_UP_MS: u64 = 5 * 60 * 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedToken {
    pub reference: String,
    pub token: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenOutcome {
    Active(GeneratedToken),
    /// KSeF gave the token but its activation could not be confirmed.
    Unconfirmed {
        token: GeneratedToken,
        why: Failure,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Generate(Attempt),
    Poll {
        made: GeneratedToken,
        attempt: Attempt,
        at: u64,
    },
    Over(Step<TokenOutcome>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenGeneration {
    access: String,
    policy: RetryPolicy,
    state: State,
    started: Option<u64>,
}

impl TokenGeneration {
    pub fn new(access: &str, request: &GenerateTokenRequest) -> TokenGeneration {
        TokenGeneration::with_policy(access, request, RetryPolicy::default())
    }

    pub fn with_policy(
        access: &str,
        request: &GenerateTokenRequest,
        policy: RetryPolicy,
    ) -> TokenGeneration {
        let call = Call::json("/tokens", request).bearer(access);
        TokenGeneration {
            access: access.to_string(),
            policy,
            state: State::Generate(Attempt::new(call, policy)),
            started: None,
        }
    }

    fn poll(&self, made: GeneratedToken, at: u64) -> State {
        let call = Call::get(format!("/tokens/{}", made.reference)).bearer(&self.access);
        State::Poll {
            made,
            attempt: Attempt::new(call, self.policy),
            at,
        }
    }

    fn generated(&mut self, reply: Reply, now: u64) -> State {
        match read::<GenerateTokenResponse>(&reply) {
            Ok(r) => {
                let made = GeneratedToken {
                    reference: r.reference_number.to_string(),
                    token: r.token,
                };
                self.poll(made, now + POLL_MS)
            }
            Err(f) => State::Over(Step::Failed(f)),
        }
    }

    fn polled(&mut self, made: GeneratedToken, reply: Reply, now: u64) -> State {
        let status = match read::<TokenStatusResponse>(&reply) {
            Ok(s) => s,
            Err(why) => {
                return State::Over(Step::Done(TokenOutcome::Unconfirmed { token: made, why }))
            }
        };
        match status.status {
            Extensible::Known(TokenStatus::Active) => {
                State::Over(Step::Done(TokenOutcome::Active(made)))
            }
            Extensible::Known(TokenStatus::Failed) => {
                State::Over(Step::Failed(Failure::Rejected {
                    code: None,
                    description: String::new(),
                    details: status.status_details.unwrap_or_default(),
                }))
            }
            _ if now >= self.started.unwrap_or(now) + GIVE_UP_MS => {
                State::Over(Step::Done(TokenOutcome::Unconfirmed {
                    token: made,
                    why: Failure::GaveUp,
                }))
            }
            _ => self.poll(made, now + POLL_MS),
        }
    }
}

impl TokenGeneration {
    /// The token, once KSeF gave it (before it is active): shown at once, so it is never lost.
    pub fn made(&self) -> Option<&GeneratedToken> {
        match &self.state {
            State::Poll { made, .. } => Some(made),
            _ => None,
        }
    }
}

impl Machine for TokenGeneration {
    type Output = TokenOutcome;
    type Need = std::convert::Infallible;

    fn step(&mut self, now: u64) -> Step<TokenOutcome> {
        self.started.get_or_insert(now);
        match &mut self.state {
            State::Generate(a) => a.step(now),
            State::Poll { at, .. } if now < *at => Step::Wait {
                until: *at,
                why: Waiting::Polling,
            },
            State::Poll { attempt, .. } => attempt.step(now),
            State::Over(step) => step.clone(),
        }
    }

    fn receive(&mut self, reply: Reply, now: u64) {
        let state = std::mem::replace(&mut self.state, State::Over(Step::Failed(Failure::GaveUp)));
        self.state = match state {
            State::Generate(mut a) => match a.receive(reply, now) {
                Some(r) => self.generated(r, now),
                None => State::Generate(a),
            },
            State::Poll {
                made,
                mut attempt,
                at,
            } => match attempt.receive(reply, now) {
                Some(r) => self.polled(made, r, now),
                None => State::Poll { made, attempt, at },
            },
            over => over,
        };
    }
}
