//! Every job's request and answer survive the trip through the codec, and a reply that is not
//! the caller's job's own ends the call as a mismatch instead of reaching the caller.

use futures::executor::block_on;
use ksef_core::api::certificates::CertificateEnrollmentDataResponse;
use ksef_core::api::security::{PublicKeyCertificate, PublicKeyUsage};
use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::keys::KeyAlgorithm;
use ksef_core::preflight::{Finding, Severity};
use ksef_core::qr::{InvoiceHash, QrImage};

use super::{from_text, read, to_text, Call, Received, Reply};
use crate::worker::certificate::{CertificateFacts, ReadCertificate};
use crate::worker::credentials::Credentials;
use crate::worker::desk::{DeskSigner, ForgetDeskSigner, LoadDeskSigner, SignWithDeskSigner};
use crate::worker::keygen::{MakeKey, NewKey, Stage};
use crate::worker::qr::{
    Code2Link, DrawQr, ForgetOfflineSigner, LoadOfflineSigner, QrSigner, SignCode2,
};
use crate::worker::signing::{
    BuildP12, CheckSignedFile, MakeTestCertificate, P12File, PreflightSummary, SignAuthRequest,
    Signed, TestCert,
};
use crate::worker::token::{EncryptToken, EncryptedToken};
use crate::worker::{Job, Ready, WorkerFailure};

/// A reply as the caller of job `J` reads it (as the page's bridge does).
enum Heard<J: Job> {
    Progress(J::Progress),
    Done(Result<J::Answer, WorkerFailure>),
}

fn heard<J: Job>(reply: Reply) -> Heard<J> {
    match reply.received() {
        Received::Progress(p) => match read(&p) {
            Ok(p) => Heard::Progress(p),
            Err(f) => Heard::Done(Err(f)),
        },
        Received::End(end) => Heard::Done(end.and_then(|a| read(&a))),
    }
}

/// Sent as text and read back as `J`, the request and the answer say the same again.
fn round_trip<J: Job>(request: J, answer: J::Answer) -> &'static str {
    let text = to_text(&Call::new(&request).unwrap());
    let call: Call = from_text(&text).unwrap();
    assert_eq!(call.job(), J::NAME);
    let read: J = call.request().unwrap();
    assert_eq!(to_text(&Call::new(&read).unwrap()), text, "{}", J::NAME);

    let text = to_text(&Reply::done(Ok(&answer)));
    let reply: Reply = from_text(&text).unwrap();
    match heard::<J>(reply) {
        Heard::Done(Ok(read)) => {
            assert_eq!(to_text(&Reply::done(Ok(read))), text, "{}", J::NAME)
        }
        Heard::Done(Err(f)) => panic!("{}: {f:?}", J::NAME),
        Heard::Progress(_) => panic!("{}: an answer read as progress", J::NAME),
    }
    J::NAME
}

fn credentials() -> Credentials {
    Credentials::key_file(
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----",
        &[0x30, 0x82, 0x01],
    )
}

fn context() -> ApiContextIdentifier {
    ApiContextIdentifier {
        kind: ContextType::Nip,
        value: "5265877635".into(),
    }
}

