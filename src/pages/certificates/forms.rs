//! The certificate request form and the resumed request as reducers. Pure; their effects run
//! `request::run` / `request::complete`, which report back as [`Report`]s.

use std::rc::Rc;

use ksef_core::api::certificates::CertificateType;
use ksef_core::keys::KeyAlgorithm;
use yew::Reducible;

use super::progress::{Progress, Report, Sent};
use crate::pages::login::progress::{Activity, Phase};
use crate::worker::keygen::Stage;

#[derive(Clone, Debug, PartialEq)]
pub struct RequestForm {
    pub name: String,
    pub kind: CertificateType,
    pub alg: KeyAlgorithm,
    pub password: String,
    pub confirm: String,
    /// As typed in `datetime-local` (local time).
    pub valid_from: String,
    pub progress: Progress,
    /// The request sent and its number: the effect runs once per number.
    pub sent: Option<(u32, Sent)>,
}

impl Default for RequestForm {
    fn default() -> RequestForm {
        RequestForm {
            name: String::new(),
            kind: CertificateType::Authentication,
            alg: KeyAlgorithm::EcP256,
            password: String::new(),
            confirm: String::new(),
            valid_from: String::new(),
            progress: Progress::default(),
            sent: None,
        }
    }
}

pub enum RequestAction {
    Name(String),
    Kind(CertificateType),
    Alg(KeyAlgorithm),
    Password(String),
    Confirm(String),
    ValidFrom(String),
    /// "Send", with the start of validity as an instant (the browser converts local time).
    Send(Option<i64>),
    Report(Report),
}

impl RequestForm {
    pub fn same(&self) -> bool {
        !self.password.is_empty() && self.password == self.confirm
    }

    pub fn ready(&self, can_request: bool) -> bool {
        can_request
            && ksef_core::rules::certificate_name(&self.name).is_ok()
            && ksef_core::rules::key_password(&self.password).is_ok()
            && self.same()
            && !self.progress.phase.busy()
    }
}

impl Reducible for RequestForm {
    type Action = RequestAction;

    fn reduce(self: Rc<Self>, action: RequestAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            RequestAction::Name(v) => s.name = v,
            RequestAction::Kind(k) => s.kind = k,
            RequestAction::Alg(a) => s.alg = a,
            RequestAction::Password(v) => s.password = v,
            RequestAction::Confirm(v) => s.confirm = v,
            RequestAction::ValidFrom(v) => s.valid_from = v,
            RequestAction::Send(_) if s.progress.phase.busy() => {}
            RequestAction::Send(valid_from_ms) => {
                let n = s.sent.as_ref().map_or(1, |(n, _)| n + 1);
                s.sent = Some((
                    n,
                    Sent {
                        name: s.name.clone(),
                        kind: s.kind,
                        alg: s.alg,
                        password: s.password.clone(),
                        valid_from_ms,
                    },
                ));
                s.progress = Progress {
                    phase: Phase::Working(Activity::Key(Stage::GeneratingKey)),
                    ..Progress::default()
                };
            }
            RequestAction::Report(r) => s.progress.apply(r),
        }
        Rc::new(s)
    }
}

/// A request interrupted by a reload: continued with the password typed (for the `.p12`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResumeForm {
    pub progress: Progress,
    pub sent: Option<(u32, Option<String>)>,
    /// "Discard" pressed: the key is being removed from the browser.
    pub discarding: bool,
}

pub enum ResumeAction {
    Resume(Option<String>),
    Report(Report),
    Discard,
}

impl Reducible for ResumeForm {
    type Action = ResumeAction;

    fn reduce(self: Rc<Self>, action: ResumeAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            ResumeAction::Resume(_) if s.progress.phase.busy() => {}
            ResumeAction::Resume(password) => {
                let n = s.sent.as_ref().map_or(1, |(n, _)| n + 1);
                s.sent = Some((n, password));
                s.progress.phase = Phase::Working(Activity::SendingRequest);
            }
            ResumeAction::Report(r) => s.progress.apply(r),
            ResumeAction::Discard if s.progress.phase.busy() => {}
            ResumeAction::Discard => s.discarding = true,
        }
        Rc::new(s)
    }
}

/// The browser's copy of a request whose files are out: kept until the user says they are saved.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BrowserCopy {
    #[default]
    Kept,
    Removing,
    Removed,
    /// The browser refused to delete it: still there, and "saved" tries again.
    NotRemoved(crate::idb::StoreError),
}

pub enum CopyAction {
    Remove,
    Removed,
    Failed(crate::idb::StoreError),
}

impl Reducible for BrowserCopy {
    type Action = CopyAction;

    fn reduce(self: Rc<Self>, action: CopyAction) -> Rc<Self> {
        Rc::new(match (*self, action) {
            (BrowserCopy::Kept | BrowserCopy::NotRemoved(_), CopyAction::Remove) => {
                BrowserCopy::Removing
            }
            (BrowserCopy::Removing, CopyAction::Removed) => BrowserCopy::Removed,
            (BrowserCopy::Removing, CopyAction::Failed(e)) => BrowserCopy::NotRemoved(e),
            // A second press while removing, or a late answer, changes nothing.
            (now, CopyAction::Remove | CopyAction::Removed | CopyAction::Failed(_)) => now,
        })
    }
}
