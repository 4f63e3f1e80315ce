use serde_json::json;

use super::*;
use crate::api::certificates::{CertificateType, EnrollCertificateRequest};
use crate::flow::enroll::{EnrollNeed, EnrollOutcome, EnrollStage, Enrollment};
use crate::flow::{Body, Failure};

const REF: &str = "20260601-EH-1234567890-ABCDEF0123-01";
const SERIAL: &str = "0123456789ABCDEF";

fn data() -> Reply {
    json(
        200,
        json!({"commonName": "Jan Kowalski", "countryName": "PL", "givenName": "Jan",
               "surname": "Kowalski", "serialNumber": "PNOPL-80010112345"}),
    )
}

fn request() -> EnrollCertificateRequest {
    EnrollCertificateRequest {
        certificate_name: "Laptop".into(),
        certificate_type: CertificateType::Authentication,
        csr: "TUlJQ1Nj".into(),
        valid_from: None,
    }
}

fn accepted() -> Reply {
    json(
        202,
        json!({"referenceNumber": REF, "timestamp": "2026-06-01T10:00:00+00:00"}),
    )
}

fn status(code: i32, description: &str, details: &[&str]) -> Reply {
    let serial = (code == 200).then_some(SERIAL);
    json(
        200,
        json!({"requestDate": "2026-06-01T10:00:00+00:00",
               "status": {"code": code, "description": description, "details": details},
               "certificateSerialNumber": serial}),
    )
}

fn pending() -> Reply {
    status(100, "Wniosek przyjęty do realizacji", &[])
}

fn issued() -> Reply {
    json(
        200,
        json!({"certificates": [{"certificate": "MIIB", "certificateName": "Laptop",
               "certificateSerialNumber": SERIAL, "certificateType": "Authentication"}]}),
    )
}

/// From the enrollment data, through the CSR, then `after` answered.
fn enroll(d: &mut Driver, after: Vec<Reply>) -> Step<EnrollOutcome, EnrollNeed> {
    let mut m = Enrollment::new("access-jwt");
    let need = d.run(&mut m, vec![data()]);
    let Step::Need(EnrollNeed::Csr { data }) = need else {
        panic!("{need:?}")
    };
    assert_eq!(
        (data.common_name.as_str(), m.stage()),
        ("Jan Kowalski", EnrollStage::Csr)
    );
    m.csr(&request());
    d.run(&mut m, after)
}

