//! The QR page's reducers, natively: the invoice card, the context of code II, stale worker
//! answers dropped, the signer card's load and forget, and the QR card's drawing and copying.

use std::rc::Rc;

use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::environment::Environment;
use ksef_core::flow::{Failure, LocalFailure};
use yew::Reducible;

use super::card::{CardAction, CardState};
use super::invoice::{InvoiceAction, InvoiceProblem};
use super::signer::{SignerAction, SignerState};
use super::state::{Code2, QrAction, QrState};
use crate::components::credentials::{CredentialAction, Slot};
use crate::failure::AppFailure;
use crate::files::Picked;
use crate::worker::qr::{Code2Link, QrSigner};
use crate::worker::WorkerFailure;

fn run<R: Reducible + Clone>(s: R, actions: Vec<R::Action>) -> R {
    let mut s = Rc::new(s);
    for a in actions {
        s = s.reduce(a);
    }
    (*s).clone()
}

const INVOICE: &str = r#"<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">
  <Podmiot1><DaneIdentyfikacyjne><NIP>5265877635</NIP></DaneIdentyfikacyjne></Podmiot1>
  <Fa><P_1>2026-02-01</P_1><P_2>FV/1/2026</P_2></Fa></Faktura>"#;

fn invoice(name: &str, xml: &str) -> QrAction {
    QrAction::Invoice(InvoiceAction::Read(Ok(Picked {
        name: name.into(),
        bytes: xml.as_bytes().to_vec(),
    })))
}

fn key_failure() -> WorkerFailure {
    WorkerFailure::KeyFile(ksef_core::keystore::KeyFileError::WrongPassword)
}

#[test]
fn an_invoice_file_fills_the_fields_and_a_bad_one_is_told() {
    let s = run(QrState::default(), vec![invoice("fv.xml", INVOICE)]);
    assert_eq!(
        (s.fields.nip.as_str(), s.fields.date.as_str()),
        ("5265877635", "2026-02-01")
    );
    assert!(s.fields.ready().is_some());
    assert_eq!(s.fields.stem(), "FV_1_2026");
    let s = run(
        s,
        vec![QrAction::Invoice(InvoiceAction::KsefNumber("nie".into()))],
    );
    assert!(
        s.fields.ready().is_none(),
        "a malformed KSeF number blocks the codes"
    );
    let bad = run(QrState::default(), vec![invoice("x.xml", "not xml <")]);
    assert!(matches!(
        bad.fields.error,
        Some(InvoiceProblem::NotInvoice(_))
    ));
    assert!(bad.fields.facts.is_none());
    let big = Failure::local(LocalFailure::FileTooLarge, "big.xml");
    let s = run(
        s,
        vec![QrAction::Invoice(InvoiceAction::Read(Err(big.clone())))],
    );
    assert_eq!(s.fields.error, Some(InvoiceProblem::File(big)));
    assert!(s.fields.facts.is_some(), "the invoice loaded before stays");
}

#[test]
fn code2_is_asked_once_all_is_known_and_an_older_answer_is_dropped() {
    let s = run(QrState::default(), vec![invoice("fv.xml", INVOICE)]);
    assert!(
        s.question(None, Environment::Test).is_none(),
        "no certificate yet"
    );
    let q = s
        .question(Some("01"), Environment::Test)
        .expect("all known");
    assert_eq!(
        q.context.value, "5265877635",
        "the seller's own NIP by default"
    );
    let s = run(s, vec![QrAction::Asked(Some(q.clone()))]);
    // The user types another context: a new question; the old answer must not show.
    let s = run(s, vec![QrAction::ContextValue(" 1111111111 ".into())]);
    let newer = s.question(Some("01"), Environment::Test).unwrap();
    assert_eq!(newer.context.value, "1111111111");
    let s = run(
        s,
        vec![
            QrAction::Asked(Some(newer.clone())),
            QrAction::Answered(q, Ok(Code2Link("old".into()))),
        ],
    );
    assert_eq!(s.code2, Code2::Signing(newer.clone()));
    let s = run(
        s,
        vec![QrAction::Answered(newer.clone(), Err(key_failure()))],
    );
    assert_eq!(s.code2, Code2::Signed(newer, Err(key_failure())));
    let s = run(s, vec![QrAction::Asked(None)]);
    assert_eq!(s.code2, Code2::NotAsked);
}

