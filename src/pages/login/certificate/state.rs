//! The certificate login form as one reducer: the target, the credential files, the optional
//! test certificate and the phase of the login. Pure; the page's callbacks do the I/O.

use std::rc::Rc;

use yew::Reducible;

use super::TestFiles;
use crate::components::credentials::{CredentialAction, CredentialFiles};
use crate::failure::AppFailure;
use crate::pages::login::progress::{Activity, Phase};
use crate::pages::login::target::Target;
use crate::worker::credentials::Credentials;
use crate::worker::signing::MakeTestCertificate;

#[derive(Clone, Debug, PartialEq)]
pub struct CertificateForm {
    pub target: Option<Target>,
    pub files: CredentialFiles,
    /// TEST and the simulator accept self-signed certificates: one can be made right here.
    pub test_allowed: bool,
    pub make_test: bool,
    /// A company seal rather than a person.
    pub test_seal: bool,
    pub test_name: String,
    /// A test certificate made for this form, as saved.
    pub test_files: Option<TestFiles>,
    pub phase: Phase,
}

/// What the form signs with: the files loaded, or a test certificate made first.
pub enum Source {
    Files(Credentials),
    Test(MakeTestCertificate),
}

#[derive(Clone, Debug, PartialEq)]
pub enum CertificateAction {
    Target(Option<Target>),
    Credentials(CredentialAction),
    MakeTest(bool),
    TestSeal(bool),
    TestName(String),
    /// The login moved on or ended (from `Run`).
    Phase(Phase),
    /// The test certificate was made and saved: from now on the form signs with its files, so a
    /// retry does not make yet another one.
    TestMade(TestFiles),
    TestFailed(AppFailure),
}

impl CertificateForm {
    pub fn new(test_allowed: bool, offered: CredentialFiles) -> CertificateForm {
        CertificateForm {
            target: None,
            files: offered,
            test_allowed,
            make_test: false,
            test_seal: false,
            test_name: "Jan Testowy".into(),
            test_files: None,
            phase: Phase::Idle,
        }
    }

    pub fn testing(&self) -> bool {
        self.test_allowed && self.make_test
    }

    pub fn ready(&self) -> bool {
        self.target.is_some() && (self.testing() || self.files.complete()) && !self.phase.busy()
    }

    /// What a submit signs with now, or `None` while the form is not ready.
    pub fn source(&self, now_ms: i64) -> Option<(Target, Source)> {
        let target = self.target.clone()?;
        if self.phase.busy() {
            return None;
        }
        let source = if self.testing() {
            Source::Test(MakeTestCertificate {
                seal: self.test_seal,
                // The NIP of a NIP-VAT-UE context is its first part.
                nip: target
                    .context
                    .value()
                    .split('-')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                name: self.test_name.clone(),
                password: self.files.password.clone(),
                now_ms,
            })
        } else {
            Source::Files(self.files.credentials()?)
        };
        Some((target, source))
    }
}

impl Reducible for CertificateForm {
    type Action = CertificateAction;

    fn reduce(self: Rc<Self>, action: CertificateAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            CertificateAction::Target(t) => s.target = t,
            CertificateAction::Credentials(a) => {
                if let CredentialAction::Read(_, Err(_)) = &a {
                    // A failed pick replaces an old failure of the login.
                    s.phase = Phase::Idle;
                }
                s.files.apply(a)
            }
            CertificateAction::MakeTest(on) => s.make_test = on,
            CertificateAction::TestSeal(seal) => s.test_seal = seal,
            CertificateAction::TestName(name) => s.test_name = name,
            CertificateAction::Phase(p) => s.phase = p,
            CertificateAction::TestMade(files) => {
                s.files.apply(CredentialAction::Made {
                    key: files.key.clone(),
                    certificate: files.certificate.clone(),
                });
                s.make_test = false;
                s.test_files = Some(files);
                s.phase = Phase::Working(Activity::GettingChallenge);
            }
            CertificateAction::TestFailed(f) => s.phase = Phase::Failed(f),
        }
        Rc::new(s)
    }
}
