use serde_json::json;

use super::*;
use crate::flow::login::Refresh;
use crate::flow::Failure;

fn refreshed() -> Reply {
    json(
        200,
        json!({"accessToken": {"token": "new-access", "validUntil": "2026-06-01T10:30:00+00:00"}}),
    )
}

#[test]
fn refreshes_with_the_refresh_token() {
    let mut d = Driver::new();
    let end = d.run(&mut Refresh::new("refresh-jwt"), vec![refreshed()]);
    assert!(matches!(end, Step::Done(ref r) if r.access_token.token == "new-access"));
    assert_eq!(d.sent(), ["POST /auth/token/refresh"]);
    assert_eq!(d.bearers(), [Some("refresh-jwt")]);
}

#[test]
fn a_429_waits_and_endless_429s_end_rate_limited() {
    let mut d = Driver::new();
    let end = d.run(&mut Refresh::new("r"), vec![too_many("3"), refreshed()]);
    assert!(matches!(end, Step::Done(_)));
    assert_eq!(d.waits(), [(Waiting::RateLimited { seconds: 3 }, 3000)]);
    let replies = vec![too_many("1"), too_many("1"), too_many("1"), too_many("5")];
    let end = Driver::new().run(&mut Refresh::new("r"), replies);
    let want = Failure::RateLimited {
        retry_after: Some(5),
    };
    assert_eq!(end, Step::Failed(want));
}

#[test]
fn a_lost_post_is_not_sent_again() {
    let mut d = Driver::new();
    let end = d.run(&mut Refresh::new("r"), vec![Reply::TimedOut]);
    assert_eq!((end, d.sent().len()), (Step::Failed(Failure::TimedOut), 1));
}

#[test]
fn unreadable_server_and_ksef_errors_are_their_own_kinds() {
    let end = Driver::new().run(&mut Refresh::new("r"), vec![unreadable()]);
    assert!(matches!(
        end,
        Step::Failed(Failure::Unexpected { status: 200, .. })
    ));
    let end = Driver::new().run(&mut Refresh::new("r"), vec![server_error()]);
    assert_eq!(end, Step::Failed(Failure::Server { status: 500 }));
    let end = Driver::new().run(&mut Refresh::new("r"), vec![ksef_error(400, 21405, "x")]);
    assert_eq!(ksef_code(&end), Some(21405));
}
