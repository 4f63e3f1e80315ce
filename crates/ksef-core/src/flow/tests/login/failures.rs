//! Logins that wait, retry, give up or fail: each ends in its own kind of failure.

use super::*;

#[test]
fn status_100_backs_off_from_half_a_second_to_two() {
    let mut d = Driver::new();
    let mut after = vec![accepted()];
    after.extend((0..6).map(|_| pending()));
    after.extend([success(), tokens()]);
    assert!(matches!(xades(&mut d, after), Step::Done(_)));
    let waited: Vec<u64> = d.waits().into_iter().map(|(_, ms)| ms).collect();
    assert_eq!(waited, [500, 750, 1125, 1687, 2000, 2000]);
}

#[test]
fn refusals_carry_the_code_and_ksefs_details() {
    for (code, detail) in [
        (415, "Brak przypisanych uprawnień"),
        (450, "Token unieważniony"),
    ] {
        let after = vec![accepted(), pending(), status(code, "Błąd", &[detail])];
        let end = token(&mut Driver::new(), after);
        let want = Failure::AuthStatus {
            code,
            details: vec![detail.into()],
        };
        assert_eq!(end, Step::Failed(want));
    }
}

#[test]
fn status_500_and_550_mean_start_again() {
    for code in [500, 550] {
        let end = xades(
            &mut Driver::new(),
            vec![accepted(), status(code, "Błąd", &["x"])],
        );
        let want = Failure::StartAgain {
            code,
            details: vec!["x".into()],
        };
        assert_eq!(end, Step::Failed(want));
    }
}

#[test]
fn an_endless_status_100_gives_up() {
    let mut d = Driver::new();
    let mut m = Login::presigned("<signed/>".into());
    let end = d.run_endless(&mut m, vec![accepted()], pending);
    assert_eq!(end, Step::Failed(Failure::GaveUp));
    assert!(
        d.now >= GIVE_UP_MS && d.now < GIVE_UP_MS + 5000,
        "{}",
        d.now
    );
}

#[test]
fn a_429_waits_retry_after_and_sends_again() {
    let mut d = Driver::new();
    let mut m = Login::xades();
    let need = d.run(&mut m, vec![too_many("4"), challenge()]);
    assert!(matches!(need, Step::Need(LoginNeed::SignedXml { .. })));
    assert_eq!(d.waits(), [(Waiting::RateLimited { seconds: 4 }, 4000)]);
    assert_eq!(d.sent(), ["POST /auth/challenge", "POST /auth/challenge"]);
}

#[test]
fn endless_429s_end_rate_limited() {
    let after = vec![too_many("1"), too_many("1"), too_many("1"), too_many("9")];
    let end = token(&mut Driver::new(), after);
    let want = Failure::RateLimited {
        retry_after: Some(9),
    };
    assert_eq!(end, Step::Failed(want));
}

#[test]
fn a_lost_status_poll_is_asked_again_but_a_lost_post_is_not() {
    let mut d = Driver::new();
    let after = vec![accepted(), Reply::TimedOut, success(), tokens()];
    assert!(matches!(xades(&mut d, after), Step::Done(_)));
    assert_eq!(d.waits(), [(Waiting::Retrying, 1000)]);

    let mut d = Driver::new();
    let after = vec![
        accepted(),
        Reply::TimedOut,
        Reply::NoAnswer,
        Reply::TimedOut,
    ];
    assert_eq!(xades(&mut d, after), Step::Failed(Failure::TimedOut));
    assert_eq!(d.sent().len(), 2 + 3);

    for after in [
        vec![Reply::TimedOut],
        vec![accepted(), success(), Reply::TimedOut],
    ] {
        let mut d = Driver::new();
        let n = after.len();
        assert_eq!(xades(&mut d, after), Step::Failed(Failure::TimedOut));
        assert_eq!(d.sent().len(), 1 + n, "{:?}", d.sent());
    }
    // The challenge is a POST too.
    let mut d = Driver::new();
    assert_eq!(
        d.run(&mut Login::xades(), vec![Reply::NoAnswer]),
        Step::Failed(Failure::Network)
    );
}

#[test]
fn unreadable_answers_and_server_errors_are_their_own_kinds() {
    let end = Driver::new().run(&mut Login::ksef_token(), vec![challenge(), unreadable()]);
    assert!(matches!(
        end,
        Step::Failed(Failure::Unexpected { status: 200, .. })
    ));
    let end = xades(&mut Driver::new(), vec![accepted(), unreadable()]);
    assert!(matches!(
        end,
        Step::Failed(Failure::Unexpected { status: 200, .. })
    ));
    let end = Driver::new().run(&mut Login::xades(), vec![server_error()]);
    assert_eq!(end, Step::Failed(Failure::Server { status: 500 }));
    let end = xades(
        &mut Driver::new(),
        vec![accepted(), success(), server_error()],
    );
    assert_eq!(end, Step::Failed(Failure::Server { status: 500 }));
}

#[test]
fn an_expired_challenge_at_submit_is_ksefs_error() {
    let end = xades(
        &mut Driver::new(),
        vec![ksef_error(400, 21111, "Wyzwanie wygasło")],
    );
    assert_eq!(ksef_code(&end), Some(21111));
    let end = token(
        &mut Driver::new(),
        vec![ksef_error(400, 21111, "Wyzwanie wygasło")],
    );
    assert_eq!(ksef_code(&end), Some(21111));
}

#[test]
fn a_withdrawn_key_fetches_a_new_challenge_and_keys_once() {
    let mut d = Driver::new();
    let mut m = Login::ksef_token();
    d.run(&mut m, vec![challenge(), keys()]);
    m.encrypted(&request());
    let withdrawn = || ksef_error(400, 21470, "Klucz wycofany");
    let need = d.run(&mut m, vec![withdrawn(), challenge(), keys()]);
    assert!(matches!(need, Step::Need(LoginNeed::EncryptedToken { .. })));
    m.encrypted(&request());
    assert_eq!(ksef_code(&d.run(&mut m, vec![withdrawn()])), Some(21470));
    assert_eq!(
        d.sent()
            .iter()
            .filter(|s| s.contains("/auth/challenge"))
            .count(),
        2
    );
}

#[test]
fn no_valid_token_key_and_a_callers_failure_end_locally() {
    let none = json(
        200,
        json!([key(
            "old",
            "2024-01-01T00:00:00Z",
            "2025-01-01T00:00:00Z",
            "KsefTokenEncryption"
        )]),
    );
    let end = Driver::new().run(&mut Login::ksef_token(), vec![challenge(), none]);
    assert!(matches!(
        end,
        Step::Failed(Failure::Local {
            what: LocalFailure::Encryption,
            ..
        })
    ));
    let mut m = Login::xades();
    Driver::new().run(&mut m, vec![challenge()]);
    m.fail(Failure::local(LocalFailure::Signing, "no key"));
    assert!(matches!(
        m.step(0),
        Step::Failed(Failure::Local {
            what: LocalFailure::Signing,
            ..
        })
    ));
}