#[test]
fn an_invalid_context_asks_nothing_and_the_session_context_comes_first() {
    let s = run(
        QrState::default(),
        vec![
            invoice("fv.xml", INVOICE),
            QrAction::ContextKind(ContextType::InternalId),
        ],
    );
    assert!(s.question(Some("01"), Environment::Test).is_none());
    let session = ApiContextIdentifier {
        kind: ContextType::Nip,
        value: "1111111111".into(),
    };
    let s = run(
        QrState::new(Some(session.clone())),
        vec![invoice("fv.xml", INVOICE)],
    );
    assert_eq!(s.effective_context(), Some(session));
}

fn file(name: &str) -> Picked {
    Picked {
        name: name.into(),
        bytes: b"-----BEGIN-----".to_vec(),
    }
}

#[test]
fn the_signer_card_loads_forgets_the_password_and_shows_failures() {
    let s = run(
        SignerState::default(),
        vec![
            SignerAction::Credentials(CredentialAction::Read(Slot::Key, Ok(file("o.key")))),
            SignerAction::Credentials(CredentialAction::Password("hasło".into())),
        ],
    );
    assert!(!s.ready(), "a key file waits for its certificate");
    let s = run(
        s,
        vec![SignerAction::Credentials(CredentialAction::Read(
            Slot::Certificate,
            Ok(file("o.crt")),
        ))],
    );
    assert!(s.ready());
    let loading = run(s, vec![SignerAction::Loading]);
    assert!(loading.busy && !loading.ready());
    let failed = run(
        loading.clone(),
        vec![SignerAction::Loaded(Err(key_failure().into()))],
    );
    assert!(!failed.busy && failed.ready(), "the user may try again");
    assert_eq!(failed.failure, Some(AppFailure::from(key_failure())));
    assert_eq!(failed.files.password, "hasło");
    let signer = QrSigner {
        subject: "CN=Jan".into(),
        serial: "01".into(),
        valid_to: "2027-01-01".into(),
    };
    let loaded = run(
        failed,
        vec![SignerAction::Loading, SignerAction::Loaded(Ok(signer))],
    );
    assert!(loaded.failure.is_none() && loaded.files.password.is_empty());
    let forget_failed = run(
        loaded.clone(),
        vec![SignerAction::Forgot(Err(key_failure().into()))],
    );
    assert!(forget_failed.failure.is_some());
    let forgot = run(forget_failed, vec![SignerAction::Forgot(Ok(()))]);
    assert!(forgot.failure.is_none());
    let unread = Failure::local(LocalFailure::FileUnreadable, "x.p12");
    let s = run(
        loaded,
        vec![SignerAction::Credentials(CredentialAction::Read(
            Slot::Key,
            Err(unread.clone()),
        ))],
    );
    assert_eq!(s.files.failure, Some(unread.into()));
}

#[test]
fn a_card_shows_only_the_image_of_its_current_link_and_whether_it_was_copied() {
    let image = ksef_core::qr::QrImage {
        text: "https://a".into(),
        label: "OFFLINE".into(),
        modules: 21,
        png: vec![1],
        svg: "<svg/>".into(),
    };
    let old = ("https://a".to_string(), "OFFLINE".to_string());
    let new = ("https://b".to_string(), "OFFLINE".to_string());
    let s = run(
        CardState::default(),
        vec![
            CardAction::Drawing(old.0.clone(), old.1.clone()),
            CardAction::Copied(true),
            CardAction::Drawing(new.0.clone(), new.1.clone()),
            CardAction::Drawn(old, Ok(image.clone())),
        ],
    );
    assert_eq!(s.image, Some((new.clone(), None)));
    assert_eq!(s.copied, None, "a new link was not copied yet");
    let s = run(
        s,
        vec![
            CardAction::Drawn(new.clone(), Err(key_failure())),
            CardAction::Copied(false),
        ],
    );
    assert_eq!(s.image, Some((new, Some(Err(key_failure())))));
    assert_eq!(s.copied, Some(false));
}
