//! Drives a `ksef_core::flow::login::Login` to its end for any of the three login forms: shows
//! each stage, meets the machine's needs (a signature, an encrypted token) through the page,
//! and on success stores the session. Every path ends in a shown state.

use futures::future::LocalBoxFuture;
use ksef_core::api::auth::InitTokenAuthenticationRequest;
use ksef_core::context::ApiContextIdentifier;
use ksef_core::flow::login::{LoggedIn, Login, LoginNeed, LoginStage};
use ksef_core::flow::{Step, Waiting};
use yew::Callback;

use super::progress::{Activity, Phase};
use crate::failure::AppFailure;
use crate::login_method::{KnownSigner, LoginMethod};
use crate::session::{Session, SessionHandle};

/// What the page made for a [`LoginNeed`].
pub enum Met {
    Signed { xml: String, signer: KnownSigner },
    Encrypted(InitTokenAuthenticationRequest),
}

/// Meets a need (in the worker), or says why it could not.
pub type Meet = Box<dyn Fn(LoginNeed) -> LocalBoxFuture<'static, Result<Met, AppFailure>>>;

fn activity(stage: LoginStage) -> Activity {
    match stage {
        LoginStage::Challenge | LoginStage::Keys => Activity::GettingChallenge,
        LoginStage::Signing => Activity::Signing,
        LoginStage::Encrypting => Activity::EncryptingToken,
        LoginStage::Submitting => Activity::Sending,
        LoginStage::Checking { description } => Activity::Checking(description),
        LoginStage::Redeeming => Activity::Checking(String::new()),
    }
}

thread_local! {
    /// Logins running now: the first-visit app hands over to the full app only once they end,
    /// so a session being opened is not lost (`boot`).
    static RUNNING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// How many logins are running now.
pub fn running() -> u32 {
    RUNNING.get()
}

/// Counts one running login until dropped.
struct Running;

impl Running {
    fn start() -> Running {
        RUNNING.set(RUNNING.get() + 1);
        Running
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.set(RUNNING.get().saturating_sub(1));
    }
}

pub struct Run {
    pub base: String,
    pub context: ApiContextIdentifier,
    pub signer: KnownSigner,
    /// Each stage, wait and end, for the form's reducer.
    pub phase: Callback<Phase>,
    pub session: SessionHandle,
}

impl Run {
    fn session(&self, done: LoggedIn) -> Session {
        Session {
            base: self.base.clone(),
            reference: done.reference,
            context: self.context.clone(),
            method: LoginMethod::new(&done.status, self.signer),
            access: done.tokens.access_token,
            refresh: done.tokens.refresh_token,
        }
    }

    /// Runs `login` to its end; `meet` answers its needs.
    pub async fn login(mut self, mut login: Login, meet: Meet) {
        let _running = Running::start();
        let phase = self.phase.clone();
        let on_wait = {
            let phase = phase.clone();
            move |why: &Waiting, left: u64| {
                if let (Waiting::RateLimited { .. }, 1..) = (why, left) {
                    phase.emit(Phase::RateLimited(left));
                }
            }
        };
        let on_send = |l: &Login| phase.emit(Phase::Working(activity(l.stage())));
        loop {
            match crate::net::drive_shown(&mut login, &self.base, &on_wait, &on_send).await {
                Step::Need(need) => {
                    phase.emit(Phase::Working(activity(login.stage())));
                    match meet(need).await {
                        Ok(Met::Signed { xml, signer }) => {
                            self.signer = signer;
                            login.signed(xml);
                        }
                        Ok(Met::Encrypted(request)) => login.encrypted(&request),
                        // Nothing was sent with it: the form stays as it was, with the reason.
                        Err(e) => return phase.emit(Phase::Failed(e)),
                    }
                }
                Step::Done(done) => {
                    let s = self.session(done);
                    phase.emit(Phase::Idle);
                    return self.session.set(Some(s));
                }
                Step::Failed(f) => return phase.emit(Phase::Failed(f.into())),
                Step::Send(_) | Step::Wait { .. } => {
                    unreachable!("drive returns only ends and needs")
                }
            }
        }
    }
}
