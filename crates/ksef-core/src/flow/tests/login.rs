use serde_json::json;

use super::*;
use crate::api::auth::InitTokenAuthenticationRequest;
use crate::context::{ApiContextIdentifier, ContextType};
use crate::flow::login::{LoggedIn, Login, LoginNeed, LoginStage, GIVE_UP_MS};
use crate::flow::{Body, Failure, LocalFailure};

const REF: &str = "20260601-AU-1234567890-ABCDEF0123-01";
const CHALLENGE: &str = "20260601-CR-20F5EE4000-DA48AE4124-46";

fn challenge() -> Reply {
    json(
        200,
        json!({"challenge": CHALLENGE, "timestamp": "2026-06-01T10:00:00.123+00:00",
               "timestampMs": 1780308000123_i64, "clientIp": "192.0.2.1"}),
    )
}

fn key(id: &str, from: &str, to: &str, usage: &str) -> serde_json::Value {
    json!({"certificate": "", "certificateId": id, "publicKeyId": id,
           "validFrom": from, "validTo": to, "usage": [usage]})
}

/// An expired token key, a symmetric-key one and the valid token key `now`.
fn keys() -> Reply {
    let y = |y: i32| format!("{y}-01-01T00:00:00+00:00");
    json(
        200,
        json!([
            key("old", &y(2024), &y(2026), "KsefTokenEncryption"),
            key("sym", &y(2026), &y(2028), "SymmetricKeyEncryption"),
            key("now", &y(2025), &y(2028), "KsefTokenEncryption"),
        ]),
    )
}

fn accepted() -> Reply {
    json(
        202,
        json!({"referenceNumber": REF, "authenticationToken":
              {"token": "auth-jwt", "validUntil": "2026-06-01T10:15:00+00:00"}}),
    )
}

fn status(code: i32, description: &str, details: &[&str]) -> Reply {
    json(
        200,
        json!({"startDate": "2026-06-01T10:00:01+00:00",
               "authenticationMethodInfo": {"category": "XadesSignature",
                   "code": "Certificate.Qualified", "displayName": "Podpis kwalifikowany"},
               "status": {"code": code, "description": description, "details": details}}),
    )
}

fn pending() -> Reply {
    status(100, "Uwierzytelnianie w toku", &[])
}

fn success() -> Reply {
    status(200, "Uwierzytelnianie zakończone sukcesem", &[])
}

fn tokens() -> Reply {
    let t = |t: &str| json!({"token": t, "validUntil": "2026-06-01T10:15:00+00:00"});
    json(
        200,
        json!({"accessToken": t("access-jwt"), "refreshToken": t("refresh-jwt")}),
    )
}

fn request() -> InitTokenAuthenticationRequest {
    InitTokenAuthenticationRequest {
        challenge: CHALLENGE.into(),
        context_identifier: ApiContextIdentifier {
            kind: ContextType::Nip,
            value: "5265877635".into(),
        },
        encrypted_token: "c2VjcmV0".into(),
        public_key_id: Some("now".into()),
        authorization_policy: None,
    }
}

/// A XAdES login up to the signature, then `after` answered.
fn xades(d: &mut Driver, after: Vec<Reply>) -> Step<LoggedIn, LoginNeed> {
    let mut m = Login::xades();
    let need = d.run(&mut m, vec![challenge()]);
    let Step::Need(LoginNeed::SignedXml { challenge }) = need else {
        panic!("{need:?}")
    };
    assert_eq!(
        (challenge.challenge.as_str(), m.stage()),
        (CHALLENGE, LoginStage::Signing)
    );
    m.signed("<AuthTokenRequest/>".into());
    d.run(&mut m, after)
}

/// A KSeF-token login up to the encryption, then `after` answered.
fn token(d: &mut Driver, after: Vec<Reply>) -> Step<LoggedIn, LoginNeed> {
    let mut m = Login::ksef_token();
    let need = d.run(&mut m, vec![challenge(), keys()]);
    let Step::Need(LoginNeed::EncryptedToken { challenge, key }) = need else {
        panic!("{need:?}")
    };
    assert_eq!(challenge.timestamp_ms, 1780308000123);
    assert_eq!(
        (key.public_key_id.as_str(), m.stage()),
        ("now", LoginStage::Encrypting)
    );
    m.encrypted(&request());
    d.run(&mut m, after)
}

