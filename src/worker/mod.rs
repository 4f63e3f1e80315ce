//! The crypto Web Worker: everything slow or heavy (keys, signatures, X.509, RSA, QR images)
//! runs there, off the UI thread and out of the page's wasm.
//!
//! Each job is one request type that implements [`Job`]: its answer type is fixed by the
//! request, so a caller gets that job's answer or a [`WorkerFailure`], never another job's
//! answer. The page runs a job with [`call`] (or [`call_with_progress`] for a job that reports
//! stages); the worker side ([`CryptoWorker`]) decodes the request by the job's name and runs
//! it. How requests and answers travel is the codec's business alone ([`codec`]).
//!
//! Jobs by group: [`keygen`] (key pair, CSR, key file), [`signing`] (pre-flight check, signing
//! `auth.xml`, `.p12`, test certificates), [`qr`] (code II signer, QR images), [`token`] (KSeF
//! token encryption), [`certificate`] (what a certificate says), [`desk`] (the office desk's
//! login certificate, held until "Forget"); [`credentials`] are the files a
//! signing job loads.

use std::future::Future;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

mod bridge;
pub mod certificate;
pub mod codec;
pub mod credentials;
pub mod desk;
mod failure;
pub mod keygen;
pub mod qr;
mod serve;
pub mod signing;
pub mod token;

pub use bridge::{call, call_with_progress, stop, warm_up, Ready, WORKER_LOADER};
pub use failure::WorkerFailure;
pub use serve::CryptoWorker;

/// One kind of work for the worker: the request is the job itself.
pub trait Job: Serialize + DeserializeOwned + 'static {
    /// How the worker recognises the job; unique among jobs.
    const NAME: &'static str;
    type Answer: Serialize + DeserializeOwned + 'static;
    /// What the job reports while it runs, to its caller only ([`NoProgress`] for most).
    type Progress: Serialize + DeserializeOwned + 'static;

    /// Does the work, in the worker.
    fn run(
        self,
        progress: impl Fn(Self::Progress) + 'static,
    ) -> impl Future<Output = Result<Self::Answer, WorkerFailure>>;
}

/// The progress of a job that reports none: it has no values, so none is ever sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoProgress {}