#[test]
fn every_job_round_trips_and_has_its_own_name() {
    let when: ksef_core::datetime::DateTime = time::macros::datetime!(2026-01-01 0:00 UTC);
    let mut names = vec![
        round_trip(
            MakeKey {
                alg: KeyAlgorithm::Rsa2048,
                enrollment: Some(CertificateEnrollmentDataResponse {
                    common_name: "Zażółć Gęślą".into(),
                    country_name: "PL".into(),
                    ..Default::default()
                }),
                password: "Haslo-do-klucza-1!".into(),
            },
            NewKey {
                key_pem: "-----BEGIN ENCRYPTED PRIVATE KEY-----".into(),
                csr_base64: Some("MIIB".into()),
                public_key_der: vec![0x30, 0x59],
                used_webcrypto: true,
                keygen_ms: 61.5,
                csr_ms: 1.25,
                encrypt_ms: 48.0,
            },
        ),
        round_trip(
            CheckSignedFile {
                file_base64: "PD94bWw+".into(),
                challenge: Some("20250514-CR-226FB7B000-3ACF9BE4C0-10".into()),
                issued_ms: Some(1_767_225_600_000),
                context: Some(context()),
                now_ms: 1_767_225_660_000,
            },
            PreflightSummary {
                valid: false,
                findings: vec![Finding {
                    severity: Severity::Error,
                    pl: "Podpis nie pasuje".into(),
                    en: "The signature does not match".into(),
                }],
                self_signed: Some(true),
            },
        ),
        round_trip(
            SignAuthRequest {
                credentials: credentials(),
                password: "Haslo-do-klucza-1!".into(),
                unsigned_xml: "<AuthTokenRequest/>".into(),
                now_ms: 1_767_225_600_000,
            },
            Signed {
                xml: "<AuthTokenRequest><ds:Signature/></AuthTokenRequest>".into(),
                signer: "CN=Jan Testowy".into(),
                serial: "01F20A5D352AE590".into(),
                self_signed: false,
            },
        ),
        round_trip(
            BuildP12 {
                key_pem: "-----BEGIN ENCRYPTED PRIVATE KEY-----".into(),
                certificate_base64: "MIIC".into(),
                password: "Haslo-do-klucza-1!".into(),
            },
            P12File("MIIJ".into()),
        ),
        round_trip(
            MakeTestCertificate {
                seal: true,
                nip: "5265877635".into(),
                name: "Firma Testowa".into(),
                password: "Haslo-do-klucza-1!".into(),
                now_ms: 1_767_225_600_000,
            },
            TestCert {
                key_pem: "-----BEGIN ENCRYPTED PRIVATE KEY-----".into(),
                certificate_pem: "-----BEGIN CERTIFICATE-----".into(),
            },
        ),
        round_trip(
            LoadOfflineSigner {
                credentials: Credentials::Pkcs12 {
                    p12_base64: "MIIJ".into(),
                },
                password: "Haslo-do-klucza-1!".into(),
                now_ms: 1_767_225_600_000,
            },
            QrSigner {
                subject: "CN=Jan Testowy".into(),
                serial: "01F20A5D352AE590".into(),
                valid_to: "2027-01-01".into(),
            },
        ),
        round_trip(
            SignCode2 {
                env: ksef_core::environment::Environment::Test,
                context: context(),
                seller_nip: "5265877635".parse().unwrap(),
                hash: InvoiceHash::of(b"<Faktura/>"),
                now_ms: 1_767_225_600_000,
            },
            Code2Link("https://qr-test.ksef.mf.gov.pl/certificate/Nip/5265877635/…".into()),
        ),
        round_trip(ForgetOfflineSigner, ()),
        round_trip(
            DrawQr {
                text: "https://qr-test.ksef.mf.gov.pl/invoice/…".into(),
                label: "OFFLINE".into(),
            },
            QrImage {
                text: "https://qr-test.ksef.mf.gov.pl/invoice/…".into(),
                label: "OFFLINE".into(),
                modules: 41,
                png: vec![0x89, b'P', b'N', b'G'],
                svg: "<svg/>".into(),
            },
        ),
        round_trip(
            EncryptToken {
                token: "20251010-EC-2A7E4DC000-4B7A39E6F1-F3|nip-5265877635|secret".into(),
                timestamp_ms: 1_767_225_600_000,
                keys: vec![PublicKeyCertificate {
                    certificate: "MIIC".into(),
                    certificate_id: "1".into(),
                    public_key_id: "key-1".into(),
                    valid_from: when,
                    valid_to: when + time::Duration::days(365),
                    usage: vec![PublicKeyUsage::KsefTokenEncryption],
                }],
                now_unix: 1_767_225_600,
            },
            EncryptedToken {
                encrypted: "b64".into(),
                key_id: "key-1".into(),
            },
        ),
        round_trip(
            ReadCertificate {
                der: vec![0x30, 0x82, 0x01, 0x0a],
            },
            CertificateFacts {
                der: vec![0x30, 0x82, 0x01, 0x0a],
                pem: "-----BEGIN CERTIFICATE-----".into(),
                serial_hex: "01F20A5D352AE590".into(),
                not_before: "2026-01-01".into(),
                not_after: "2027-01-01".into(),
                fingerprint: "AB12".into(),
                subject: "CN=Jan Testowy".into(),
            },
        ),
        round_trip(
            LoadDeskSigner {
                credentials: credentials(),
                password: "Haslo-do-klucza-1!".into(),
                now_ms: 1_767_225_600_000,
            },
            DeskSigner {
                subject: "CN=Anna Biurowa".into(),
                serial: "01F20A5D352AE590".into(),
                valid_to: "2027-01-01".into(),
                self_signed: false,
                identity: None,
            },
        ),
        round_trip(
            SignWithDeskSigner {
                unsigned_xml: "<AuthTokenRequest/>".into(),
                now_ms: 1_767_225_600_000,
            },
            Signed {
                xml: "<AuthTokenRequest><ds:Signature/></AuthTokenRequest>".into(),
                signer: "CN=Anna Biurowa".into(),
                serial: "01F20A5D352AE590".into(),
                self_signed: false,
            },
        ),
        round_trip(ForgetDeskSigner, ()),
        round_trip(Ready, ()),
    ];
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count, "two jobs share a name");
}

