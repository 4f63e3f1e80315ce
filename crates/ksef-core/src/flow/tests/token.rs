use serde_json::json;

use super::*;
use crate::api::tokens::GenerateTokenRequest;
use crate::flow::token::{TokenGeneration, TokenOutcome};
use crate::flow::Failure;
use crate::permissions::Permission;

const REF: &str = "20251010-AU-1234567890-ABCDEF0123-01";

fn machine() -> TokenGeneration {
    let request = GenerateTokenRequest {
        permissions: vec![Permission::InvoiceRead],
        description: "ERP".into(),
    };
    TokenGeneration::new("access-jwt", &request)
}

fn made() -> Reply {
    json(202, json!({"referenceNumber": REF, "token": "secret"}))
}

fn status(s: &str) -> Reply {
    json(
        200,
        json!({
            "referenceNumber": REF,
            "authorIdentifier": {"type": "Nip", "value": "5265877635"},
            "contextIdentifier": {"type": "Nip", "value": "5265877635"},
            "description": "ERP",
            "requestedPermissions": ["InvoiceRead"],
            "dateCreated": "2026-11-30T10:00:00+00:00",
            "status": s,
            "statusDetails": if s == "Failed" { json!(["Brak uprawnień"]) } else { json!(null) },
        }),
    )
}

#[test]
fn pending_then_active() {
    let mut d = Driver::new();
    let end = d.run(
        &mut machine(),
        vec![made(), status("Pending"), status("Active")],
    );
    assert!(
        matches!(end, Step::Done(TokenOutcome::Active(ref t)) if t.token == "secret" && t.reference == REF)
    );
    assert_eq!(
        d.sent(),
        [
            "POST /tokens",
            &format!("GET /tokens/{REF}"),
            &format!("GET /tokens/{REF}")
        ]
    );
    assert_eq!(d.calls[0].bearer.as_deref(), Some("access-jwt"));
}

#[test]
fn failed_carries_ksef_details() {
    let end = Driver::new().run(&mut machine(), vec![made(), status("Failed")]);
    let Step::Failed(Failure::Rejected { details, .. }) = end else {
        panic!("{end:?}")
    };
    assert_eq!(details, ["Brak uprawnień"]);
}

#[test]
fn a_429_waits_retry_after_and_sends_again() {
    let mut d = Driver::new();
    let end = d.run(
        &mut machine(),
        vec![too_many("7"), made(), status("Active")],
    );
    assert!(matches!(end, Step::Done(TokenOutcome::Active(_))));
    assert!(d
        .seen
        .contains(&Seen::Waited(Waiting::RateLimited { seconds: 7 }, 7000)));
    assert_eq!(d.sent()[..2], ["POST /tokens", "POST /tokens"]);
}

#[test]
fn endless_429s_end_rate_limited() {
    let replies = vec![too_many("2"), too_many("2"), too_many("2"), too_many("3")];
    let end = Driver::new().run(&mut machine(), replies);
    assert_eq!(
        end,
        Step::Failed(Failure::RateLimited {
            retry_after: Some(3)
        })
    );
}

#[test]
fn no_answer_to_the_post_is_not_sent_twice() {
    let mut d = Driver::new();
    assert_eq!(
        d.run(&mut machine(), vec![Reply::TimedOut]),
        Step::Failed(Failure::TimedOut)
    );
    assert_eq!(d.sent(), ["POST /tokens"]);
}

#[test]
fn unreadable_and_server_errors_are_their_own_kinds() {
    let end = Driver::new().run(&mut machine(), vec![unreadable()]);
    assert!(matches!(
        end,
        Step::Failed(Failure::Unexpected { status: 200, .. })
    ));
    let end = Driver::new().run(&mut machine(), vec![server_error()]);
    assert_eq!(end, Step::Failed(Failure::Server { status: 500 }));
}

#[test]
fn a_lost_poll_keeps_the_secret() {
    let mut d = Driver::new();
    let replies = vec![made(), Reply::TimedOut, Reply::NoAnswer, Reply::TimedOut];
    let Step::Done(TokenOutcome::Unconfirmed { token, why }) = d.run(&mut machine(), replies)
    else {
        panic!()
    };
    assert_eq!((token.token.as_str(), why), ("secret", Failure::TimedOut));
    assert_eq!(
        d.seen
            .iter()
            .filter(|s| matches!(s, Seen::Waited(Waiting::Retrying, _)))
            .count(),
        2
    );
}

#[test]
fn an_endless_pending_gives_up_with_the_token() {
    let mut replies = vec![made()];
    replies.extend((0..400).map(|_| status("Pending")));
    let mut m = machine();
    let mut d = Driver::new();
    // The script is longer than needed: stop at the first end.
    let mut it = replies.into_iter();
    let end = loop {
        match m.step(d.now) {
            Step::Send(_) => m.receive(it.next().unwrap(), d.now),
            Step::Wait { until, .. } => d.now = until,
            other => break other,
        }
    };
    assert!(matches!(
        end,
        Step::Done(TokenOutcome::Unconfirmed {
            why: Failure::GaveUp,
            ..
        })
    ));
}

#[test]
fn ksefs_own_error_keeps_its_code() {
    let end = Driver::new().run(
        &mut machine(),
        vec![ksef_error(400, 26001, "Brak uprawnień")],
    );
    assert_eq!(ksef_code(&end), Some(26001));
}
