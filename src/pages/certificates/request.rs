//! Requesting a KSeF certificate: the exact subject, name, type, key algorithm and password
//! (live checklist); the key and CSR are made in the worker and the encrypted key is downloaded
//! before anything is sent; then enrollment, polling, and the certificate as .crt, .cer and .p12.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::api::certificates::{
    CertificateEnrollmentDataResponse as Data, CertificateType, EnrollCertificateRequest,
};
use ksef_core::keys::KeyAlgorithm;
use ksef_core::lang::Lang;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::saved::{Downloads, Files};
use crate::app::use_settings;
use crate::components::download::Content;
use crate::i18n::texts;
use crate::pages::login::progress::{failed, on_wait, Activity, Phase, PhaseView};
use crate::pending::PendingRequest;
use crate::session::Session;
use crate::worker::keygen::MakeKey;
use crate::worker::signing::{BuildP12, P12File};
use crate::worker::WorkerFailure;
use ksef_core::flow::enroll::{EnrollOutcome, Enrollment};
use ksef_core::flow::{Failure, LocalFailure, Step};

fn stem(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct RequestProps {
    pub session: Session,
    pub data: Data,
    pub can_request: bool,
    pub on_issued: Callback<()>,
}

#[function_component(RequestCertificate)]
pub fn request_certificate(props: &RequestProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let name = use_state(String::new);
    let kind = use_state(|| CertificateType::Authentication);
    let alg = use_state(|| KeyAlgorithm::EcP256);
    let password = use_state(String::new);
    let confirm = use_state(String::new);
    let valid_from = use_state(String::new);
    let phase = use_state(Phase::default);
    let files = use_state(Files::default);
    let name_checks = ksef_core::rules::certificate_name(&name);
    let password_checks = ksef_core::rules::key_password(&password);
    let same = !password.is_empty() && *password == *confirm;
    let ready = props.can_request
        && name_checks.is_ok()
        && password_checks.is_ok()
        && same
        && !phase.busy();
    let input = |h: UseStateHandle<String>| {
        Callback::from(move |e: InputEvent| {
            h.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_submit = {
        let (name, kind, alg, password, phase, files) = (
            name.clone(),
            kind.clone(),
            alg.clone(),
            password.clone(),
            phase.clone(),
            files.clone(),
        );
        let (s, data, on_issued) = (
            props.session.clone(),
            props.data.clone(),
            props.on_issued.clone(),
        );
        let valid_from = valid_from.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (name, kind, alg, pw) = ((*name).clone(), *kind, *alg, (*password).clone());
            // `datetime-local` is local time; the browser converts it to an instant.
            let valid_from_ms =
                Some(js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&valid_from)).get_time())
                    .filter(|ms| !valid_from.is_empty() && ms.is_finite())
                    .map(|ms| ms as i64);
            let (phase, files, s, data, on_issued) = (
                phase.clone(),
                files.clone(),
                s.clone(),
                data.clone(),
                on_issued.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                run(
                    RunArgs {
                        name,
                        kind,
                        alg,
                        password: pw,
                        valid_from_ms,
                        session: s,
                        data,
                    },
                    &phase,
                    &files,
                )
                .await;
                on_issued.emit(());
            });
        })
    };
    html! {
        <section class="card" id="certificate-request">
            <h2>{ t.certificates.request_title }</h2>
            <Subject data={props.data.clone()} />
            <form onsubmit={on_submit} novalidate=true>
                <label for="cert-name">{ t.certificates.certificate_name }</label>
                <input id="cert-name" value={(*name).clone()} oninput={input(name.clone())} maxlength="100" />
                <Checks lang={lang} failed={name_checks.failed().map(|r| r.message(lang)).collect::<Vec<_>>()} show={!name.is_empty()} />
                <fieldset>
                    <legend>{ t.certificates.kind }</legend>
                    { radio("type-auth", *kind == CertificateType::Authentication, { let k = kind.clone(); Callback::from(move |_| k.set(CertificateType::Authentication)) },
                        t.certificates.type_authentication) }
                    { radio("type-offline", *kind == CertificateType::Offline, { let k = kind.clone(); Callback::from(move |_| k.set(CertificateType::Offline)) },
                        t.certificates.type_offline) }
                </fieldset>
                <fieldset>
                    <legend>{ t.certificates.key }</legend>
                    { radio("alg-ec", *alg == KeyAlgorithm::EcP256, { let a = alg.clone(); Callback::from(move |_| a.set(KeyAlgorithm::EcP256)) }, KeyAlgorithm::EcP256.label(lang)) }
                    { radio("alg-rsa", *alg == KeyAlgorithm::Rsa2048, { let a = alg.clone(); Callback::from(move |_| a.set(KeyAlgorithm::Rsa2048)) }, KeyAlgorithm::Rsa2048.label(lang)) }
                </fieldset>
                <label for="cert-valid-from">{ t.certificates.valid_from }</label>
                <input id="cert-valid-from" type="datetime-local" value={(*valid_from).clone()} oninput={input(valid_from.clone())} />
                <label for="key-password-new">{ t.certificates.key_file_password }</label>
                <input id="key-password-new" type="password" value={(*password).clone()} oninput={input(password.clone())} autocomplete="new-password" />
                <Checks lang={lang} failed={password_checks.failed().map(|r| r.message(lang)).collect::<Vec<_>>()} show={true} />
                <label for="key-password-confirm">{ t.certificates.repeat_password }</label>
                <input id="key-password-confirm" type="password" value={(*confirm).clone()} oninput={input(confirm.clone())} autocomplete="new-password" />
                if !confirm.is_empty() && !same { <p class="error" role="alert">{ t.certificates.passwords_differ }</p> }
                <button id="request-submit" type="submit" disabled={!ready}>{ t.certificates.make_and_send }</button>
            </form>
            <PhaseView phase={(*phase).clone()} />
            <Downloads files={(*files).clone()} />
        </section>
    }
}

