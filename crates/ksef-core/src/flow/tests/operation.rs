use serde_json::json;

use super::*;
use crate::flow::operation::{OperationOutcome, OperationStage, PermissionOperation};
use crate::flow::{Body, Call, Failure};

const REF: &str = "20260601-OP-1234567890-ABCDEF0123-01";

fn grant() -> PermissionOperation {
    let body = Body::Json(r#"{"subjectIdentifier":{"type":"Nip","value":"5265877635"}}"#.into());
    PermissionOperation::start(Call::post("/permissions/persons/grants", body).bearer("access-jwt"))
}

fn accepted() -> Reply {
    json(202, json!({"referenceNumber": REF}))
}

fn status(code: i32, description: &str, details: &[&str]) -> Reply {
    json(
        200,
        json!({"status": {"code": code, "description": description, "details": details}}),
    )
}

fn pending() -> Reply {
    status(100, "Operacja przyjęta do realizacji", &[])
}

fn done() -> Reply {
    status(200, "Operacja zakończona sukcesem", &[])
}

fn completed() -> Step<OperationOutcome> {
    Step::Done(OperationOutcome::Completed {
        reference: REF.into(),
    })
}

#[test]
fn sends_the_grant_then_polls_until_done() {
    let mut d = Driver::new();
    let end = d.run(&mut grant(), vec![accepted(), pending(), done()]);
    assert_eq!(end, completed());
    let poll = format!("GET /permissions/operations/{REF}");
    assert_eq!(d.sent(), ["POST /permissions/persons/grants", &poll, &poll]);
    assert_eq!(d.bearers(), [Some("access-jwt"); 3]);
    assert_eq!(
        d.waits(),
        [(Waiting::Polling, 1000), (Waiting::Polling, 1000)]
    );
}

#[test]
fn polls_a_known_reference_at_once() {
    let mut d = Driver::new();
    let mut m = PermissionOperation::poll("access-jwt", REF);
    assert_eq!(m.reference(), Some(REF));
    assert_eq!(d.run(&mut m, vec![done()]), completed());
    assert_eq!(d.sent(), [format!("GET /permissions/operations/{REF}")]);
    assert_eq!(d.bearers(), [Some("access-jwt")]);
}

#[test]
fn the_stage_shows_the_reference_and_ksefs_description() {
    let mut m = grant();
    assert_eq!(m.stage(), OperationStage::Sending);
    assert!(matches!(m.step(0), Step::Send(_)));
    m.receive(accepted(), 0);
    assert!(matches!(m.step(1000), Step::Send(_)));
    m.receive(pending(), 1000);
    let want = OperationStage::Checking {
        reference: REF.into(),
        description: "Operacja przyjęta do realizacji".into(),
    };
    assert_eq!(m.stage(), want);
}

#[test]
fn every_refusal_of_the_table_ends_with_its_code_description_and_details() {
    use crate::api::permissions::OperationStatus;
    let refusals: Vec<OperationStatus> = OperationStatus::ALL
        .into_iter()
        .filter(|s| !matches!(s, OperationStatus::Accepted | OperationStatus::Succeeded))
        .collect();
    let codes: Vec<i32> = refusals.iter().map(|s| s.code()).collect();
    assert_eq!(codes, [400, 410, 420, 430, 440, 450, 500, 550]);
    for s in refusals {
        let info = s.status_info(vec!["powód".into()]);
        let replies = vec![
            accepted(),
            pending(),
            status(info.code, &info.description, &["powód"]),
        ];
        let want = Failure::Rejected {
            code: Some(s.code()),
            description: s.description().into(),
            details: vec!["powód".into()],
        };
        assert_eq!(Driver::new().run(&mut grant(), replies), Step::Failed(want));
    }
}

#[test]
fn a_code_outside_the_table_is_a_refusal_not_a_wait() {
    let replies = vec![accepted(), status(300, "Coś nowego", &[])];
    let want = Failure::Rejected {
        code: Some(300),
        description: "Coś nowego".into(),
        details: vec![],
    };
    assert_eq!(Driver::new().run(&mut grant(), replies), Step::Failed(want));
}

#[test]
fn the_550_of_the_table_carries_its_detail() {
    use crate::api::permissions::OperationStatus;
    let info = OperationStatus::Cancelled.status_info(vec![]);
    assert_eq!(info.description, "Operacja została anulowana przez system");
    assert_eq!(
        info.details.as_deref(),
        Some(&["Przetwarzanie zostało przerwane z przyczyn wewnętrznych systemu. Spróbuj ponownie później.".to_string()][..])
    );
    assert_eq!(
        OperationStatus::from_code(440),
        Some(OperationStatus::RelationNotAllowed)
    );
    assert_eq!(OperationStatus::from_code(300), None);
}

#[test]
fn a_429_waits_and_endless_429s_end_rate_limited() {
    let mut d = Driver::new();
    let end = d.run(&mut grant(), vec![accepted(), too_many("5"), done()]);
    assert_eq!(end, completed());
    assert!(d
        .waits()
        .contains(&(Waiting::RateLimited { seconds: 5 }, 5000)));
    let replies = vec![too_many("1"), too_many("1"), too_many("1"), too_many("8")];
    let want = Failure::RateLimited {
        retry_after: Some(8),
    };
    assert_eq!(Driver::new().run(&mut grant(), replies), Step::Failed(want));
}

#[test]
fn lost_polls_are_asked_again_and_keep_the_reference_but_a_lost_grant_is_not_resent() {
    let mut d = Driver::new();
    let end = d.run(&mut grant(), vec![accepted(), Reply::NoAnswer, done()]);
    assert_eq!(end, completed());
    assert_eq!(d.sent().len(), 3);

    let replies = vec![
        accepted(),
        Reply::TimedOut,
        Reply::TimedOut,
        Reply::TimedOut,
    ];
    let want = OperationOutcome::Unconfirmed {
        reference: REF.into(),
        why: Failure::TimedOut,
    };
    assert_eq!(Driver::new().run(&mut grant(), replies), Step::Done(want));

    let mut d = Driver::new();
    assert_eq!(
        d.run(&mut grant(), vec![Reply::TimedOut]),
        Step::Failed(Failure::TimedOut)
    );
    assert_eq!(d.sent().len(), 1);
}

#[test]
fn unreadable_server_and_ksef_errors_are_their_own_kinds() {
    let end = Driver::new().run(&mut grant(), vec![unreadable()]);
    assert!(matches!(
        end,
        Step::Failed(Failure::Unexpected { status: 200, .. })
    ));
    let end = Driver::new().run(&mut grant(), vec![server_error()]);
    assert_eq!(end, Step::Failed(Failure::Server { status: 500 }));
    let end = Driver::new().run(&mut grant(), vec![ksef_error(400, 21405, "Błąd walidacji")]);
    assert_eq!(ksef_code(&end), Some(21405));
}

#[test]
fn an_endless_100_gives_up_with_the_reference() {
    let mut m = PermissionOperation::poll("a", REF);
    let end = Driver::new().run_endless(&mut m, vec![], pending);
    let want = OperationOutcome::Unconfirmed {
        reference: REF.into(),
        why: Failure::GaveUp,
    };
    assert_eq!(end, Step::Done(want));
}
