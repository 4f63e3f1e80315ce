//! The login page's reducers, natively: the tabs, each form's readiness, and every phase a
//! login can end in, failures included.

use std::rc::Rc;

use ksef_core::api::auth::ChallengeResponse;
use ksef_core::auth_xml::SubjectIdentifierType;
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::flow::{Failure, LocalFailure};
use ksef_core::ip_policy::IpPolicyError;
use yew::Reducible;

use super::certificate::state::{CertificateAction, CertificateForm, Source};
use super::certificate::TestFiles;
use super::progress::{Activity, Phase};
use super::signed_file::{Prepared, SignedFileAction, SignedFileForm, Upload};
use super::state::{LoginAction, LoginState, Method};
use super::target::{IpAction, IpFields, IpList, Target, TargetAction, TargetFields};
use super::token::{TokenAction, TokenForm};
use crate::components::credentials::{CredentialAction, CredentialFiles, Slot};
use crate::failure::AppFailure;
use crate::files::Picked;
use crate::worker::signing::PreflightSummary;
use crate::worker::WorkerFailure;

fn run<R: Reducible + Clone>(s: R, actions: Vec<R::Action>) -> R {
    let mut s = Rc::new(s);
    for a in actions {
        s = s.reduce(a);
    }
    (*s).clone()
}

fn target() -> Target {
    Target {
        context: ContextIdentifier::parse(ContextType::Nip, "5265877635").unwrap(),
        subject: SubjectIdentifierType::default(),
        allowed_ips: None,
    }
}

fn file(name: &str) -> Picked {
    Picked {
        name: name.into(),
        bytes: b"-----BEGIN-----".to_vec(),
    }
}

fn wrong_password() -> AppFailure {
    WorkerFailure::KeyFile(ksef_core::keystore::KeyFileError::WrongPassword).into()
}

#[test]
fn the_page_opens_the_offered_certificates_tab_and_forgets_test_files_at_logout() {
    assert_eq!(LoginState::new(false).method, Method::SignedFile);
    assert_eq!(LoginState::new(true).method, Method::Certificate);
    let files = TestFiles {
        key: file("t.key"),
        certificate: file("t.crt"),
    };
    let s = run(
        LoginState::new(false),
        vec![
            LoginAction::Choose(Method::Token),
            LoginAction::TestFiles(files.clone()),
        ],
    );
    assert_eq!(
        (s.method, s.test_files.clone()),
        (Method::Token, Some(files))
    );
    let s = run(s, vec![LoginAction::LoggedOut]);
    assert_eq!(s.test_files, None);
    let ids: Vec<&str> = Method::ALL.iter().map(|m| m.tab_id()).collect();
    assert_eq!(ids, ["tab-signed-file", "tab-certificate", "tab-token"]);
}

#[test]
fn the_certificate_form_needs_a_target_and_complete_files() {
    let s = CertificateForm::new(false, CredentialFiles::default());
    assert!(!s.ready() && s.source(0).is_none());
    let s = run(
        s,
        vec![
            CertificateAction::Target(Some(target())),
            CertificateAction::Credentials(CredentialAction::Read(Slot::Key, Ok(file("a.key")))),
        ],
    );
    assert!(!s.ready(), "a key file waits for its certificate");
    let s = run(
        s,
        vec![CertificateAction::Credentials(CredentialAction::Read(
            Slot::Certificate,
            Ok(file("a.crt")),
        ))],
    );
    assert!(s.ready());
    assert!(matches!(s.source(0), Some((_, Source::Files(_)))));
    // While a login runs, the form cannot start another.
    let busy = run(
        s,
        vec![CertificateAction::Phase(Phase::Working(Activity::Signing))],
    );
    assert!(!busy.ready() && busy.source(0).is_none());
}

