//! A certificate request under way, as reducer state: its phase and the files to keep. Shared
//! by the request form and the resumed request; `request::complete` reports through it.

use ksef_core::api::certificates::CertificateType;
use ksef_core::keys::KeyAlgorithm;

use super::saved::Files;
use crate::pages::login::progress::Phase;

/// What happened to the files to keep.
#[derive(Clone, Debug, PartialEq)]
pub enum FilesChange {
    /// The key is made (and saved, unless the browser refused to keep the request).
    Key {
        stem: String,
        key_pem: String,
        not_kept: bool,
    },
    /// The browser refused to keep the request's reference.
    NotKept,
    Issued {
        stem: String,
        key_pem: String,
        cert_der: Option<Vec<u8>>,
        p12_b64: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Report {
    Phase(Phase),
    Files(FilesChange),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub phase: Phase,
    pub files: Files,
}

impl Progress {
    pub fn apply(&mut self, report: Report) {
        match report {
            Report::Phase(p) => self.phase = p,
            Report::Files(FilesChange::Key {
                stem,
                key_pem,
                not_kept,
            }) => {
                self.files = Files {
                    stem,
                    key_pem: Some(key_pem),
                    not_kept,
                    ..Files::default()
                }
            }
            Report::Files(FilesChange::NotKept) => self.files.not_kept = true,
            Report::Files(FilesChange::Issued {
                stem,
                key_pem,
                cert_der,
                p12_b64,
            }) => {
                self.files = Files {
                    stem,
                    key_pem: Some(key_pem),
                    cert_der,
                    p12_b64,
                    not_kept: self.files.not_kept,
                }
            }
        }
    }
}

/// What the form sends: read from the form when "Send" is pressed.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub name: String,
    pub kind: CertificateType,
    pub alg: KeyAlgorithm,
    pub password: String,
    pub valid_from_ms: Option<i64>,
}
