//! One call and its answer, with the same retry rules as the longer protocols: lists,
//! revocations and queries use it.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::{read, Attempt, Call, Failure, Machine, Reply, RetryPolicy, Step};

/// What a successful answer is read as.
pub trait Answer: Sized {
    fn read(reply: &Reply) -> Result<Self, Failure>;
}

/// A JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned> Answer for Json<T> {
    fn read(reply: &Reply) -> Result<Json<T>, Failure> {
        read(reply).map(Json)
    }
}

/// Any success, whatever its body (a revocation's 204).
impl Answer for () {
    fn read(reply: &Reply) -> Result<(), Failure> {
        match reply {
            Reply::Answer { status, .. } if (200..300).contains(status) => Ok(()),
            other => Err(Failure::from_reply(other)),
        }
    }
}

pub struct Single<A> {
    attempt: Attempt,
    end: Option<Step<A>>,
    answer: PhantomData<A>,
}

impl<A: Answer + Clone> Single<A> {
    pub fn new(call: Call) -> Single<A> {
        Single {
            attempt: Attempt::new(call, RetryPolicy::default()),
            end: None,
            answer: PhantomData,
        }
    }
}

impl<A: Answer + Clone> Machine for Single<A> {
    type Output = A;
    type Need = std::convert::Infallible;

    fn step(&mut self, now: u64) -> Step<A> {
        match &self.end {
            Some(end) => end.clone(),
            None => self.attempt.step(now),
        }
    }

    fn receive(&mut self, reply: Reply, now: u64) {
        if let Some(r) = self.attempt.receive(reply, now) {
            self.end = Some(match A::read(&r) {
                Ok(a) => Step::Done(a),
                Err(f) => Step::Failed(f),
            });
        }
    }
}