#[test]
fn a_test_certificate_is_made_only_where_allowed_and_then_reused() {
    let actions = || {
        vec![
            CertificateAction::Target(Some(target())),
            CertificateAction::MakeTest(true),
            CertificateAction::TestSeal(true),
            CertificateAction::TestName("Firma Testowa".into()),
            CertificateAction::Credentials(CredentialAction::Password("hasło".into())),
        ]
    };
    let prod = run(
        CertificateForm::new(false, CredentialFiles::default()),
        actions(),
    );
    assert!(!prod.testing() && !prod.ready());
    let s = run(
        CertificateForm::new(true, CredentialFiles::default()),
        actions(),
    );
    let Some((_, Source::Test(job))) = s.source(7) else {
        panic!("a test certificate should be made")
    };
    assert_eq!(
        (
            job.seal,
            job.nip.as_str(),
            job.name.as_str(),
            job.password.as_str()
        ),
        (true, "5265877635", "Firma Testowa", "hasło")
    );
    let files = TestFiles {
        key: file("Firma.key"),
        certificate: file("Firma.crt"),
    };
    let s = run(s, vec![CertificateAction::TestMade(files.clone())]);
    assert!(!s.make_test, "a retry signs with the saved files");
    assert_eq!(s.test_files, Some(files));
    assert_eq!(s.files.key, Some(file("Firma.key")));
    assert_eq!(s.phase, Phase::Working(Activity::GettingChallenge));
}

#[test]
fn the_certificate_form_shows_every_end() {
    let s = CertificateForm::new(true, CredentialFiles::default());
    let failed = run(
        s.clone(),
        vec![CertificateAction::TestFailed(wrong_password())],
    );
    assert_eq!(failed.phase, Phase::Failed(wrong_password()));
    let limited = run(
        s.clone(),
        vec![CertificateAction::Phase(Phase::RateLimited(3))],
    );
    assert!(limited.phase.busy());
    let network = run(
        s.clone(),
        vec![CertificateAction::Phase(Phase::Failed(
            Failure::Network.into(),
        ))],
    );
    assert_eq!(network.phase, Phase::Failed(Failure::Network.into()));
    // A file that cannot be read is shown by the picker and clears the old failure.
    let unread = Failure::local(LocalFailure::FileTooLarge, "huge.p12");
    let s = run(
        network,
        vec![CertificateAction::Credentials(CredentialAction::Read(
            Slot::Key,
            Err(unread.clone()),
        ))],
    );
    assert_eq!(s.phase, Phase::Idle);
    assert_eq!(s.files.failure, Some(unread.into()));
}

const TOKEN: &str = "20251010-EC-1DCE3E3000-12ECB5B36E-45|nip-5239097734|919f7044a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718296df7b9";

#[test]
fn the_token_form_sends_only_a_valid_token_and_policy() {
    let s = TokenForm::default();
    assert!(s.token().is_err() && s.request().is_none());
    let s = run(s, vec![TokenAction::Text("nie-token".into())]);
    assert!(s.token().is_err() && s.request().is_none());
    let s = run(s, vec![TokenAction::Text(format!(" {TOKEN} "))]);
    let (token, ips) = s.request().expect("a valid token");
    assert_eq!((token.context().value.as_str(), ips), ("5239097734", None));
    let bad_ips = run(
        s.clone(),
        vec![TokenAction::Ips(Err(IpPolicyError::BadAddress(
            "1.2.3".into(),
        )))],
    );
    assert!(bad_ips.request().is_none());
    let busy = run(
        s.clone(),
        vec![TokenAction::Phase(Phase::Working(
            Activity::EncryptingToken,
        ))],
    );
    assert!(busy.request().is_none());
    let failed = run(
        busy,
        vec![TokenAction::Phase(Phase::Failed(wrong_password()))],
    );
    assert!(
        failed.request().is_some(),
        "after a failure the user may try again"
    );
    let shown = run(s, vec![TokenAction::ToggleShown]);
    assert!(shown.shown);
}

fn prepared() -> Prepared {
    let challenge: ChallengeResponse = serde_json::from_value(serde_json::json!({
        "challenge": "20260601-CR-20F5EE4000-DA48AE4124-46",
        "timestamp": "2026-06-01T10:00:00.123+00:00",
        "timestampMs": 1780308000123_i64, "clientIp": "192.0.2.1"}))
    .unwrap();
    Prepared {
        challenge,
        target: target(),
        file_name: "auth.xml".into(),
        xml: "<AuthTokenRequest/>".into(),
    }
}

fn upload(valid: bool) -> Upload {
    Upload {
        name: "auth.signed.xml".into(),
        bytes: b"<AuthTokenRequest/>".to_vec(),
        summary: PreflightSummary {
            valid,
            findings: vec![],
            self_signed: Some(true),
        },
    }
}