fn radio(id: &'static str, checked: bool, onchange: Callback<Event>, label: &str) -> Html {
    html! { <label class="check" for={id}><input type="radio" id={id} {checked} {onchange} />{ label }</label> }
}

struct RunArgs {
    name: String,
    kind: CertificateType,
    alg: KeyAlgorithm,
    password: String,
    valid_from_ms: Option<i64>,
    session: Session,
    data: Data,
}

async fn run(a: RunArgs, phase: &UseStateHandle<Phase>, files: &UseStateHandle<Files>) {
    let stem = stem(&a.name);
    files.set(Files::default());
    let stage_phase = phase.clone();
    let job = MakeKey {
        alg: a.alg,
        enrollment: Some(a.data.clone()),
        password: a.password.clone(),
    };
    let key = match crate::worker::call_with_progress(job, move |s| {
        stage_phase.set(Phase::Working(Activity::Key(s)))
    })
    .await
    {
        Ok(k) => k,
        Err(e) => return failed(phase, e),
    };
    // The key is saved before the request leaves the tab: a lost key wastes a certificate slot.
    crate::components::download::now(
        "application/x-pem-file",
        &Content::Bytes(key.key_pem.clone().into_bytes()),
        &format!("{stem}.key"),
    );
    let mut pending = PendingRequest {
        name: a.name.trim().into(),
        stem: stem.clone(),
        kind: a.kind,
        key_pem: key.key_pem.clone(),
        csr_base64: key.csr_base64.unwrap_or_default(),
        valid_from_ms: a.valid_from_ms,
        reference: None,
    };
    let kept = crate::pending::save(&pending).await;
    files.set(Files {
        stem,
        key_pem: Some(key.key_pem),
        not_kept: !kept,
        ..Files::default()
    });
    complete(&a.session, &mut pending, Some(a.password), phase, files).await;
}

/// From a saved key to the issued certificate: enrolls (unless KSeF already has the request),
/// polls, retrieves, and builds the `.p12` when the password is known. Used after a reload too.
pub async fn complete(
    session: &Session,
    pending: &mut PendingRequest,
    password: Option<String>,
    phase: &UseStateHandle<Phase>,
    files: &UseStateHandle<Files>,
) {
    let cert = match enroll(session, pending, phase, files).await {
        Some(c) => c,
        None => return,
    };
    let (p12, p12_failed) = match password {
        Some(pw) if !pw.is_empty() => match p12(pending, &cert, pw).await {
            Ok(P12File(b64)) => (Some(b64), None),
            Err(e) => (None, Some(e)),
        },
        _ => (None, None),
    };
    files.set(Files {
        stem: pending.stem.clone(),
        key_pem: Some(pending.key_pem.clone()),
        cert_der: B64.decode(cert).ok(),
        p12_b64: p12,
        not_kept: files.not_kept,
    });
    // The key and certificate are saved apart; only the `.p12` is missing then: say why.
    match p12_failed {
        Some(e) => failed(phase, e),
        None => phase.set(Phase::Idle),
    }
}

