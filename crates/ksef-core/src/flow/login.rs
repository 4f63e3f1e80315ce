//! Logging in to KSeF: a challenge; then auth.xml signed with XAdES (a file a person signed, or
//! a certificate loaded in the tab) or a KSeF token encrypted with KSeF's public key; then the
//! authentication status is polled until KSeF decides, and its tokens are redeemed.
//! [`Refresh`] (in `refresh.rs`) gets a new access token with the refresh token.

use crate::api::auth::{
    AuthenticationInitResponse, AuthenticationOperationStatusResponse,
    AuthenticationTokensResponse, ChallengeResponse, InitTokenAuthenticationRequest,
};
use crate::api::security::{token_encryption_key, PublicKeyCertificate};
use crate::auth_status::{self, StatusOutcome};
use crate::lang::{Lang, Localized};
use crate::token_crypto::TokenCryptoError;

use super::poll::Poll;
pub use super::refresh::Refresh;
use super::{read, Attempt, Body, Call, Failure, LocalFailure, Machine, Reply, RetryPolicy, Step};

/// The first pause between two status polls; each next one is half as long again, up to
/// [`MAX_DELAY_MS`] (what the web app's login did before these machines).
pub const FIRST_DELAY_MS: u64 = 500;
pub const MAX_DELAY_MS: u64 = 2000;
/// KSeF decides a login within seconds (a certificate's revocation check at most a few); a
/// status 100 lasting two minutes will not end.
pub const GIVE_UP_MS: u64 = 2 * 60 * 1000;
/// KSeF's "token encryption key unknown or withdrawn": fetch the keys again, once.
const KEY_WITHDRAWN: i32 = 21470;

/// What only the caller can make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginNeed {
    /// auth.xml with this challenge, XAdES-signed: give it to [`Login::signed`].
    SignedXml { challenge: ChallengeResponse },
    /// `token|challenge.timestamp_ms` encrypted with `key`: give the request to
    /// [`Login::encrypted`] (with `public_key_id` = `key.public_key_id`).
    EncryptedToken {
        challenge: ChallengeResponse,
        key: PublicKeyCertificate,
    },
}

