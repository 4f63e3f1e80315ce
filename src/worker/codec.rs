//! How a job's request and answer travel between the page and the worker: JSON text.
//!
//! JSON, not bincode (gloo-worker's default): the API types skip empty fields, which bincode
//! cannot read back. A call carries the job's name and its request; a reply carries a
//! progress report, the answer, or the failure. The request and answer stay raw JSON inside
//! the envelope until the side that knows their type reads them, so they are parsed once.
//! Changing the codec means changing this file only.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::{Job, WorkerFailure};

/// The page's message to the worker: run this job with this request. (No `Debug`: requests
/// carry passwords.)
#[derive(Serialize, Deserialize)]
pub struct Call {
    job: String,
    request: Box<RawValue>,
}

impl Call {
    pub fn new<J: Job>(request: &J) -> Result<Call, WorkerFailure> {
        Ok(Call {
            job: J::NAME.to_string(),
            request: raw(request)?,
        })
    }

    /// The job's name, for the worker to pick the job by.
    pub fn job(&self) -> &str {
        &self.job
    }

    /// The request, as job `J` reads it.
    pub fn request<J: Job>(&self) -> Result<J, WorkerFailure> {
        read(&self.request)
    }
}

/// The worker's message about one call: any number of progress reports, then the end. The
/// failure stays raw too, so a failure a newer worker knows reads as a mismatch, not a panic.
#[derive(Serialize, Deserialize)]
pub enum Reply {
    Progress(Box<RawValue>),
    Answer(Box<RawValue>),
    Failed(Box<RawValue>),
}

/// A reply as the page receives it, before the job's types read it.
pub enum Received {
    Progress(Box<RawValue>),
    End(Result<Box<RawValue>, WorkerFailure>),
}

impl Reply {
    pub fn progress<P: Serialize>(progress: &P) -> Reply {
        match raw(progress) {
            Ok(p) => Reply::Progress(p),
            Err(f) => Reply::failed(&f),
        }
    }

    /// The end of a job: its answer, or why there is none.
    pub fn done<A: Serialize>(result: Result<A, WorkerFailure>) -> Reply {
        match result.and_then(|answer| raw(&answer)) {
            Ok(answer) => Reply::Answer(answer),
            Err(f) => Reply::failed(&f),
        }
    }

    pub fn failed(failure: &WorkerFailure) -> Reply {
        // A failure is plain data (enums, strings, dates): it always serialises.
        Reply::Failed(raw(failure).expect("a failure serialises"))
    }

    pub fn received(self) -> Received {
        match self {
            Reply::Progress(p) => Received::Progress(p),
            Reply::Answer(a) => Received::End(Ok(a)),
            Reply::Failed(f) => Received::End(Err(read(&f).unwrap_or_else(|mismatch| mismatch))),
        }
    }
}

fn raw<T: Serialize>(value: &T) -> Result<Box<RawValue>, WorkerFailure> {
    serde_json::value::to_raw_value(value).map_err(|_| WorkerFailure::Mismatch)
}

/// A request, progress report or answer as its job's type reads it; anything else (another
/// job's, another build's) is a mismatch.
pub fn read<T: DeserializeOwned>(raw: &RawValue) -> Result<T, WorkerFailure> {
    serde_json::from_str(raw.get()).map_err(|_| WorkerFailure::Mismatch)
}

/// A [`Call`] or [`Reply`] as text, for the message between the page and the worker.
pub fn to_text<T: Serialize>(message: &T) -> String {
    // Only our own envelopes go through here, and every part of them is already JSON.
    serde_json::to_string(message).expect("an envelope of JSON serialises")
}

/// A [`Call`] or [`Reply`] from its text; `None` when the other side sent something else.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

/// gloo-worker's hook for the codec above.
pub struct JsonCodec;

impl gloo_worker::Codec for JsonCodec {
    fn encode<I: Serialize>(input: I) -> wasm_bindgen::JsValue {
        wasm_bindgen::JsValue::from_str(&to_text(&input))
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: wasm_bindgen::JsValue) -> O {
        from_text(&input.as_string().unwrap_or_default())
            .expect("the page and the worker come from the same build")
    }
}

#[cfg(test)]
mod tests;