/// Runs the enrollment machine; the reference is kept in IndexedDB as soon as KSeF gives it.
/// `None` when it ended otherwise (shown in `phase`).
async fn enroll(
    session: &Session,
    pending: &mut PendingRequest,
    phase: &UseStateHandle<Phase>,
    files: &UseStateHandle<Files>,
) -> Option<String> {
    let access = session.access.token.clone();
    let mut machine = match &pending.reference {
        Some(r) => Enrollment::resume(&access, r),
        None => Enrollment::submit(&access, &enroll_request(pending)),
    };
    let kept = std::rc::Rc::new(std::cell::Cell::new(pending.reference.is_some()));
    let on_send = {
        let (phase, files, kept, pending) =
            (phase.clone(), files.clone(), kept.clone(), pending.clone());
        move |m: &Enrollment| {
            // Once KSeF has the request, every further call is about issuing it.
            phase.set(Phase::Working(match m.reference() {
                Some(reference) => Activity::Issuing(reference.to_string()),
                None => Activity::SendingRequest,
            }));
            if let (false, Some(r)) = (kept.get(), m.reference()) {
                kept.set(true);
                let (mut p, files) = (pending.clone(), files.clone());
                p.reference = Some(r.to_string());
                wasm_bindgen_futures::spawn_local(async move {
                    if !crate::pending::save(&p).await {
                        files.set(Files {
                            not_kept: true,
                            ..(*files).clone()
                        });
                    }
                });
            }
        }
    };
    let on_wait = on_wait(phase, Activity::SendingRequest);
    let end = crate::net::drive_shown(&mut machine, &session.base, &on_wait, &on_send).await;
    if let Some(r) = machine.reference() {
        pending.reference = Some(r.to_string());
    }
    match end {
        Step::Done(EnrollOutcome::Issued(item)) => Some(item.certificate),
        // The request stays saved with its reference: the page offers to resume it.
        Step::Done(EnrollOutcome::Unconfirmed { why, .. }) | Step::Failed(why) => {
            failed(phase, why);
            None
        }
        Step::Need(_) | Step::Send(_) | Step::Wait { .. } => {
            failed(phase, Failure::local(LocalFailure::Worker, "enrollment"));
            None
        }
    }
}

fn enroll_request(pending: &PendingRequest) -> EnrollCertificateRequest {
    EnrollCertificateRequest {
        certificate_name: pending.name.clone(),
        certificate_type: pending.kind,
        csr: pending.csr_base64.clone(),
        valid_from: pending.valid_from_ms.and_then(|ms| {
            time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000).ok()
        }),
    }
}

async fn p12(
    pending: &PendingRequest,
    cert: &str,
    password: String,
) -> Result<P12File, WorkerFailure> {
    crate::worker::call(BuildP12 {
        key_pem: pending.key_pem.clone(),
        certificate_base64: cert.to_string(),
        password,
    })
    .await
}

#[derive(Properties, PartialEq)]
struct ChecksProps {
    lang: Lang,
    failed: Vec<String>,
    show: bool,
}

#[function_component(Checks)]
fn checks(props: &ChecksProps) -> Html {
    if !props.show || props.failed.is_empty() {
        return html! {};
    }
    html! { <ul class="checklist">{ for props.failed.iter().map(|f| html! { <li class="error">{ "✘ " }{ f }</li> }) }</ul> }
}

#[derive(Properties, PartialEq)]
struct SubjectProps {
    data: Data,
}

/// The subject exactly as it will go into the request (KSeF compares it value by value).
#[function_component(Subject)]
fn subject(props: &SubjectProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let attrs = ksef_core::csr::subject_attributes(&props.data);
    html! {
        <div id="enrollment-subject">
            <p>{ t.certificates.subject_intro }</p>
            <dl class="facts">{ for attrs.iter().map(|a| html! { <><dt>{ a.name }</dt><dd>{ &a.value }</dd></> }) }</dl>
        </div>
    }
}