#[test]
fn the_signed_file_form_sends_only_a_checked_file_for_its_challenge() {
    let s = run(
        SignedFileForm::default(),
        vec![
            SignedFileAction::Target(Some(target())),
            SignedFileAction::Asking,
        ],
    );
    assert_eq!(s.phase, Phase::Working(Activity::GettingChallenge));
    let s = run(s, vec![SignedFileAction::Prepared(Ok(prepared()))]);
    assert_eq!(s.phase, Phase::Idle);
    let s = run(s, vec![SignedFileAction::Checking]);
    assert_eq!(s.phase, Phase::Working(Activity::CheckingSignature));
    let invalid = run(
        s.clone(),
        vec![SignedFileAction::Checked(Ok(upload(false)))],
    );
    assert!(invalid.upload.is_some() && invalid.sendable().is_none());
    let s = run(s, vec![SignedFileAction::Checked(Ok(upload(true)))]);
    let (_, u) = s.sendable().expect("a valid file may be sent");
    assert_eq!(u.signer(), crate::login_method::KnownSigner::SelfSigned);
    // A new challenge drops the file signed for the old one.
    let s = run(s, vec![SignedFileAction::Asking]);
    assert!(s.upload.is_none() && s.sendable().is_none());
}

#[test]
fn the_signed_file_form_shows_its_failures() {
    let s = run(
        SignedFileForm::default(),
        vec![SignedFileAction::Prepared(Err(Failure::Network.into()))],
    );
    assert_eq!(s.phase, Phase::Failed(Failure::Network.into()));
    let unreadable: AppFailure = Failure::local(LocalFailure::FileUnreadable, "a.xml").into();
    let s = run(s, vec![SignedFileAction::Checked(Err(unreadable.clone()))]);
    assert_eq!(s.phase, Phase::Failed(unreadable));
    let s = run(
        s,
        vec![SignedFileAction::Phase(Phase::Failed(wrong_password()))],
    );
    assert!(!s.phase.busy() && s.sendable().is_none());
}

#[test]
fn the_target_is_known_once_the_context_and_the_ip_policy_are_valid() {
    let s = TargetFields::default();
    assert!(
        s.target().is_none() && s.value_error().is_none(),
        "empty is not yet wrong"
    );
    let s = run(s, vec![TargetAction::Value("526587763".into())]);
    assert!(s.target().is_none() && s.value_error().is_some());
    let s = run(s, vec![TargetAction::Value(" 5265877635 ".into())]);
    assert_eq!(s.target(), Some(target()));
    let s = run(s, vec![TargetAction::Kind(ContextType::InternalId)]);
    assert!(s.target().is_none() && s.value_error().is_some());
    let s = run(
        s,
        vec![
            TargetAction::Kind(ContextType::Nip),
            TargetAction::Subject(SubjectIdentifierType::CertificateFingerprint),
            TargetAction::Ips(Err(IpPolicyError::BadMask("x".into()))),
        ],
    );
    assert!(s.target().is_none(), "a bad IP policy blocks the login");
    let s = run(s, vec![TargetAction::Ips(Ok(None))]);
    assert_eq!(
        s.target().map(|t| t.subject),
        Some(SubjectIdentifierType::CertificateFingerprint)
    );
}

#[test]
fn the_ip_fields_parse_add_the_seen_address_and_show_a_failed_question() {
    let s = IpFields::default();
    assert_eq!(s.policy(), Ok(None));
    let s = run(
        s,
        vec![IpAction::Edit(IpList::Addresses, "10.0.0.300".into())],
    );
    assert!(s.policy().is_err());
    let s = run(
        s,
        vec![
            IpAction::Edit(IpList::Addresses, "10.0.0.1".into()),
            IpAction::Seen(Ok("192.0.2.1".into())),
        ],
    );
    assert_eq!(s.addresses, "10.0.0.1, 192.0.2.1");
    assert!(matches!(s.policy(), Ok(Some(_))));
    let s = run(s, vec![IpAction::Seen(Err(Failure::Network))]);
    assert_eq!(s.seen, Some(Err(Failure::Network)));
    assert_eq!(
        s.addresses, "10.0.0.1, 192.0.2.1",
        "a failed question changes no list"
    );
    let s = run(
        s,
        vec![
            IpAction::Edit(IpList::Ranges, "10.0.0.1-10.0.0.9".into()),
            IpAction::Edit(IpList::Masks, "10.0.0.0/8".into()),
        ],
    );
    assert!(matches!(s.policy(), Ok(Some(_))));
}