#[test]
fn pending_then_issued_fetches_the_certificate() {
    let mut d = Driver::new();
    let end = enroll(
        &mut d,
        vec![accepted(), pending(), status(200, "OK", &[]), issued()],
    );
    let Step::Done(EnrollOutcome::Issued(cert)) = end else {
        panic!("{end:?}")
    };
    assert_eq!(
        (cert.certificate.as_str(), cert.certificate_name.as_str()),
        ("MIIB", "Laptop")
    );
    let status_path = format!("GET /certificates/enrollments/{REF}");
    assert_eq!(
        d.sent(),
        [
            "GET /certificates/enrollments/data",
            "POST /certificates/enrollments",
            &status_path,
            &status_path,
            "POST /certificates/retrieve"
        ]
    );
    assert!(d.bearers().iter().all(|b| *b == Some("access-jwt")));
    assert_eq!(
        d.calls[4].body,
        Body::Json(format!(r#"{{"certificateSerialNumbers":["{SERIAL}"]}}"#))
    );
    assert_eq!(
        d.waits(),
        [(Waiting::Polling, 1000), (Waiting::Polling, 1000)]
    );
}

#[test]
fn the_stage_and_reference_show_once_ksef_accepted() {
    let mut m = Enrollment::submit("a", &request());
    assert_eq!((m.stage(), m.reference()), (EnrollStage::Submitting, None));
    assert!(matches!(m.step(0), Step::Send(_)));
    m.receive(accepted(), 0);
    assert_eq!(m.reference(), Some(REF));
    assert!(matches!(m.step(1000), Step::Send(_)));
    m.receive(pending(), 1000);
    let want = EnrollStage::Checking {
        reference: REF.into(),
        description: "Wniosek przyjęty do realizacji".into(),
    };
    assert_eq!(m.stage(), want);
}

#[test]
fn a_kept_reference_resumes_polling_at_once() {
    let mut d = Driver::new();
    let mut m = Enrollment::resume("access-jwt", REF);
    assert_eq!(m.reference(), Some(REF));
    let end = d.run(&mut m, vec![status(200, "OK", &[]), issued()]);
    assert!(matches!(end, Step::Done(EnrollOutcome::Issued(_))));
    assert_eq!(d.sent()[0], format!("GET /certificates/enrollments/{REF}"));
    assert!(d.waits().is_empty());
}

#[test]
fn refused_statuses_carry_code_description_and_details() {
    for code in [400, 500, 550] {
        let after = vec![
            accepted(),
            pending(),
            status(code, "Odrzucono", &["CSR niezgodny"]),
        ];
        let want = Failure::Rejected {
            code: Some(code),
            description: "Odrzucono".into(),
            details: vec!["CSR niezgodny".into()],
        };
        assert_eq!(enroll(&mut Driver::new(), after), Step::Failed(want));
    }
}

#[test]
fn a_429_waits_and_endless_429s_end_rate_limited() {
    let mut d = Driver::new();
    let mut m = Enrollment::new("a");
    let need = d.run(&mut m, vec![too_many("2"), data()]);
    assert!(matches!(need, Step::Need(_)));
    assert_eq!(d.waits(), [(Waiting::RateLimited { seconds: 2 }, 2000)]);
    let after = vec![too_many("1"), too_many("1"), too_many("1"), too_many("6")];
    let want = Failure::RateLimited {
        retry_after: Some(6),
    };
    assert_eq!(enroll(&mut Driver::new(), after), Step::Failed(want));
}

#[test]
fn lost_answers_resend_gets_but_not_the_request_and_keep_the_reference() {
    let mut d = Driver::new();
    let need = d.run(&mut Enrollment::new("a"), vec![Reply::TimedOut, data()]);
    assert!(matches!(need, Step::Need(_)));
    assert_eq!(d.sent().len(), 2);

    let mut d = Driver::new();
    assert_eq!(
        enroll(&mut d, vec![Reply::TimedOut]),
        Step::Failed(Failure::TimedOut)
    );
    assert_eq!(d.sent().len(), 2);

    let after = vec![
        accepted(),
        Reply::TimedOut,
        Reply::NoAnswer,
        Reply::TimedOut,
    ];
    let want = EnrollOutcome::Unconfirmed {
        reference: REF.into(),
        why: Failure::TimedOut,
    };
    assert_eq!(enroll(&mut Driver::new(), after), Step::Done(want));
    // The retrieval is a POST: not sent twice, and the reference stays.
    let after = vec![accepted(), status(200, "OK", &[]), Reply::TimedOut];
    let end = enroll(&mut Driver::new(), after);
    assert!(
        matches!(end, Step::Done(EnrollOutcome::Unconfirmed { ref reference, .. }) if reference == REF)
    );
}

#[test]
fn unreadable_server_and_ksef_errors_are_their_own_kinds() {
    let end = Driver::new().run(&mut Enrollment::new("a"), vec![unreadable()]);
    assert!(matches!(
        end,
        Step::Failed(Failure::Unexpected { status: 200, .. })
    ));
    let end = enroll(&mut Driver::new(), vec![server_error()]);
    assert_eq!(end, Step::Failed(Failure::Server { status: 500 }));
    let end = enroll(
        &mut Driver::new(),
        vec![ksef_error(400, 25001, "Limit wniosków")],
    );
    assert_eq!(ksef_code(&end), Some(25001));
    // After acceptance an unreadable status keeps the reference.
    let end = enroll(&mut Driver::new(), vec![accepted(), unreadable()]);
    assert!(matches!(
        end,
        Step::Done(EnrollOutcome::Unconfirmed {
            why: Failure::Unexpected { .. },
            ..
        })
    ));
}

#[test]
fn an_endless_pending_gives_up_with_the_reference() {
    let end = Driver::new().run_endless(&mut Enrollment::resume("a", REF), vec![], pending);
    let want = EnrollOutcome::Unconfirmed {
        reference: REF.into(),
        why: Failure::GaveUp,
    };
    assert_eq!(end, Step::Done(want));
}
