//! The desk's I/O: opening a client's context with the certificate the worker holds, and
//! checking every client with a bounded number at a time (ksef-core's `Schedule` decides who
//! goes next and holds back a client KSeF rate-limited while the others go on).

use futures::stream::{FuturesUnordered, StreamExt};
use ksef_core::api::SubjectIdentifier;
use ksef_core::auth_xml::{AuthTokenRequest, XmlStyle};
use ksef_core::context::ContextIdentifier;
use ksef_core::flow::login::{Login, LoginNeed};
use ksef_core::flow::{Failure, LocalFailure, RetryPolicy, Step};
use ksef_core::ident::Nip;
use ksef_core::office::schedule::Finish;
use ksef_core::office::{ClientFacts, Schedule, TokenCounts};
use yew::UseReducerDispatcher;

use super::state::{Desk, DeskAction};
use crate::failure::AppFailure;
use crate::login_method::{KnownSigner, LoginMethod};
use crate::session::Session;
use crate::worker::desk::SignWithDeskSigner;

/// Clients checked at once: KSeF limits each context on its own; a browser opens at most 6
/// connections to one host (HTTP/1.1), so more would only queue.
pub const AT_ONCE: usize = 6;

/// Logs in to `nip`'s context: challenge, signature in the worker, submit, poll, redeem.
pub async fn open_client(base: &str, nip: &Nip) -> Result<Session, AppFailure> {
    open_with(base, nip, RetryPolicy::default()).await
}

/// [`open_client`] with `policy`: the overview lets a 429 end the login at once, so its
/// schedule holds that client back and gives the slot to another.
async fn open_with(base: &str, nip: &Nip, policy: RetryPolicy) -> Result<Session, AppFailure> {
    let context = ContextIdentifier::Nip(nip.clone());
    let mut login = Login::xades().with_policy(policy);
    let mut signer = KnownSigner::Unknown;
    loop {
        match crate::net::drive(&mut login, base, &|_, _| {}).await {
            Step::Need(LoginNeed::SignedXml { challenge }) => {
                let Ok(challenge) = challenge.challenge.parse() else {
                    return Err(Failure::Unexpected {
                        status: 200,
                        detail: format!("challenge {}", challenge.challenge),
                    }
                    .into());
                };
                let unsigned = AuthTokenRequest::new(challenge, context.clone());
                let job = SignWithDeskSigner {
                    unsigned_xml: unsigned.to_xml(XmlStyle::Compact),
                    now_ms: js_sys::Date::now() as i64,
                };
                let signed = crate::worker::call(job).await?;
                signer = match signed.self_signed {
                    true => KnownSigner::SelfSigned,
                    false => KnownSigner::Issued,
                };
                login.signed(signed.xml);
            }
            // An XAdES login needs only a signature.
            Step::Need(LoginNeed::EncryptedToken { .. }) => {
                return Err(
                    Failure::local(LocalFailure::Signing, "token asked of a XAdES login").into(),
                )
            }
            Step::Done(done) => {
                return Ok(Session {
                    base: base.to_string(),
                    reference: done.reference.clone(),
                    context: context.to_api(),
                    method: LoginMethod::new(&done.status, signer),
                    access: done.tokens.access_token,
                    refresh: done.tokens.refresh_token,
                })
            }
            Step::Failed(f) => return Err(f.into()),
            Step::Send(_) | Step::Wait { .. } => unreachable!("drive returns only ends and needs"),
        }
    }
}

/// A session in `nip`'s context: the kept one while its access token has a minute left, else
/// that one refreshed (its refresh token lasts days), else a new login.
pub async fn session_for(
    base: &str,
    nip: &Nip,
    kept: Option<Session>,
) -> Result<Session, AppFailure> {
    let now = js_sys::Date::now() as i64;
    let valid =
        |t: &ksef_core::api::TokenInfo| t.valid_until.unix_timestamp() * 1000 > now + 60_000;
    match kept {
        Some(s) if valid(&s.access) => Ok(s),
        Some(s) if valid(&s.refresh) => match crate::api::refresh(base, &s.refresh.token).await {
            Ok(r) => Ok(Session {
                access: r.access_token,
                ..s
            }),
            Err(_) => open_client(base, nip).await,
        },
        _ => open_client(base, nip).await,
    }
}

/// A failure as the overview keeps it: the worker's part of a login is the signature (the
/// page checks that a certificate is loaded before it starts).
pub fn flow_failure(f: AppFailure) -> Failure {
    match f {
        AppFailure::Flow(f) => f,
        AppFailure::Worker(_) => Failure::local(LocalFailure::Signing, ""),
    }
}

/// What one client's context says: can I log in, what I hold there, its tokens.
async fn check_one(
    base: &str,
    nip: &Nip,
    me: Option<&SubjectIdentifier>,
) -> (ClientFacts, Option<Session>) {
    let at_once = RetryPolicy {
        rate_limited: 0,
        ..RetryPolicy::default()
    };
    let session = match open_with(base, nip, at_once).await {
        Ok(s) => s,
        Err(f) => return (ClientFacts::login_failed(flow_failure(f)), None),
    };
    let access = &session.access.token;
    let held = crate::api::held_permissions(base, access, &session.context).await;
    // Without an identity in the certificate no token is counted as "mine".
    let nobody = SubjectIdentifier {
        kind: ksef_core::api::SubjectIdentifierKind::Nip,
        value: String::new(),
    };
    let tokens = crate::api::all_tokens(base, access)
        .await
        .map(|list| TokenCounts::count(&list, me.unwrap_or(&nobody)));
    (ClientFacts::LoggedIn { held, tokens }, Some(session))
}

/// Checks each of `nips`, [`AT_ONCE`] at a time, telling the desk as each one ends.
pub async fn check_all(
    base: String,
    nips: Vec<Nip>,
    me: Option<SubjectIdentifier>,
    desk: UseReducerDispatcher<Desk>,
) {
    let mut schedule = Schedule::new(nips, AT_ONCE);
    let mut running = FuturesUnordered::new();
    loop {
        while let Some(nip) = schedule.next(crate::net::now_ms()) {
            desk.dispatch(DeskAction::Checking(nip.clone()));
            let (base, me) = (base.clone(), me.clone());
            running.push(async move {
                let (facts, session) = check_one(&base, &nip, me.as_ref()).await;
                (nip, facts, session)
            });
        }
        let Some((nip, facts, session)) = running.next().await else {
            match schedule.wake_at() {
                // Only rate-limited clients are left: wait for the first to be free.
                Some(at) => {
                    let wait = at.saturating_sub(crate::net::now_ms()).max(1);
                    gloo_timers::future::TimeoutFuture::new(wait.min(120_000) as u32).await;
                    continue;
                }
                None => break,
            }
        };
        let finish = match &facts {
            ClientFacts::LoginFailed(Failure::RateLimited { retry_after }) => Finish::RateLimited {
                retry_after_s: *retry_after,
            },
            ClientFacts::LoginFailed(_) => Finish::Failed,
            ClientFacts::LoggedIn { .. } | ClientFacts::NoPermission => Finish::Done,
        };
        schedule.finish(&nip, finish, crate::net::now_ms());
        let progress = schedule.progress();
        desk.dispatch(DeskAction::Checked {
            nip,
            facts: Box::new(facts),
            session: session.map(Box::new),
            progress,
        });
    }
    desk.dispatch(DeskAction::CheckEnded(schedule.progress()));
}
