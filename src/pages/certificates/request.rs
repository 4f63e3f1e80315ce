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

use super::forms::{RequestAction, RequestForm};
use super::progress::{FilesChange, Report, Sent};
use super::saved::Downloads;
use crate::app::use_settings;
use crate::components::download::Content;
use crate::components::on;
use crate::failure::AppFailure;
use crate::i18n::texts;
use crate::pages::login::progress::{Activity, Phase, PhaseView};
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
    let form = use_reducer(RequestForm::default);
    let d = form.dispatcher();
    {
        let (d, s, data, on_issued) = (
            d.clone(),
            props.session.clone(),
            props.data.clone(),
            props.on_issued.clone(),
        );
        use_effect_with(form.sent.clone(), move |sent| {
            if let Some((_, sent)) = sent.clone() {
                let out = on(&d, RequestAction::Report);
                wasm_bindgen_futures::spawn_local(async move {
                    run(sent, s, data, &out).await;
                    on_issued.emit(());
                });
            }
        });
    }
    let name_checks = ksef_core::rules::certificate_name(&form.name);
    let password_checks = ksef_core::rules::key_password(&form.password);
    let text = |action: fn(String) -> RequestAction| {
        on(&d, move |e: InputEvent| {
            action(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_submit = {
        let (d, valid_from) = (d.clone(), form.valid_from.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // `datetime-local` is local time; the browser converts it to an instant.
            let valid_from_ms =
                Some(js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&valid_from)).get_time())
                    .filter(|ms| !valid_from.is_empty() && ms.is_finite())
                    .map(|ms| ms as i64);
            d.dispatch(RequestAction::Send(valid_from_ms));
        })
    };
    let kind = |k: CertificateType| on(&d, move |_: Event| RequestAction::Kind(k));
    let alg = |a: KeyAlgorithm| on(&d, move |_: Event| RequestAction::Alg(a));
    html! {
        <section class="card" id="certificate-request">
            <h2>{ t.certificates.request_title }</h2>
            <Subject data={props.data.clone()} />
            <form onsubmit={on_submit} novalidate=true>
                <label for="cert-name">{ t.certificates.certificate_name }</label>
                <input id="cert-name" value={form.name.clone()} oninput={text(RequestAction::Name)} maxlength="100" />
                <Checks lang={lang} failed={name_checks.failed().map(|r| r.message(lang)).collect::<Vec<_>>()} show={!form.name.is_empty()} />
                <fieldset>
                    <legend>{ t.certificates.kind }</legend>
                    { radio("type-auth", form.kind == CertificateType::Authentication, kind(CertificateType::Authentication), t.certificates.type_authentication) }
                    { radio("type-offline", form.kind == CertificateType::Offline, kind(CertificateType::Offline), t.certificates.type_offline) }
                </fieldset>
                <fieldset>
                    <legend>{ t.certificates.key }</legend>
                    { radio("alg-ec", form.alg == KeyAlgorithm::EcP256, alg(KeyAlgorithm::EcP256), KeyAlgorithm::EcP256.label(lang)) }
                    { radio("alg-rsa", form.alg == KeyAlgorithm::Rsa2048, alg(KeyAlgorithm::Rsa2048), KeyAlgorithm::Rsa2048.label(lang)) }
                </fieldset>
                <label for="cert-valid-from">{ t.certificates.valid_from }</label>
                <input id="cert-valid-from" type="datetime-local" value={form.valid_from.clone()} oninput={text(RequestAction::ValidFrom)} />
                <label for="key-password-new">{ t.certificates.key_file_password }</label>
                <input id="key-password-new" type="password" value={form.password.clone()} oninput={text(RequestAction::Password)} autocomplete="new-password" />
                <Checks lang={lang} failed={password_checks.failed().map(|r| r.message(lang)).collect::<Vec<_>>()} show={true} />
                <label for="key-password-confirm">{ t.certificates.repeat_password }</label>
                <input id="key-password-confirm" type="password" value={form.confirm.clone()} oninput={text(RequestAction::Confirm)} autocomplete="new-password" />
                if !form.confirm.is_empty() && !form.same() { <p class="error" role="alert">{ t.certificates.passwords_differ }</p> }
                <button id="request-submit" type="submit" disabled={!form.ready(props.can_request)}>{ t.certificates.make_and_send }</button>
            </form>
            <PhaseView phase={form.progress.phase.clone()} />
            <Downloads files={form.progress.files.clone()} />
        </section>
    }
}