fn path(r: &str) -> String {
    format!("GET /auth/{r}")
}

#[test]
fn xades_pending_then_success_redeems_with_the_authentication_token() {
    let mut d = Driver::new();
    let end = xades(&mut d, vec![accepted(), pending(), success(), tokens()]);
    let Step::Done(done) = end else {
        panic!("{end:?}")
    };
    assert_eq!(done.reference, REF);
    assert_eq!(done.status.status.code, 200);
    assert_eq!(done.tokens.access_token.token, "access-jwt");
    assert_eq!(
        d.sent(),
        [
            "POST /auth/challenge",
            "POST /auth/xades-signature",
            &path(REF),
            &path(REF),
            "POST /auth/token/redeem"
        ]
    );
    assert_eq!(d.calls[1].body, Body::Xml("<AuthTokenRequest/>".into()));
    assert_eq!(
        d.bearers(),
        [
            None,
            None,
            Some("auth-jwt"),
            Some("auth-jwt"),
            Some("auth-jwt")
        ]
    );
    assert_eq!(d.waits(), [(Waiting::Polling, 500)]);
}

#[test]
fn token_pending_then_success_sends_the_callers_request() {
    let mut d = Driver::new();
    let end = token(&mut d, vec![accepted(), pending(), success(), tokens()]);
    assert!(matches!(end, Step::Done(ref l) if l.tokens.refresh_token.token == "refresh-jwt"));
    assert_eq!(
        d.sent()[..3],
        [
            "POST /auth/challenge",
            "GET /security/public-key-certificates",
            "POST /auth/ksef-token"
        ]
    );
    let Body::Json(body) = &d.calls[2].body else {
        panic!()
    };
    assert!(body.contains(r#""encryptedToken":"c2VjcmV0""#), "{body}");
    assert_eq!(
        d.bearers()[3..],
        [Some("auth-jwt"), Some("auth-jwt"), Some("auth-jwt")]
    );
}

#[test]
fn a_presigned_file_is_sent_first_and_may_ask_for_the_chain_check() {
    let mut d = Driver::new();
    let mut m = Login::presigned("<signed/>".into()).verify_chain(true);
    assert_eq!(m.stage(), LoginStage::Submitting);
    let end = d.run(&mut m, vec![accepted(), success(), tokens()]);
    assert!(matches!(end, Step::Done(_)));
    assert_eq!(
        d.sent()[0],
        "POST /auth/xades-signature?verifyCertificateChain=true"
    );
    // Without the option the parameter is left out.
    let mut d = Driver::new();
    d.run(
        &mut Login::presigned("<signed/>".into()),
        vec![ksef_error(400, 21111, "x")],
    );
    assert_eq!(d.sent(), ["POST /auth/xades-signature"]);
}

#[test]
fn the_stage_follows_the_login_and_shows_ksefs_description() {
    let mut m = Login::xades();
    assert_eq!(m.stage(), LoginStage::Challenge);
    let mut d = Driver::new();
    d.run(&mut m, vec![challenge()]);
    m.signed("<x/>".into());
    assert_eq!(m.stage(), LoginStage::Submitting);
    assert!(matches!(m.step(0), Step::Send(_)));
    m.receive(accepted(), 0);
    let checking = |s: &str| LoginStage::Checking {
        description: s.into(),
    };
    assert_eq!(m.stage(), checking(""));
    assert!(matches!(m.step(0), Step::Send(_)));
    m.receive(status(100, "Weryfikacja certyfikatu", &[]), 0);
    assert_eq!(m.stage(), checking("Weryfikacja certyfikatu"));
    assert!(matches!(m.step(500), Step::Send(_)));
    m.receive(success(), 500);
    assert_eq!(m.stage(), LoginStage::Redeeming);
}

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
