//! Logging in to KSeF. So far: step 1 of the signed-file login — a challenge and `auth.xml`.

use ksef_core::api::auth::ChallengeResponse;
use ksef_core::auth_xml::{AuthTokenRequest, SubjectIdentifierType, XmlStyle};
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::lang::Localized;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::use_settings;
use crate::i18n::texts;

/// A prepared document: the challenge it carries and the file to download.
#[derive(Clone, PartialEq)]
struct Prepared {
    challenge: ChallengeResponse,
    file_name: String,
    data_url: String,
}

fn prepare(
    challenge: ChallengeResponse,
    context: ContextIdentifier,
    subject: SubjectIdentifierType,
) -> Result<Prepared, String> {
    let parsed = challenge
        .challenge
        .parse()
        .map_err(|e: ksef_core::ident::IdError| e.to_string())?;
    let mut req = AuthTokenRequest::new(parsed, context.clone());
    req.subject_type = subject;
    let xml = req.to_xml(XmlStyle::Pretty);
    let date = challenge.timestamp.date();
    let file_name = format!("auth-{}-{date}.xml", context.value());
    let data_url = format!(
        "data:application/xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&xml))
    );
    Ok(Prepared {
        challenge,
        file_name,
        data_url,
    })
}

#[function_component(LoginPage)]
pub fn login_page() -> Html {
    let settings = use_settings();
    let lang = settings.lang;
    let t = texts(lang);
    let kind = use_state(|| ContextType::Nip);
    let value = use_state(String::new);
    let subject = use_state(SubjectIdentifierType::default);
    let busy = use_state(|| false);
    let prepared = use_state(|| None::<Prepared>);
    let error = use_state(|| None::<String>);

    let validation = ContextIdentifier::parse(*kind, value.trim());
    let field_error = match (&validation, value.is_empty()) {
        (Err(e), false) => Some(e.message(lang)),
        _ => None,
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            kind.set(ContextType::from_name(&v).unwrap_or(ContextType::Nip));
        })
    };
    let on_value = {
        let value = value.clone();
        Callback::from(move |e: InputEvent| {
            value.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_subject = {
        let subject = subject.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            subject.set(SubjectIdentifierType::from_name(&v).unwrap_or_default());
        })
    };
    let on_submit = {
        let (busy, prepared, error, subject) = (
            busy.clone(),
            prepared.clone(),
            error.clone(),
            subject.clone(),
        );
        let base = settings.api_base();
        let context = validation.clone().ok();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(context) = context.clone() else {
                return;
            };
            let (busy, prepared, error, base, subject) = (
                busy.clone(),
                prepared.clone(),
                error.clone(),
                base.clone(),
                *subject,
            );
            busy.set(true);
            error.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                match crate::api::challenge(&base).await {
                    Ok(c) => match prepare(c, context, subject) {
                        Ok(p) => prepared.set(Some(p)),
                        Err(e) => error.set(Some(e)),
                    },
                    Err(e) => error.set(Some(e.message(lang))),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card">
            <h2>{ t.login_title }</h2>
            <p>{ t.login_intro }</p>
            <h3>{ t.signed_file_title }</h3>
            <form onsubmit={on_submit} novalidate=true>
                <label for="ctx-type">{ t.context_type }</label>
                <select id="ctx-type" onchange={on_kind}>
                    { for ContextType::ALL.iter().map(|k| html! {
                        <option value={k.as_str()} selected={*k == *kind}>{ k.as_str() }</option>
                    }) }
                </select>
                <label for="ctx-value">{ t.context_value }</label>
                <input id="ctx-value" value={(*value).clone()} oninput={on_value} autocomplete="off"
                    aria-invalid={field_error.is_some().to_string()} aria-describedby="ctx-value-error" />
                if let Some(msg) = &field_error {
                    <p id="ctx-value-error" class="error" role="alert">{ msg }</p>
                }
                <label for="subject-type">{ t.subject_type }</label>
                <select id="subject-type" onchange={on_subject}>
                    <option value="certificateSubject" selected={*subject == SubjectIdentifierType::CertificateSubject}>{ t.subject_certificate }</option>
                    <option value="certificateFingerprint" selected={*subject == SubjectIdentifierType::CertificateFingerprint}>{ t.subject_fingerprint }</option>
                </select>
                <div>
                    <button id="get-challenge" type="submit" disabled={validation.is_err() || *busy}>
                        { if *busy { t.working } else { t.get_challenge } }
                    </button>
                </div>
            </form>
            if let Some(msg) = &*error {
                <p class="error" role="alert">{ msg }</p>
            }
            if let Some(p) = &*prepared {
                <div class="notice" role="status">
                    <p>{ t.challenge_label }{ ": " }<code id="challenge">{ &p.challenge.challenge }</code></p>
                    <p>{ t.valid_until }{ ": " }{ valid_until(&p.challenge) }</p>
                    <p><a id="auth-xml-download" class="button" href={p.data_url.clone()} download={p.file_name.clone()}>{ t.download_auth_xml }</a></p>
                    <p class="help">{ t.sign_guidance }</p>
                </div>
            }
        </section>
    }
}

/// The challenge expires ten minutes after it was issued (local time of the browser).
fn valid_until(c: &ChallengeResponse) -> String {
    let until = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
        (c.timestamp_ms + 10 * 60 * 1000) as f64,
    ));
    String::from(until.to_locale_time_string("pl-PL"))
}