/// Where the login is, for the user to see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginStage {
    Challenge,
    Keys,
    /// Waiting for the caller's signed auth.xml.
    Signing,
    /// Waiting for the caller's encrypted token.
    Encrypting,
    Submitting,
    /// KSeF is verifying; `description` is its last status 100 text (empty before the first).
    Checking {
        description: String,
    },
    Redeeming,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedIn {
    /// The authentication operation's reference (`GET /auth/sessions` names it again).
    pub reference: String,
    /// The final status 200, with the method KSeF recognised.
    pub status: AuthenticationOperationStatusResponse,
    pub tokens: AuthenticationTokensResponse,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Way {
    Xades,
    Token,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    /// Not stepped yet: the first call is made then, so the builder options apply to it.
    Start(Option<String>),
    Challenge(Attempt),
    Keys {
        challenge: ChallengeResponse,
        attempt: Attempt,
    },
    Need(LoginNeed),
    Submit(Attempt),
    Check(Checking),
    Redeem {
        reference: String,
        status: Box<AuthenticationOperationStatusResponse>,
        attempt: Attempt,
    },
    Over(Step<LoggedIn, LoginNeed>),
}

/// Polling `GET /auth/{reference}` with the authentication token.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Checking {
    reference: String,
    auth: String,
    poll: Poll,
    /// The pause after the next status 100.
    delay: u64,
    description: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Login {
    way: Way,
    policy: RetryPolicy,
    verify_chain: Option<bool>,
    state: State,
    stage: LoginStage,
    keys_fetched_again: bool,
}

impl Login {
    /// XAdES: a challenge, then [`LoginNeed::SignedXml`].
    pub fn xades() -> Login {
        Login::new(Way::Xades, None)
    }

    /// An auth.xml signed already (the signed-file page fetched the challenge before the
    /// person signed): sent right away.
    pub fn presigned(xml: String) -> Login {
        Login::new(Way::Xades, Some(xml))
    }

    /// A KSeF token: a challenge and KSeF's keys, then [`LoginNeed::EncryptedToken`].
    pub fn ksef_token() -> Login {
        Login::new(Way::Token, None)
    }

    fn new(way: Way, xml: Option<String>) -> Login {
        let stage = match xml {
            Some(_) => LoginStage::Submitting,
            None => LoginStage::Challenge,
        };
        Login {
            way,
            policy: RetryPolicy::default(),
            verify_chain: None,
            state: State::Start(xml),
            stage,
            keys_fetched_again: false,
        }
    }

    pub fn with_policy(mut self, policy: RetryPolicy) -> Login {
        self.policy = policy;
        self
    }

    /// `verifyCertificateChain` of `POST /auth/xades-signature`: where self-signed
    /// certificates are allowed (TEST), `true` has KSeF check the chain and revocation as
    /// production does. Unset, the query parameter is left out (KSeF's default).
    pub fn verify_chain(mut self, verify: bool) -> Login {
        self.verify_chain = Some(verify);
        self
    }

    /// Meets [`LoginNeed::SignedXml`]; ignored at any other point.
    pub fn signed(&mut self, xml: String) {
        if matches!(self.state, State::Need(LoginNeed::SignedXml { .. })) {
            let state = State::Submit(self.submit_xml(xml));
            self.set(state);
        }
    }

    /// Meets [`LoginNeed::EncryptedToken`]; ignored at any other point.
    pub fn encrypted(&mut self, request: &InitTokenAuthenticationRequest) {
        if matches!(self.state, State::Need(LoginNeed::EncryptedToken { .. })) {
            let call = Call::json("/auth/ksef-token", request);
            let state = State::Submit(Attempt::new(call, self.policy));
            self.set(state);
        }
    }

    /// The caller could not meet the need (signing or encryption failed): end with `why`.
    pub fn fail(&mut self, why: Failure) {
        if matches!(self.state, State::Need(_)) {
            self.set(State::Over(Step::Failed(why)));
        }
    }

    pub fn stage(&self) -> LoginStage {
        self.stage.clone()
    }

    fn set(&mut self, state: State) {
        self.stage = match &state {
            State::Start(None) | State::Challenge(_) => LoginStage::Challenge,
            State::Keys { .. } => LoginStage::Keys,
            State::Need(LoginNeed::SignedXml { .. }) => LoginStage::Signing,
            State::Need(LoginNeed::EncryptedToken { .. }) => LoginStage::Encrypting,
            State::Start(Some(_)) | State::Submit(_) => LoginStage::Submitting,
            State::Check(Checking { description, .. }) => LoginStage::Checking {
                description: description.clone(),
            },
            State::Redeem { .. } => LoginStage::Redeeming,
            // The stage it ended in stays shown.
            State::Over(_) => self.stage.clone(),
        };
        self.state = state;
    }

    fn submit_xml(&self, xml: String) -> Attempt {
        let query = match self.verify_chain {
            Some(v) => format!("?verifyCertificateChain={v}"),
            None => String::new(),
        };
        let call = Call::post(format!("/auth/xades-signature{query}"), Body::Xml(xml));
        Attempt::new(call, self.policy)
    }

    fn challenge(&self) -> State {
        let call = Call::post("/auth/challenge", Body::Empty);
        State::Challenge(Attempt::new(call, self.policy))
    }

    fn challenged(&self, reply: Reply) -> State {
        let challenge = match read::<ChallengeResponse>(&reply) {
            Ok(c) => c,
            Err(f) => return State::Over(Step::Failed(f)),
        };
        match self.way {
            Way::Xades => State::Need(LoginNeed::SignedXml { challenge }),
            Way::Token => {
                let call = Call::get("/security/public-key-certificates");
                let attempt = Attempt::new(call, self.policy);
                State::Keys { challenge, attempt }
            }
        }
    }

    fn keys(&self, challenge: ChallengeResponse, reply: Reply) -> State {
        let keys = match read::<Vec<PublicKeyCertificate>>(&reply) {
            Ok(k) => k,
            Err(f) => return State::Over(Step::Failed(f)),
        };
        // "Valid now" by KSeF's own clock: the challenge's time, not this device's.
        match token_encryption_key(&keys, challenge.timestamp) {
            Some(key) => State::Need(LoginNeed::EncryptedToken {
                challenge,
                key: key.clone(),
            }),
            None => State::Over(Step::Failed(Failure::local(
                LocalFailure::Encryption,
                TokenCryptoError::NoKey.message(Lang::En),
            ))),
        }
    }

    fn submitted(&mut self, reply: Reply, now: u64) -> State {
        match read::<AuthenticationInitResponse>(&reply) {
            Ok(init) => {
                let reference = init.reference_number.to_string();
                let auth = init.authentication_token.token;
                let call = Call::get(format!("/auth/{reference}")).bearer(&auth);
                State::Check(Checking {
                    reference,
                    auth,
                    poll: Poll::new(call, self.policy, now),
                    delay: FIRST_DELAY_MS,
                    description: String::new(),
                })
            }
            Err(Failure::Ksef(e))
                if self.way == Way::Token
                    && e.code() == Some(KEY_WITHDRAWN)
                    && !self.keys_fetched_again =>
            {
                // KSeF changed its keys since they were fetched: a new challenge, new keys.
                self.keys_fetched_again = true;
                self.challenge()
            }
            Err(f) => State::Over(Step::Failed(f)),
        }
    }

    fn checked(&self, mut c: Checking, reply: Reply, now: u64) -> State {
        let status = match read::<AuthenticationOperationStatusResponse>(&reply) {
            Ok(s) => s,
            Err(f) => return State::Over(Step::Failed(f)),
        };
        let (code, details) = (status.status.code, status.status.details.clone());
        let details = details.unwrap_or_default();
        match auth_status::outcome(code) {
            StatusOutcome::InProgress if c.poll.overdue(now, GIVE_UP_MS) => {
                State::Over(Step::Failed(Failure::GaveUp))
            }
            StatusOutcome::InProgress => {
                c.poll.again(now, c.delay, self.policy);
                c.delay = (c.delay * 3 / 2).min(MAX_DELAY_MS);
                c.description = status.status.description;
                State::Check(c)
            }
            StatusOutcome::Success => {
                let call = Call::post("/auth/token/redeem", Body::Empty).bearer(c.auth);
                State::Redeem {
                    reference: c.reference,
                    status: Box::new(status),
                    attempt: Attempt::new(call, self.policy),
                }
            }
            StatusOutcome::Retry => {
                State::Over(Step::Failed(Failure::StartAgain { code, details }))
            }
            StatusOutcome::Failed => {
                State::Over(Step::Failed(Failure::AuthStatus { code, details }))
            }
        }
    }
}

impl Machine for Login {
    type Output = LoggedIn;
    type Need = LoginNeed;

    fn step(&mut self, now: u64) -> Step<LoggedIn, LoginNeed> {
        if let State::Start(xml) = &mut self.state {
            let state = match xml.take() {
                Some(xml) => State::Submit(self.submit_xml(xml)),
                None => self.challenge(),
            };
            self.set(state);
        }
        match &mut self.state {
            State::Start(_) => unreachable!("started above"),
            State::Challenge(a) | State::Submit(a) => a.step(now),
            State::Keys { attempt, .. } | State::Redeem { attempt, .. } => attempt.step(now),
            State::Need(need) => Step::Need(need.clone()),
            State::Check(c) => c.poll.step(now),
            State::Over(step) => step.clone(),
        }
    }

    fn receive(&mut self, reply: Reply, now: u64) {
        let state = std::mem::replace(&mut self.state, State::Over(Step::Failed(Failure::GaveUp)));
        let next = match state {
            State::Challenge(mut a) => match a.receive(reply, now) {
                Some(r) => self.challenged(r),
                None => State::Challenge(a),
            },
            State::Keys {
                challenge,
                mut attempt,
            } => match attempt.receive(reply, now) {
                Some(r) => self.keys(challenge, r),
                None => State::Keys { challenge, attempt },
            },
            State::Submit(mut a) => match a.receive(reply, now) {
                Some(r) => self.submitted(r, now),
                None => State::Submit(a),
            },
            State::Check(mut c) => match c.poll.receive(reply, now) {
                Some(r) => self.checked(c, r, now),
                None => State::Check(c),
            },
            State::Redeem {
                reference,
                status,
                mut attempt,
            } => match attempt.receive(reply, now) {
                Some(r) => match read::<AuthenticationTokensResponse>(&r) {
                    Ok(tokens) => State::Over(Step::Done(LoggedIn {
                        reference,
                        status: *status,
                        tokens,
                    })),
                    Err(f) => State::Over(Step::Failed(f)),
                },
                None => State::Redeem {
                    reference,
                    status,
                    attempt,
                },
            },
            // Nothing was sent: a stray reply changes nothing.
            other => other,
        };
        self.set(next);
    }
}
