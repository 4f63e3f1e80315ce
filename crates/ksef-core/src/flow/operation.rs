//! A permission grant or revoke: KSeF answers 202 with a reference, then
//! `GET /permissions/operations/{ref}` tells 100 (accepted), 200 (done) or why it refused
//! (400..550). Once KSeF accepted the operation its reference is never lost: a later failure
//! ends with it, marked unconfirmed, and [`PermissionOperation::poll`] carries on.

use crate::api::permissions::{
    OperationStatus, PermissionsOperationResponse, PermissionsOperationStatusResponse,
};

use super::poll::{refused, Poll};
use super::{read, Attempt, Call, Failure, Machine, Reply, RetryPolicy, Step};

/// Between two status polls: KSeF applies a grant within seconds.
pub const POLL_MS: u64 = 1000;
/// Longer than KSeF ever takes; the operation stays checkable for 30 days.
pub const GIVE_UP_MS: u64 = 5 * 60 * 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OperationOutcome {
    /// Status 200: the grant or revoke is in effect.
    Completed { reference: String },
    /// KSeF accepted the operation, but its end could not be seen: keep `reference` and
    /// [`PermissionOperation::poll`] it later.
    Unconfirmed { reference: String, why: Failure },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OperationStage {
    Sending,
    /// KSeF is working on it; `description` is its last status 100 text.
    Checking {
        reference: String,
        description: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    /// Not stepped yet: the first call is made then, with the policy set by then.
    Start,
    Send(Attempt),
    Check {
        poll: Poll,
        description: String,
    },
    Over(Step<OperationOutcome>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermissionOperation {
    /// The grant or revoke call (`start`); its bearer polls too.
    call: Option<Call>,
    access: String,
    policy: RetryPolicy,
    reference: Option<String>,
    state: State,
}

impl PermissionOperation {
    /// Sends `call` (a grant or revoke, with the access token as its bearer), reads its
    /// `referenceNumber`, then polls with the same bearer.
    pub fn start(call: Call) -> PermissionOperation {
        PermissionOperation {
            access: call.bearer.clone().unwrap_or_default(),
            call: Some(call),
            policy: RetryPolicy::default(),
            reference: None,
            state: State::Start,
        }
    }

    /// Polls an operation whose reference the caller has (sent by itself, or kept earlier).
    pub fn poll(access: &str, reference: &str) -> PermissionOperation {
        PermissionOperation {
            call: None,
            access: access.to_string(),
            policy: RetryPolicy::default(),
            reference: Some(reference.to_string()),
            state: State::Start,
        }
    }

    pub fn with_policy(mut self, policy: RetryPolicy) -> PermissionOperation {
        self.policy = policy;
        self
    }

    /// The operation's reference once KSeF accepted it.
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }

    pub fn stage(&self) -> OperationStage {
        match (&self.state, &self.reference) {
            (State::Check { description, .. }, Some(r)) => OperationStage::Checking {
                reference: r.clone(),
                description: description.clone(),
            },
            (State::Start | State::Over(_), Some(r)) => OperationStage::Checking {
                reference: r.clone(),
                description: String::new(),
            },
            _ => OperationStage::Sending,
        }
    }

    fn check(&mut self, reference: String, at: u64) -> State {
        let call = Call::get(format!("/permissions/operations/{reference}")).bearer(&self.access);
        self.reference = Some(reference);
        State::Check {
            poll: Poll::new(call, self.policy, at),
            description: String::new(),
        }
    }

    fn sent(&mut self, reply: Reply, now: u64) -> State {
        match read::<PermissionsOperationResponse>(&reply) {
            Ok(r) => self.check(r.reference_number.to_string(), now + POLL_MS),
            Err(f) => State::Over(Step::Failed(f)),
        }
    }

    fn checked(&self, mut poll: Poll, reply: Reply, now: u64) -> State {
        let reference = self.reference.clone().unwrap_or_default();
        let unconfirmed = |why| {
            State::Over(Step::Done(OperationOutcome::Unconfirmed {
                reference: reference.clone(),
                why,
            }))
        };
        let answer = match read::<PermissionsOperationStatusResponse>(&reply) {
            Ok(s) => s,
            Err(why) => return unconfirmed(why),
        };
        // A code outside the 2.9.0 table is a refusal too: only 100 and 200 mean anything else.
        match answer.operation_status() {
            Some(OperationStatus::Accepted) if poll.overdue(now, GIVE_UP_MS) => {
                unconfirmed(Failure::GaveUp)
            }
            Some(OperationStatus::Accepted) => {
                poll.again(now, POLL_MS, self.policy);
                State::Check {
                    poll,
                    description: answer.status.description,
                }
            }
            Some(OperationStatus::Succeeded) => {
                State::Over(Step::Done(OperationOutcome::Completed {
                    reference: reference.clone(),
                }))
            }
            _ => State::Over(Step::Failed(refused(answer.status))),
        }
    }
}

impl Machine for PermissionOperation {
    type Output = OperationOutcome;
    type Need = std::convert::Infallible;

    fn step(&mut self, now: u64) -> Step<OperationOutcome> {
        if self.state == State::Start {
            self.state = match (self.call.take(), self.reference.clone()) {
                (Some(call), _) => State::Send(Attempt::new(call, self.policy)),
                (None, reference) => self.check(reference.unwrap_or_default(), now),
            };
        }
        match &mut self.state {
            State::Start => unreachable!("started above"),
            State::Send(a) => a.step(now),
            State::Check { poll, .. } => poll.step(now),
            State::Over(step) => step.clone(),
        }
    }

    fn receive(&mut self, reply: Reply, now: u64) {
        let state = std::mem::replace(&mut self.state, State::Over(Step::Failed(Failure::GaveUp)));
        self.state = match state {
            State::Send(mut a) => match a.receive(reply, now) {
                Some(r) => self.sent(r, now),
                None => State::Send(a),
            },
            State::Check {
                mut poll,
                description,
            } => match poll.receive(reply, now) {
                Some(r) => self.checked(poll, r, now),
                None => State::Check { poll, description },
            },
            other => other,
        };
    }
}
