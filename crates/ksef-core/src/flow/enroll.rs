//! Asking KSeF for a certificate: the subject data a CSR must carry, the CSR (made by the
//! caller), then `GET /certificates/enrollments/{ref}` until KSeF issued or refused it, and the
//! issued certificate fetched. Once KSeF accepted the request its reference is never lost: a
//! later failure ends with it, marked unconfirmed, and [`Enrollment::resume`] carries on.

use crate::api::certificates::{
    CertificateEnrollmentDataResponse, CertificateEnrollmentStatusResponse,
    EnrollCertificateRequest, EnrollCertificateResponse, RetrieveCertificatesListItem,
    RetrieveCertificatesRequest, RetrieveCertificatesResponse,
};

use super::poll::{refused, Poll};
use super::{read, Attempt, Call, Failure, Machine, Reply, RetryPolicy, Step};

/// Between two status polls: KSeF issues a certificate within seconds.
pub const POLL_MS: u64 = 1000;
/// Longer than KSeF ever takes to issue one; the request stays resumable after.
pub const GIVE_UP_MS: u64 = 5 * 60 * 1000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnrollNeed {
    /// A CSR with exactly this subject: give the request to [`Enrollment::csr`].
    Csr {
        data: CertificateEnrollmentDataResponse,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnrollOutcome {
    Issued(RetrieveCertificatesListItem),
    /// KSeF accepted the request, but its end could not be seen: keep `reference` and
    /// [`Enrollment::resume`] later.
    Unconfirmed {
        reference: String,
        why: Failure,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnrollStage {
    Data,
    /// Waiting for the caller's CSR.
    Csr,
    Submitting,
    /// KSeF is working on it; `description` is its last status 100 text.
    Checking {
        reference: String,
        description: String,
    },
    Retrieving {
        reference: String,
    },
}

/// The first call is made at the first step, so [`Enrollment::with_policy`] applies to it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Start {
    Data,
    Submit(Call),
    Resume(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    Start(Start),
    Data(Attempt),
    Need(EnrollNeed),
    Submit(Attempt),
    Check {
        reference: String,
        poll: Poll,
        description: String,
    },
    Retrieve {
        reference: String,
        serial: String,
        attempt: Attempt,
    },
    Over(Step<EnrollOutcome, EnrollNeed>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enrollment {
    access: String,
    policy: RetryPolicy,
    state: State,
    stage: EnrollStage,
    reference: Option<String>,
}

impl Enrollment {
    /// From the start: the enrollment data, then [`EnrollNeed::Csr`].
    pub fn new(access: &str) -> Enrollment {
        Enrollment::starting(access, Start::Data, None)
    }

    /// A CSR made earlier (kept with its key until KSeF answers): sent right away.
    pub fn submit(access: &str, request: &EnrollCertificateRequest) -> Enrollment {
        let call = Call::json("/certificates/enrollments", request).bearer(access);
        Enrollment::starting(access, Start::Submit(call), None)
    }

    /// A request KSeF accepted before (the app keeps it across reloads): polled right away.
    pub fn resume(access: &str, reference: &str) -> Enrollment {
        let start = Start::Resume(reference.to_string());
        Enrollment::starting(access, start, Some(reference.to_string()))
    }

    fn starting(access: &str, start: Start, reference: Option<String>) -> Enrollment {
        let stage = match &start {
            Start::Data => EnrollStage::Data,
            Start::Submit(_) => EnrollStage::Submitting,
            Start::Resume(r) => EnrollStage::Checking {
                reference: r.clone(),
                description: String::new(),
            },
        };
        Enrollment {
            access: access.to_string(),
            policy: RetryPolicy::default(),
            state: State::Start(start),
            stage,
            reference,
        }
    }

    pub fn with_policy(mut self, policy: RetryPolicy) -> Enrollment {
        self.policy = policy;
        self
    }

    /// Meets [`EnrollNeed::Csr`]; ignored at any other point.
    pub fn csr(&mut self, request: &EnrollCertificateRequest) {
        if matches!(self.state, State::Need(_)) {
            let call = Call::json("/certificates/enrollments", request).bearer(&self.access);
            let state = State::Submit(Attempt::new(call, self.policy));
            self.set(state);
        }
    }

    /// The caller could not make the CSR: end with `why`.
    pub fn fail(&mut self, why: Failure) {
        if matches!(self.state, State::Need(_)) {
            self.set(State::Over(Step::Failed(why)));
        }
    }

    /// The request's reference once KSeF accepted it: what to keep to resume.
    pub fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }

    pub fn stage(&self) -> EnrollStage {
        self.stage.clone()
    }

    fn set(&mut self, state: State) {
        self.stage = match &state {
            State::Start(_) => self.stage.clone(),
            State::Data(_) => EnrollStage::Data,
            State::Need(_) => EnrollStage::Csr,
            State::Submit(_) => EnrollStage::Submitting,
            State::Check {
                reference,
                description,
                ..
            } => EnrollStage::Checking {
                reference: reference.clone(),
                description: description.clone(),
            },
            State::Retrieve { reference, .. } => EnrollStage::Retrieving {
                reference: reference.clone(),
            },
            State::Over(_) => self.stage.clone(),
        };
        self.state = state;
    }

    fn check(&mut self, reference: String, at: u64) -> State {
        self.reference = Some(reference.clone());
        let call = Call::get(format!("/certificates/enrollments/{reference}")).bearer(&self.access);
        State::Check {
            reference,
            poll: Poll::new(call, self.policy, at),
            description: String::new(),
        }
    }

    fn unconfirmed(reference: String, why: Failure) -> State {
        State::Over(Step::Done(EnrollOutcome::Unconfirmed { reference, why }))
    }

    fn submitted(&mut self, reply: Reply, now: u64) -> State {
        match read::<EnrollCertificateResponse>(&reply) {
            Ok(r) => self.check(r.reference_number.to_string(), now + POLL_MS),
            Err(f) => State::Over(Step::Failed(f)),
        }
    }

    fn checked(&self, reference: String, mut poll: Poll, reply: Reply, now: u64) -> State {
        let status = match read::<CertificateEnrollmentStatusResponse>(&reply) {
            Ok(s) => s,
            Err(why) => return Enrollment::unconfirmed(reference, why),
        };
        match status.status.code {
            100 if poll.overdue(now, GIVE_UP_MS) => {
                Enrollment::unconfirmed(reference, Failure::GaveUp)
            }
            100 => {
                poll.again(now, POLL_MS, self.policy);
                let description = status.status.description;
                State::Check {
                    reference,
                    poll,
                    description,
                }
            }
            200 => match status.certificate_serial_number {
                Some(serial) => {
                    let body = RetrieveCertificatesRequest {
                        certificate_serial_numbers: vec![serial.clone()],
                    };
                    let call = Call::json("/certificates/retrieve", &body).bearer(&self.access);
                    State::Retrieve {
                        reference,
                        serial: serial.to_string(),
                        attempt: Attempt::new(call, self.policy),
                    }
                }
                None => Enrollment::unconfirmed(reference, missing("certificateSerialNumber")),
            },
            _ => State::Over(Step::Failed(refused(status.status))),
        }
    }

    fn retrieved(reference: String, serial: &str, reply: Reply) -> State {
        let list = match read::<RetrieveCertificatesResponse>(&reply) {
            Ok(l) => l,
            Err(why) => return Enrollment::unconfirmed(reference, why),
        };
        let issued = list
            .certificates
            .into_iter()
            .find(|c| c.certificate_serial_number.to_string() == serial);
        match issued {
            Some(c) => State::Over(Step::Done(EnrollOutcome::Issued(c))),
            None => Enrollment::unconfirmed(reference, missing("the issued certificate")),
        }
    }
}

fn missing(what: &str) -> Failure {
    Failure::Unexpected {
        status: 200,
        detail: format!("KSeF's answer has no {what}"),
    }
}

impl Machine for Enrollment {
    type Output = EnrollOutcome;
    type Need = EnrollNeed;

    fn step(&mut self, now: u64) -> Step<EnrollOutcome, EnrollNeed> {
        if let State::Start(start) = &self.state {
            let state = match start.clone() {
                Start::Data => {
                    let call = Call::get("/certificates/enrollments/data").bearer(&self.access);
                    State::Data(Attempt::new(call, self.policy))
                }
                Start::Submit(call) => State::Submit(Attempt::new(call, self.policy)),
                Start::Resume(reference) => self.check(reference, now),
            };
            self.set(state);
        }
        match &mut self.state {
            State::Start(_) => unreachable!("started above"),
            State::Data(a) | State::Submit(a) => a.step(now),
            State::Retrieve { attempt, .. } => attempt.step(now),
            State::Need(need) => Step::Need(need.clone()),
            State::Check { poll, .. } => poll.step(now),
            State::Over(step) => step.clone(),
        }
    }

    fn receive(&mut self, reply: Reply, now: u64) {
        let state = std::mem::replace(&mut self.state, State::Over(Step::Failed(Failure::GaveUp)));
        let next = match state {
            State::Data(mut a) => match a.receive(reply, now) {
                Some(r) => match read(&r) {
                    Ok(data) => State::Need(EnrollNeed::Csr { data }),
                    Err(f) => State::Over(Step::Failed(f)),
                },
                None => State::Data(a),
            },
            State::Submit(mut a) => match a.receive(reply, now) {
                Some(r) => self.submitted(r, now),
                None => State::Submit(a),
            },
            State::Check {
                reference,
                mut poll,
                description,
            } => match poll.receive(reply, now) {
                Some(r) => self.checked(reference, poll, r, now),
                None => State::Check {
                    reference,
                    poll,
                    description,
                },
            },
            State::Retrieve {
                reference,
                serial,
                mut attempt,
            } => match attempt.receive(reply, now) {
                Some(r) => Enrollment::retrieved(reference, &serial, r),
                None => State::Retrieve {
                    reference,
                    serial,
                    attempt,
                },
            },
            other => other,
        };
        self.set(next);
    }
}
