//! How a protocol step failed, as a value: the kind decides the message, and the message is
//! rendered only when shown, in the language of that moment.

use serde_json::Value;

use crate::error::KsefError;
use crate::lang::{Lang, Localized};

use super::Reply;

/// Work done on this side (in the tab or its worker) that failed; `detail` is technical.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LocalFailure {
    /// Encrypting the KSeF token with KSeF's public key.
    Encryption,
    /// Signing `auth.xml` with the loaded key.
    Signing,
    /// Making the key pair or the CSR.
    KeyGeneration,
    /// Saving in the browser's storage (IndexedDB).
    Storage,
    /// The background worker did not answer as it should.
    Worker,
    /// A chosen file is larger than Klucznik reads (`detail`: its name).
    FileTooLarge,
    /// The browser could not read a chosen file (`detail`: its name).
    FileUnreadable,
}

/// Stored with a batch (JSON in IndexedDB), so it is serde as it is.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Failure {
    /// No HTTP answer at all: offline, or the relay is down or at a wrong address.
    Network,
    /// No answer in time: the caller's timeout, or the relay's own wait for KSeF.
    TimedOut,
    /// The relay itself refused the request (its `code`, e.g. `body-too-large`).
    Relay {
        status: u16,
        code: String,
    },
    /// KSeF answered with an error it describes (exception codes, problem details).
    Ksef(KsefError),
    /// A server error without KSeF's error body: KSeF or a gateway on the way broke down.
    Server {
        status: u16,
    },
    /// KSeF still asked for a pause after the machine's own waits.
    RateLimited {
        retry_after: Option<u64>,
    },
    /// A success status with a body Klucznik cannot read.
    Unexpected {
        status: u16,
        detail: String,
    },
    /// The login ended with a refusal status (415, 425, 450, 460, 470, 480, …).
    AuthStatus {
        code: i32,
        details: Vec<String>,
    },
    /// The login ended with 500 or 550: nothing is wrong with the data, start again.
    StartAgain {
        code: i32,
        details: Vec<String>,
    },
    /// An asynchronous operation (token, enrollment, permission) ended refused.
    Rejected {
        code: Option<i32>,
        description: String,
        details: Vec<String>,
    },
    /// Polling went on longer than KSeF ever takes.
    GaveUp,
    Local {
        what: LocalFailure,
        detail: String,
    },
}

impl Failure {
    /// The failure a non-2xx (or missing) answer stands for.
    pub fn from_reply(reply: &Reply) -> Failure {
        let (status, retry_after, body) = match reply {
            Reply::NoAnswer => return Failure::Network,
            Reply::TimedOut => return Failure::TimedOut,
            Reply::Answer {
                status,
                retry_after,
                body,
            } => (*status, retry_after.as_deref(), body),
        };
        if (200..300).contains(&status) {
            return Failure::Unexpected {
                status,
                detail: "no body was expected to be read here".into(),
            };
        }
        if let Some(code) = relay_code(body) {
            return match (status, code.as_str()) {
                (504, _) | (_, "upstream-timeout") => Failure::TimedOut,
                (429, _) => Failure::RateLimited {
                    retry_after: seconds(retry_after),
                },
                _ => Failure::Relay { status, code },
            };
        }
        let e = KsefError::from_response(status, body, retry_after);
        let described =
            !e.codes.is_empty() || !e.descriptions.is_empty() || e.reason_code.is_some();
        match status {
            429 => Failure::RateLimited {
                retry_after: e.retry_after,
            },
            // A gateway's own "Gateway Timeout": the answer did not come in time.
            504 if !described => Failure::TimedOut,
            500..=599 if !described => Failure::Server { status },
            _ => Failure::Ksef(e),
        }
    }

    /// Worth trying again later as it is (nothing in the request was wrong).
    pub fn transient(&self) -> bool {
        matches!(
            self,
            Failure::Network
                | Failure::TimedOut
                | Failure::Server { .. }
                | Failure::RateLimited { .. }
                | Failure::StartAgain { .. }
        )
    }

    /// A stable name of the kind, for pages to mark an error line (`data-kind`) and for tests.
    pub fn kind(&self) -> &'static str {
        match self {
            Failure::Network => "network",
            Failure::TimedOut => "timeout",
            Failure::Relay { .. } => "relay",
            Failure::Ksef(_) => "ksef",
            Failure::Server { .. } => "server",
            Failure::RateLimited { .. } => "rate-limited",
            Failure::Unexpected { .. } => "unexpected",
            Failure::AuthStatus { .. } => "auth-status",
            Failure::StartAgain { .. } => "start-again",
            Failure::Rejected { .. } => "rejected",
            Failure::GaveUp => "gave-up",
            Failure::Local { .. } => "local",
        }
    }

    /// KSeF refused because the caller lacks a permission (403 `missing-permissions`, or a
    /// plain 403 without a reason).
    pub fn lacks_permission(&self) -> bool {
        matches!(self, Failure::Ksef(e) if e.http_status == 403
            && e.reason_code.as_deref().is_none_or(|r| r == "missing-permissions"))
    }

    pub fn local(what: LocalFailure, detail: impl Into<String>) -> Failure {
        Failure::Local {
            what,
            detail: detail.into(),
        }
    }
}

fn seconds(header: Option<&str>) -> Option<u64> {
    header.and_then(|h| h.trim().parse().ok())
}

/// The relay marks its own refusals with `"relay": true` and a `code`.
fn relay_code(body: &[u8]) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    if v.get("relay")?.as_bool()? {
        return Some(v.get("code")?.as_str()?.to_string());
    }
    None
}

impl From<KsefError> for Failure {
    fn from(e: KsefError) -> Failure {
        Failure::Ksef(e)
    }
}

impl Localized for Failure {
    fn message(&self, lang: Lang) -> String {
        super::messages::message(self, lang)
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Failure {}
