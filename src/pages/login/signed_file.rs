//! Login with a file signed outside the app: challenge → `auth.xml` to download (10-minute
//! countdown, one click for a new one) → upload (pick or drop) → pre-flight report → submit.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::api::auth::ChallengeResponse;
use ksef_core::preflight::Severity;
use std::rc::Rc;

use yew::prelude::*;

use super::progress::{Activity, Phase, PhaseView};
use super::run::{Meet, Run};
use super::target::{parse_challenge, Target, TargetForm};
use crate::app::use_settings;
use crate::components::download::{Content, Download};
use crate::components::on;
use crate::failure::AppFailure;
use crate::i18n::texts;
use crate::login_method::KnownSigner;
use crate::session::use_session;
use crate::worker::signing::{CheckSignedFile, PreflightSummary};
use ksef_core::flow::login::Login;
use ksef_core::flow::Failure;
use ksef_core::lang::Localized;

/// A prepared document: the challenge it carries and the file to download.
#[derive(Clone, PartialEq)]
pub struct Prepared {
    pub(super) challenge: ChallengeResponse,
    pub(super) target: Target,
    pub(super) file_name: String,
    pub(super) xml: String,
}

/// The document to sign for `challenge`, and its file.
fn prepare(challenge: ChallengeResponse, target: Target) -> Result<Prepared, Failure> {
    let parsed = parse_challenge(&challenge)?;
    let xml = target.unsigned_xml(parsed);
    let file_name = format!(
        "auth-{}-{}.xml",
        target.context.value(),
        challenge.timestamp.date()
    );
    Ok(Prepared {
        challenge,
        target,
        file_name,
        xml,
    })
}

/// Seconds left of the challenge's ten minutes, by the browser's clock.
fn seconds_left(c: &ChallengeResponse) -> i64 {
    ((c.timestamp_ms + 10 * 60 * 1000) as f64 - js_sys::Date::now()).div_euclid(1000.0) as i64
}

/// A loaded signed file with the worker's pre-flight report.
#[derive(Clone, PartialEq)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
    pub summary: PreflightSummary,
}

impl Upload {
    /// How KSeF will read the signer, as far as the pre-flight check could tell.
    pub fn signer(&self) -> KnownSigner {
        match self.summary.self_signed {
            Some(true) => KnownSigner::SelfSigned,
            Some(false) => KnownSigner::Issued,
            None => KnownSigner::Unknown,
        }
    }
}

/// The signed-file form as a reducer: target, prepared document, the uploaded file, the phase.
#[derive(Clone, Default, PartialEq)]
pub struct SignedFileForm {
    pub target: Option<Target>,
    pub(super) prepared: Option<Prepared>,
    pub upload: Option<Upload>,
    pub phase: Phase,
}

pub enum SignedFileAction {
    Target(Option<Target>),
    /// A new challenge was asked for: the old upload no longer fits.
    Asking,
    Prepared(Result<Prepared, AppFailure>),
    Checking,
    Checked(Result<Upload, AppFailure>),
    Phase(Phase),
}

impl SignedFileForm {
    /// The file may be sent: it passed the pre-flight check and nothing runs.
    pub fn sendable(&self) -> Option<(&Prepared, &Upload)> {
        let upload = self.upload.as_ref().filter(|u| u.summary.valid)?;
        (!self.phase.busy()).then_some(())?;
        Some((self.prepared.as_ref()?, upload))
    }
}

impl Reducible for SignedFileForm {
    type Action = SignedFileAction;

    fn reduce(self: Rc<Self>, action: SignedFileAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            SignedFileAction::Target(t) => s.target = t,
            SignedFileAction::Asking => {
                s.upload = None;
                s.phase = Phase::Working(Activity::GettingChallenge);
            }
            SignedFileAction::Prepared(Ok(p)) => {
                s.prepared = Some(p);
                s.phase = Phase::Idle;
            }
            SignedFileAction::Prepared(Err(f)) => s.phase = Phase::Failed(f),
            SignedFileAction::Checking => s.phase = Phase::Working(Activity::CheckingSignature),
            SignedFileAction::Checked(Ok(u)) => {
                s.upload = Some(u);
                s.phase = Phase::Idle;
            }
            SignedFileAction::Checked(Err(f)) => s.phase = Phase::Failed(f),
            SignedFileAction::Phase(p) => s.phase = p,
        }
        Rc::new(s)
    }
}

/// Reads the file and has the worker check it against the prepared challenge.
async fn check(
    file: web_sys::File,
    prepared: Option<Prepared>,
    d: UseReducerDispatcher<SignedFileForm>,
) {
    let picked = match crate::files::read(file).await {
        Ok(p) => p,
        Err(e) => return d.dispatch(SignedFileAction::Checked(Err(e.into()))),
    };
    d.dispatch(SignedFileAction::Checking);
    let p = prepared.as_ref();
    let job = CheckSignedFile {
        file_base64: B64.encode(&picked.bytes),
        challenge: p.map(|p| p.challenge.challenge.clone()),
        issued_ms: p.map(|p| p.challenge.timestamp_ms),
        context: p.map(|p| p.target.context.to_api()),
        now_ms: js_sys::Date::now() as i64,
    };
    let checked = crate::worker::call(job).await.map(|summary| Upload {
        name: picked.name,
        bytes: picked.bytes,
        summary,
    });
    d.dispatch(SignedFileAction::Checked(checked.map_err(AppFailure::from)));
}

