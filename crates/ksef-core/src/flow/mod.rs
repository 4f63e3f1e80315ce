//! KSeF's multi-step protocols as sans-I/O state machines, as rustls does it: a machine says
//! what to send next ([`Step::Send`]), is fed the answer ([`Reply`]) and the time, and ends in
//! a value or a typed [`Failure`]. The web app, the CLI and the tests each do the I/O around
//! the same machines, so retries, 429 waits and status handling live in one place.
//!
//! Time is milliseconds on any monotonic clock the caller keeps (`performance.now()`,
//! `Instant`); a machine only compares and adds.

// A Failure is large (KSeF's error carries its texts), but it ends a network step: no boxing.
#![allow(clippy::result_large_err)]

mod call;
pub mod enroll;
mod failure;
pub mod login;
mod messages;
pub mod operation;
mod poll;
pub mod refresh;
pub mod single;
pub mod token;

pub use call::{Attempt, Machine, RetryPolicy};
pub use failure::{Failure, LocalFailure};

use serde::de::DeserializeOwned;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }

    /// Safe to send again after no answer: KSeF did nothing, or did the same thing again.
    pub fn idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Delete)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Empty,
    Json(String),
    Xml(String),
}

/// One HTTP request to KSeF; `path` follows the API base (`/v2` of an environment, through
/// the relay), e.g. `/auth/challenge`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Call {
    pub method: Method,
    pub path: String,
    pub bearer: Option<String>,
    pub body: Body,
    pub continuation: Option<String>,
}

impl Call {
    pub fn get(path: impl Into<String>) -> Call {
        Call::new(Method::Get, path, Body::Empty)
    }

    pub fn post(path: impl Into<String>, body: Body) -> Call {
        Call::new(Method::Post, path, body)
    }

    pub fn delete(path: impl Into<String>) -> Call {
        Call::new(Method::Delete, path, Body::Empty)
    }

    fn new(method: Method, path: impl Into<String>, body: Body) -> Call {
        Call {
            method,
            path: path.into(),
            bearer: None,
            body,
            continuation: None,
        }
    }

    pub fn bearer(mut self, token: impl Into<String>) -> Call {
        self.bearer = Some(token.into());
        self
    }

    /// A JSON body from one of our request types.
    pub fn json<T: serde::Serialize>(path: impl Into<String>, body: &T) -> Call {
        let json = serde_json::to_string(body).expect("our request types serialise");
        Call::post(path, Body::Json(json))
    }
}

/// What came back for a [`Call`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// An HTTP answer, from KSeF or from the relay itself.
    Answer {
        status: u16,
        /// The raw `Retry-After` header.
        retry_after: Option<String>,
        body: Vec<u8>,
    },
    /// No HTTP answer at all: offline, the relay is down or its address is wrong.
    NoAnswer,
    /// The caller's own timeout ran out before an answer came.
    TimedOut,
}

impl Reply {
    pub fn ok(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply::Answer {
            status,
            retry_after: None,
            body: body.into(),
        }
    }
}

/// Why a machine is waiting: shown to the user while the time passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Waiting {
    /// KSeF (or the relay) asked for a pause; the same call is sent again at `until`.
    RateLimited { seconds: u64 },
    /// No answer came; trying once more.
    Retrying,
    /// KSeF is still working on it (status 100, `Pending`): asking again shortly.
    Polling,
}

/// What a machine wants next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step<T, N = std::convert::Infallible> {
    Send(Call),
    /// Call the machine again at `until` (same clock as `now`).
    Wait {
        until: u64,
        why: Waiting,
    },
    /// Something only the caller can make (a signature, an encrypted token, a CSR).
    Need(N),
    Done(T),
    Failed(Failure),
}

/// Reads a 2xx body as `T`; anything else is a typed failure.
pub fn read<T: DeserializeOwned>(reply: &Reply) -> Result<T, Failure> {
    match reply {
        Reply::Answer { status, body, .. } if (200..300).contains(status) => {
            serde_json::from_slice(body).map_err(|e| Failure::Unexpected {
                status: *status,
                detail: e.to_string(),
            })
        }
        other => Err(Failure::from_reply(other)),
    }
}

#[cfg(test)]
mod tests;
