//! The machines driven by scripted answers: a test names the calls it expects and what KSeF
//! (or the network) answers to each, and the clock moves only through the machine's waits.

mod enroll;
mod login;
mod messages;
mod operation;
mod refresh;
mod single;
mod token;

use super::{Call, Machine, Reply, Step, Waiting};

pub fn json(status: u16, body: serde_json::Value) -> Reply {
    Reply::ok(status, body.to_string())
}

pub fn too_many(retry_after: &str) -> Reply {
    Reply::Answer {
        status: 429,
        retry_after: Some(retry_after.into()),
        body: br#"{"status":{"code":429,"description":"Too Many Requests","details":[]}}"#.to_vec(),
    }
}

pub fn unreadable() -> Reply {
    Reply::ok(200, "<html><body>Proxy login</body></html>")
}

/// KSeF's own error body (the legacy `ExceptionResponse`).
pub fn ksef_error(status: u16, code: i32, description: &str) -> Reply {
    json(
        status,
        serde_json::json!({"exception": {
            "exceptionDetailList": [{"exceptionCode": code, "exceptionDescription": description}],
            "serviceCode": "00-abc-def-00",
        }}),
    )
}

/// The code of a `Failure::Ksef`, to compare in one line.
pub fn ksef_code<T: std::fmt::Debug, N: std::fmt::Debug>(end: &Step<T, N>) -> Option<i32> {
    match end {
        Step::Failed(super::Failure::Ksef(e)) => e.code(),
        other => panic!("not a KSeF error: {other:?}"),
    }
}

pub fn server_error() -> Reply {
    Reply::ok(500, "Internal Server Error")
}

/// What the driver saw, in order.
#[derive(Debug, PartialEq)]
pub enum Seen {
    Sent(String),
    Waited(Waiting, u64),
}

/// Drives `m` with `replies` (one per `Send`, in order) until it ends or needs something;
/// returns the last step (not `Send`/`Wait`), what was sent and waited, and the clock.
pub struct Driver {
    pub now: u64,
    pub seen: Vec<Seen>,
    pub calls: Vec<Call>,
}

impl Driver {
    pub fn new() -> Driver {
        Driver {
            now: 0,
            seen: Vec::new(),
            calls: Vec::new(),
        }
    }

    pub fn run<M: Machine>(&mut self, m: &mut M, replies: Vec<Reply>) -> Step<M::Output, M::Need> {
        let mut replies = replies.into_iter();
        loop {
            match m.step(self.now) {
                Step::Send(call) => {
                    self.seen.push(Seen::Sent(format!(
                        "{} {}",
                        call.method.as_str(),
                        call.path
                    )));
                    self.calls.push(call);
                    let reply = replies
                        .next()
                        .expect("the machine sent more calls than the script answers");
                    m.receive(reply, self.now);
                }
                Step::Wait { until, why } => {
                    assert!(until > self.now, "a wait must lie in the future");
                    self.seen.push(Seen::Waited(why, until - self.now));
                    self.now = until;
                }
                other => {
                    assert!(
                        replies.next().is_none(),
                        "the machine ended before using every reply"
                    );
                    return other;
                }
            }
        }
    }

    pub fn waits(&self) -> Vec<(Waiting, u64)> {
        self.seen
            .iter()
            .filter_map(|s| match s {
                Seen::Waited(w, ms) => Some((w.clone(), *ms)),
                Seen::Sent(_) => None,
            })
            .collect()
    }

    pub fn bearers(&self) -> Vec<Option<&str>> {
        self.calls.iter().map(|c| c.bearer.as_deref()).collect()
    }

    /// Runs until the end, however long: for polls that never end.
    pub fn run_endless<M: Machine>(
        &mut self,
        m: &mut M,
        first: Vec<Reply>,
        again: impl Fn() -> Reply,
    ) -> Step<M::Output, M::Need> {
        let mut first = first.into_iter();
        loop {
            match m.step(self.now) {
                Step::Send(call) => {
                    self.calls.push(call);
                    m.receive(first.next().unwrap_or_else(&again), self.now);
                }
                Step::Wait { until, .. } => self.now = until,
                other => return other,
            }
        }
    }

    pub fn sent(&self) -> Vec<&str> {
        self.seen
            .iter()
            .filter_map(|s| match s {
                Seen::Sent(c) => Some(c.as_str()),
                Seen::Waited(..) => None,
            })
            .collect()
    }
}
