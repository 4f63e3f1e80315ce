//! [`Failure`] as it is stored with a batch (IndexedDB, JSON): `Failure` and `KsefError` have no
//! serde of their own, and the flow files are not this module's to change, so a mirror with an
//! exhaustive match both ways keeps every variant (the compiler flags a new one).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::KsefError;
use crate::flow::{Failure, LocalFailure};

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum Stored {
    Network,
    TimedOut,
    Relay {
        status: u16,
        code: String,
    },
    Ksef(StoredKsefError),
    Server {
        status: u16,
    },
    RateLimited {
        retry_after: Option<u64>,
    },
    Unexpected {
        status: u16,
        detail: String,
    },
    AuthStatus {
        code: i32,
        details: Vec<String>,
    },
    StartAgain {
        code: i32,
        details: Vec<String>,
    },
    Rejected {
        code: Option<i32>,
        description: String,
        details: Vec<String>,
    },
    GaveUp,
    Local {
        what: StoredLocal,
        detail: String,
    },
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredKsefError {
    http_status: u16,
    codes: Vec<i32>,
    descriptions: Vec<String>,
    details: Vec<String>,
    trace_id: Option<String>,
    reason_code: Option<String>,
    retry_after: Option<u64>,
}

#[derive(Serialize, Deserialize)]
enum StoredLocal {
    Encryption,
    Signing,
    KeyGeneration,
    Storage,
    Worker,
    FileTooLarge,
    FileUnreadable,
}

impl From<&Failure> for Stored {
    fn from(f: &Failure) -> Stored {
        match f.clone() {
            Failure::Network => Stored::Network,
            Failure::TimedOut => Stored::TimedOut,
            Failure::Relay { status, code } => Stored::Relay { status, code },
            Failure::Ksef(e) => Stored::Ksef(StoredKsefError {
                http_status: e.http_status,
                codes: e.codes,
                descriptions: e.descriptions,
                details: e.details,
                trace_id: e.trace_id,
                reason_code: e.reason_code,
                retry_after: e.retry_after,
            }),
            Failure::Server { status } => Stored::Server { status },
            Failure::RateLimited { retry_after } => Stored::RateLimited { retry_after },
            Failure::Unexpected { status, detail } => Stored::Unexpected { status, detail },
            Failure::AuthStatus { code, details } => Stored::AuthStatus { code, details },
            Failure::StartAgain { code, details } => Stored::StartAgain { code, details },
            Failure::Rejected {
                code,
                description,
                details,
            } => Stored::Rejected {
                code,
                description,
                details,
            },
            Failure::GaveUp => Stored::GaveUp,
            Failure::Local { what, detail } => Stored::Local {
                what: match what {
                    LocalFailure::Encryption => StoredLocal::Encryption,
                    LocalFailure::Signing => StoredLocal::Signing,
                    LocalFailure::KeyGeneration => StoredLocal::KeyGeneration,
                    LocalFailure::Storage => StoredLocal::Storage,
                    LocalFailure::Worker => StoredLocal::Worker,
                    LocalFailure::FileTooLarge => StoredLocal::FileTooLarge,
                    LocalFailure::FileUnreadable => StoredLocal::FileUnreadable,
                },
                detail,
            },
        }
    }
}

impl From<Stored> for Failure {
    fn from(s: Stored) -> Failure {
        match s {
            Stored::Network => Failure::Network,
            Stored::TimedOut => Failure::TimedOut,
            Stored::Relay { status, code } => Failure::Relay { status, code },
            Stored::Ksef(e) => Failure::Ksef(KsefError {
                http_status: e.http_status,
                codes: e.codes,
                descriptions: e.descriptions,
                details: e.details,
                trace_id: e.trace_id,
                reason_code: e.reason_code,
                retry_after: e.retry_after,
            }),
            Stored::Server { status } => Failure::Server { status },
            Stored::RateLimited { retry_after } => Failure::RateLimited { retry_after },
            Stored::Unexpected { status, detail } => Failure::Unexpected { status, detail },
            Stored::AuthStatus { code, details } => Failure::AuthStatus { code, details },
            Stored::StartAgain { code, details } => Failure::StartAgain { code, details },
            Stored::Rejected {
                code,
                description,
                details,
            } => Failure::Rejected {
                code,
                description,
                details,
            },
            Stored::GaveUp => Failure::GaveUp,
            Stored::Local { what, detail } => Failure::Local {
                what: match what {
                    StoredLocal::Encryption => LocalFailure::Encryption,
                    StoredLocal::Signing => LocalFailure::Signing,
                    StoredLocal::KeyGeneration => LocalFailure::KeyGeneration,
                    StoredLocal::Storage => LocalFailure::Storage,
                    StoredLocal::Worker => LocalFailure::Worker,
                    StoredLocal::FileTooLarge => LocalFailure::FileTooLarge,
                    StoredLocal::FileUnreadable => LocalFailure::FileUnreadable,
                },
                detail,
            },
        }
    }
}

/// For `#[serde(with = "failure")]` on a `Failure` field.
pub mod failure {
    use super::*;

    pub fn serialize<S: Serializer>(f: &Failure, s: S) -> Result<S::Ok, S::Error> {
        Stored::from(f).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Failure, D::Error> {
        Stored::deserialize(d).map(Failure::from)
    }
}
