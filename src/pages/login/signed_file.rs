//! Login with a file signed outside the app: challenge → `auth.xml` to download (10-minute
//! countdown, one click for a new one) → upload (pick or drop) → pre-flight report → submit.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::api::auth::ChallengeResponse;
use ksef_core::preflight::Severity;
use yew::prelude::*;

use super::progress::{failed, on_wait, Activity, Phase, PhaseView};
use super::run::{Meet, Run};
use super::target::{parse_challenge, Target, TargetForm};
use crate::app::use_settings;
use crate::components::download::{Content, Download};
use crate::i18n::texts;
use crate::login_method::KnownSigner;
use crate::session::use_session;
use crate::worker::signing::{CheckSignedFile, PreflightSummary};
use ksef_core::flow::login::Login;
use ksef_core::flow::Failure;
use ksef_core::lang::Localized;

/// A prepared document: the challenge it carries and the file to download.
#[derive(Clone, PartialEq)]
struct Prepared {
    challenge: ChallengeResponse,
    target: Target,
    file_name: String,
    xml: String,
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

#[function_component(SignedFileLogin)]
pub fn signed_file_login() -> Html {
    let settings = use_settings();
    let session = use_session();
    let lang = settings.lang;
    let t = texts(lang);
    let target = use_state(|| None::<Target>);
    let prepared = use_state(|| None::<Prepared>);
    let phase = use_state(Phase::default);
    let upload = use_state(|| None::<(String, Vec<u8>, PreflightSummary)>);
    let tick = use_state(|| 0u32);
    {
        // Re-render every second while a challenge is pending, for the countdown.
        let tick = tick.clone();
        use_effect_with(prepared.is_some(), move |pending| {
            let interval = pending.then(|| {
                gloo_timers::callback::Interval::new(1000, move || tick.set(tick.wrapping_add(1)))
            });
            move || drop(interval)
        });
    }
    let on_target = {
        let target = target.clone();
        Callback::from(move |t| target.set(t))
    };
    let get_challenge = {
        let (target, prepared, phase, upload, base) = (
            target.clone(),
            prepared.clone(),
            phase.clone(),
            upload.clone(),
            settings.api_base(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(t) = (*target).clone() else { return };
            let (prepared, phase, upload, base) = (
                prepared.clone(),
                phase.clone(),
                upload.clone(),
                base.clone(),
            );
            phase.set(Phase::Working(Activity::GettingChallenge));
            upload.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let wait = on_wait(&phase, Activity::GettingChallenge);
                match crate::api::challenge(&base, &wait).await {
                    Ok(c) => match prepare(c, t) {
                        Ok(p) => {
                            prepared.set(Some(p));
                            phase.set(Phase::Idle);
                        }
                        Err(e) => failed(&phase, e),
                    },
                    Err(e) => failed(&phase, e),
                }
            });
        })
    };
    let on_file = {
        let (prepared, upload, phase) = (prepared.clone(), upload.clone(), phase.clone());
        Callback::from(move |file: web_sys::File| {
            let (prepared, upload, phase) = (prepared.clone(), upload.clone(), phase.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let picked = match crate::files::read(file).await {
                    Ok(p) => p,
                    Err(e) => return failed(&phase, e),
                };
                phase.set(Phase::Working(Activity::CheckingSignature));
                let p = (*prepared).clone();
                let check = CheckSignedFile {
                    file_base64: B64.encode(&picked.bytes),
                    challenge: p.as_ref().map(|p| p.challenge.challenge.clone()),
                    issued_ms: p.as_ref().map(|p| p.challenge.timestamp_ms),
                    context: p.as_ref().map(|p| p.target.context.to_api()),
                    now_ms: js_sys::Date::now() as i64,
                };
                match crate::worker::call(check).await {
                    Ok(summary) => {
                        upload.set(Some((picked.name, picked.bytes, summary)));
                        phase.set(Phase::Idle);
                    }
                    Err(e) => failed(&phase, e),
                }
            });
        })
    };
    let on_change = {
        let on_file = on_file.clone();
        Callback::from(move |e: Event| {
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
        let (upload, prepared, phase, session, base) = (
            upload.clone(),
            prepared.clone(),
            phase.clone(),
            session.clone(),
            settings.api_base(),
        );
        Callback::from(move |_: MouseEvent| {
            let (Some((_, bytes, summary)), Some(p)) = ((*upload).clone(), (*prepared).clone())
            else {
                return;
            };
            let signer = match summary.self_signed {
                Some(true) => KnownSigner::SelfSigned,
                Some(false) => KnownSigner::Issued,
                None => KnownSigner::Unknown,
            };
            let xml = String::from_utf8_lossy(&bytes).into_owned();
            let run = Run {
                base: base.clone(),
                context: p.target.context.to_api(),
                signer,
                phase: phase.clone(),
                session: session.clone(),
            };
            phase.set(Phase::Working(Activity::Sending));
            // Signed already: the machine never asks for anything.
            let never: Meet =
                Box::new(|_| Box::pin(async { unreachable!("a presigned login needs nothing") }));
            wasm_bindgen_futures::spawn_local(run.login(Login::presigned(xml), never));
        })
    };
    let left = prepared.as_ref().map(|p| seconds_left(&p.challenge));
    html! {
        <div class="method" id="signed-file-login">
            <form onsubmit={get_challenge} novalidate=true>
                <TargetForm on_change={on_target} />
                <button id="get-challenge" type="submit" disabled={target.is_none() || phase.busy()}>
                    { if left.is_some_and(|l| l <= 0) { t.login.new_challenge } else { t.login.get_challenge } }
                </button>
            </form>
            if let (Some(p), Some(left)) = (&*prepared, left) {
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
            if let Some((name, _, summary)) = &*upload {
                <Report name={name.clone()} summary={summary.clone()} />
                <button id="submit-signed" type="button" onclick={on_submit} disabled={!summary.valid || phase.busy()}>
                    { t.login.send_and_log_in }
                </button>
            }
            <PhaseView phase={(*phase).clone()} />
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