#[function_component(SignedFileLogin)]
pub fn signed_file_login() -> Html {
    let settings = use_settings();
    let session = use_session();
    let lang = settings.lang;
    let t = texts(lang);
    let state = use_reducer(SignedFileForm::default);
    let d = state.dispatcher();
    let redraw = use_force_update();
    {
        // Re-render every second while a challenge is pending, for the countdown.
        use_effect_with(state.prepared.is_some(), move |pending| {
            let interval = pending
                .then(|| gloo_timers::callback::Interval::new(1000, move || redraw.force_update()));
            move || drop(interval)
        });
    }
    let get_challenge = {
        let (target, d, base) = (state.target.clone(), d.clone(), settings.api_base());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // The button is enabled only with a valid target.
            let Some(t) = target.clone() else { return };
            let (d, base) = (d.clone(), base.clone());
            d.dispatch(SignedFileAction::Asking);
            wasm_bindgen_futures::spawn_local(async move {
                let shown = on(&d, SignedFileAction::Phase);
                let wait = move |w: &ksef_core::flow::Waiting, left: u64| match (w, left) {
                    (ksef_core::flow::Waiting::RateLimited { .. }, 1..) => {
                        shown.emit(Phase::RateLimited(left))
                    }
                    _ => shown.emit(Phase::Working(Activity::GettingChallenge)),
                };
                let prepared = match crate::api::challenge(&base, &wait).await {
                    Ok(c) => prepare(c, t).map_err(AppFailure::from),
                    Err(e) => Err(e.into()),
                };
                d.dispatch(SignedFileAction::Prepared(prepared));
            });
        })
    };
    let on_file = {
        let (prepared, d) = (state.prepared.clone(), d.clone());
        Callback::from(move |file: web_sys::File| {
            wasm_bindgen_futures::spawn_local(check(file, prepared.clone(), d.clone()));
        })
    };
    let on_change = {
        let on_file = on_file.clone();
        Callback::from(move |e: Event| {
            // Cancelling the file dialog picks nothing and changes nothing.
            if let Some(f) = crate::files::from_input(&e) {
                on_file.emit(f);
            }
        })
    };
    let on_drop = {
        let on_file = on_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(f) = crate::files::from_drop(&e) {
                on_file.emit(f);
            }
        })
    };
    let on_submit = {
        let sendable = state.sendable().map(|(p, u)| (p.clone(), u.clone()));
        let (d, session, base) = (d.clone(), session.clone(), settings.api_base());
        Callback::from(move |_: MouseEvent| {
            // The button is enabled only for a file that passed the check.
            let Some((p, upload)) = sendable.clone() else {
                return;
            };
            let xml = String::from_utf8_lossy(&upload.bytes).into_owned();
            let run = Run {
                base: base.clone(),
                context: p.target.context.to_api(),
                signer: upload.signer(),
                phase: on(&d, SignedFileAction::Phase),
                session: session.clone(),
            };
            d.dispatch(SignedFileAction::Phase(Phase::Working(Activity::Sending)));
            // Signed already: the machine never asks for anything.
            let never: Meet =
                Box::new(|_| Box::pin(async { unreachable!("a presigned login needs nothing") }));
            wasm_bindgen_futures::spawn_local(run.login(Login::presigned(xml), never));
        })
    };
    let prepared = state.prepared.as_ref();
    let left = prepared.map(|p| seconds_left(&p.challenge));
    html! {
        <div class="method" id="signed-file-login">
            <form onsubmit={get_challenge} novalidate=true>
                <TargetForm on_change={on(&d, SignedFileAction::Target)} />
                <button id="get-challenge" type="submit" disabled={state.target.is_none() || state.phase.busy()}>
                    { if left.is_some_and(|l| l <= 0) { t.login.new_challenge } else { t.login.get_challenge } }
                </button>
            </form>
            if let (Some(p), Some(left)) = (prepared, left) {
                <div class="notice" role="status">
                    <p>{ t.login.challenge_label }{ ": " }<code id="challenge">{ &p.challenge.challenge }</code></p>
                    if left > 0 {
                        <p id="challenge-countdown">{ t.login.valid_for }<strong>{ format!("{}:{:02}", left / 60, left % 60) }</strong></p>
                    } else {
                        <p id="challenge-expired" class="error" role="alert">{ t.login.challenge_expired }</p>
                    }
                    <p><Download id="auth-xml-download" mime="application/xml" content={Content::Text(p.xml.clone())} file={p.file_name.clone()}>{ t.login.download_auth_xml }</Download></p>
                    <p class="help">{ t.login.sign_guidance }</p>
                </div>
                <label for="signed-file" class="dropzone" ondrop={on_drop} ondragover={Callback::from(|e: DragEvent| e.prevent_default())}>
                    { t.login.load_signed_file }
                    <input id="signed-file" type="file" accept=".xml,application/xml,text/xml" onchange={on_change} />
                </label>
            }
            if let Some(u) = &state.upload {
                <Report name={u.name.clone()} summary={u.summary.clone()} />
                <button id="submit-signed" type="button" onclick={on_submit} disabled={state.sendable().is_none()}>
                    { t.login.send_and_log_in }
                </button>
            }
            <PhaseView phase={state.phase.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ReportProps {
    name: String,
    summary: PreflightSummary,
}

/// The pre-flight report: one line per check, marked ok / warning / error.
#[function_component(Report)]
fn report(props: &ReportProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    html! {
        <section id="preflight" class={classes!("report", if props.summary.valid { "valid" } else { "invalid" })} aria-live="polite">
            <h4>{ t.login.file_check }<code>{ &props.name }</code></h4>
            <ul>
                { for props.summary.findings.iter().map(|f| {
                    let (class, mark) = match f.severity {
                        Severity::Ok => ("ok", "✔"),
                        Severity::Warning => ("warning", "⚠"),
                        Severity::Error => ("error", "✘"),
                    };
                    html! { <li class={class}><span aria-hidden="true">{ mark }</span>{ " " }{ f.message(lang) }</li> }
                }) }
            </ul>
        </section>
    }
}