fn radio(id: &'static str, checked: bool, onchange: Callback<Event>, label: &str) -> Html {
    html! { <label class="check" for={id}><input type="radio" id={id} {checked} {onchange} />{ label }</label> }
}

fn failed(out: &Callback<Report>, e: impl Into<AppFailure>) {
    out.emit(Report::Phase(Phase::Failed(e.into())));
}

async fn run(a: Sent, session: Session, data: Data, out: &Callback<Report>) {
    let stem = stem(&a.name);
    let job = MakeKey {
        alg: a.alg,
        enrollment: Some(data),
        password: a.password.clone(),
    };
    let stages = out.clone();
    let key = match crate::worker::call_with_progress(job, move |s| {
        stages.emit(Report::Phase(Phase::Working(Activity::Key(s))))
    })
    .await
    {
        Ok(k) => k,
        Err(e) => return failed(out, e),
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
    out.emit(Report::Files(FilesChange::Key {
        stem,
        key_pem: key.key_pem,
        not_kept: !kept,
    }));
    complete(&session, &mut pending, Some(a.password), out).await;
}

/// From a saved key to the issued certificate: enrolls (unless KSeF already has the request),
/// polls, retrieves, and builds the `.p12` when the password is known. Used after a reload too.
pub async fn complete(
    session: &Session,
    pending: &mut PendingRequest,
    password: Option<String>,
    out: &Callback<Report>,
) {
    let cert = match enroll(session, pending, out).await {
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
    out.emit(Report::Files(FilesChange::Issued {
        stem: pending.stem.clone(),
        key_pem: pending.key_pem.clone(),
        cert_der: B64.decode(cert).ok(),
        p12_b64: p12,
    }));
    // The key and certificate are saved apart; only the `.p12` is missing then: say why.
    match p12_failed {
        Some(e) => failed(out, e),
        None => out.emit(Report::Phase(Phase::Idle)),
    }
}

/// Runs the enrollment machine; the reference is kept in IndexedDB as soon as KSeF gives it.
/// `None` when it ended otherwise (reported as the phase).
async fn enroll(
    session: &Session,
    pending: &mut PendingRequest,
    out: &Callback<Report>,
) -> Option<String> {
    let access = session.access.token.clone();
    let mut machine = match &pending.reference {
        Some(r) => Enrollment::resume(&access, r),
        None => Enrollment::submit(&access, &enroll_request(pending)),
    };
    let kept = std::rc::Rc::new(std::cell::Cell::new(pending.reference.is_some()));
    let on_send = {
        let (out, kept, pending) = (out.clone(), kept.clone(), pending.clone());
        move |m: &Enrollment| {
            // Once KSeF has the request, every further call is about issuing it.
            out.emit(Report::Phase(Phase::Working(match m.reference() {
                Some(reference) => Activity::Issuing(reference.to_string()),
                None => Activity::SendingRequest,
            })));
            if let (false, Some(r)) = (kept.get(), m.reference()) {
                kept.set(true);
                let (mut p, out) = (pending.clone(), out.clone());
                p.reference = Some(r.to_string());
                wasm_bindgen_futures::spawn_local(async move {
                    if !crate::pending::save(&p).await {
                        out.emit(Report::Files(FilesChange::NotKept));
                    }
                });
            }
        }
    };
    let wait = crate::pages::waits(out.reform(Report::Phase), Activity::SendingRequest);
    let end = crate::net::drive_shown(&mut machine, &session.base, &wait, &on_send).await;
    if let Some(r) = machine.reference() {
        pending.reference = Some(r.to_string());
    }
    match end {
        Step::Done(EnrollOutcome::Issued(item)) => Some(item.certificate),
        // The request stays saved with its reference: the page offers to resume it.
        Step::Done(EnrollOutcome::Unconfirmed { why, .. }) | Step::Failed(why) => {
            failed(out, why);
            None
        }
        Step::Need(_) | Step::Send(_) | Step::Wait { .. } => {
            failed(out, Failure::local(LocalFailure::Worker, "enrollment"));
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
