use serde_json::json;

use super::*;
use crate::flow::single::{Json, Single};
use crate::flow::Failure;

fn list() -> Single<Json<serde_json::Value>> {
    Single::new(Call::get("/tokens?pageSize=10").bearer("a"))
}

#[test]
fn reads_the_answer() {
    let end = Driver::new().run(&mut list(), vec![json(200, json!({"tokens": []}))]);
    assert!(matches!(end, Step::Done(Json(v)) if v == json!({"tokens": []})));
}

#[test]
fn a_get_without_answer_is_sent_again_then_fails_timed_out() {
    let mut d = Driver::new();
    let end = d.run(
        &mut list(),
        vec![Reply::TimedOut, Reply::NoAnswer, Reply::TimedOut],
    );
    assert_eq!(end, Step::Failed(Failure::TimedOut));
    assert_eq!(d.sent().len(), 3);
}

#[test]
fn a_revocation_reads_no_body_and_keeps_ksef_errors() {
    let mut revoke: Single<()> = Single::new(Call::delete("/tokens/x").bearer("a"));
    assert_eq!(
        Driver::new().run(&mut revoke, vec![Reply::ok(204, "")]),
        Step::Done(())
    );
    let mut revoke: Single<()> = Single::new(Call::delete("/tokens/x").bearer("a"));
    let body = json!({"exception": {"exceptionDetailList": [{"exceptionCode": 21405, "exceptionDescription": "Błąd walidacji"}]}});
    let Step::Failed(Failure::Ksef(e)) = Driver::new().run(&mut revoke, vec![json(400, body)])
    else {
        panic!()
    };
    assert_eq!(e.code(), Some(21405));
}

#[test]
fn the_relays_own_refusals_are_told_apart() {
    let relay = |status, code: &str| {
        json(
            status,
            json!({"title": "x", "status": status, "detail": "a / b", "code": code, "relay": true}),
        )
    };
    let end = Driver::new().run(&mut list(), vec![relay(504, "upstream-timeout")]);
    assert_eq!(end, Step::Failed(Failure::TimedOut));
    let end = Driver::new().run(&mut list(), vec![relay(413, "body-too-large")]);
    assert_eq!(
        end,
        Step::Failed(Failure::Relay {
            status: 413,
            code: "body-too-large".into()
        })
    );
}