#[test]
fn progress_reaches_its_own_job_only() {
    let text = to_text(&Reply::progress(&Stage::BuildingCsr));
    match heard::<MakeKey>(from_text::<Reply>(&text).unwrap()) {
        Heard::Progress(stage) => assert_eq!(stage, Stage::BuildingCsr),
        Heard::Done(end) => panic!("{:?}", end.err()),
    }
    // A job without progress cannot be handed any: the call ends instead.
    match heard::<DrawQr>(from_text::<Reply>(&text).unwrap()) {
        Heard::Done(Err(WorkerFailure::Mismatch)) => {}
        _ => panic!("progress reached a job that reports none"),
    }
}

#[test]
fn another_jobs_answer_or_request_is_a_mismatch() {
    let signer = Reply::done(Ok(QrSigner {
        subject: "CN=Jan".into(),
        serial: "01".into(),
        valid_to: "2027-01-01".into(),
    }));
    match heard::<MakeKey>(signer) {
        Heard::Done(Err(WorkerFailure::Mismatch)) => {}
        _ => panic!("a signer's details read as a new key"),
    }
    let call = Call::new(&DrawQr {
        text: "x".into(),
        label: "y".into(),
    })
    .unwrap();
    assert_eq!(
        call.request::<MakeKey>().err(),
        Some(WorkerFailure::Mismatch)
    );
}

#[test]
fn a_failure_reaches_the_caller_as_it_is() {
    let failure = WorkerFailure::CertificateExpired(time::macros::date!(2026 - 03 - 31));
    let text = to_text(&Reply::done::<()>(Err(failure.clone())));
    match heard::<SignAuthRequest>(from_text(&text).unwrap()) {
        Heard::Done(Err(f)) => assert_eq!(f, failure),
        _ => panic!("the failure was lost"),
    }
}

/// The worker's side, natively: a job is run by its name, an unknown name is a mismatch.
#[test]
fn the_worker_runs_the_job_a_call_names() {
    let serve = |call: Call| block_on(crate::worker::serve::serve(call, |_| {}));
    let draw = Call::new(&DrawQr {
        text: "https://qr-test.ksef.mf.gov.pl/invoice/5265877635".into(),
        label: "OFFLINE".into(),
    })
    .unwrap();
    match heard::<DrawQr>(serve(draw)) {
        Heard::Done(Ok(image)) => assert!(image.png.starts_with(b"\x89PNG")),
        _ => panic!("no image"),
    }
    let unknown: Call = from_text(r#"{"job":"mine-bitcoin","request":null}"#).unwrap();
    match heard::<Ready>(serve(unknown)) {
        Heard::Done(Err(WorkerFailure::Mismatch)) => {}
        _ => panic!("an unknown job was answered"),
    }
}
