//! Logins that end: XAdES, KSeF token and presigned, and the stages they show. The
//! fixtures live here; waits, retries and failures are in `failures.rs`.

use serde_json::json;

use super::*;
use crate::api::auth::InitTokenAuthenticationRequest;
use crate::context::{ApiContextIdentifier, ContextType};
use crate::flow::login::{LoggedIn, Login, LoginNeed, LoginStage, GIVE_UP_MS};
use crate::flow::{Body, Failure, LocalFailure};

mod failures;

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
