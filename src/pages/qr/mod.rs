//! QR codes for an invoice: code I from the invoice file (hashed in the tab, never sent), and
//! code II signed in the worker with a loaded Offline certificate.

pub mod card;
pub mod invoice;
pub mod signer;
pub mod state;
#[cfg(test)]
mod tests;

use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::lang::Localized;
use ksef_core::qr::{Code1, CODE2_LABEL};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::use_settings;
use crate::components::on;
use crate::handover::{use_handover, HandoverAction};
use crate::i18n::texts;
use crate::session::use_session;
use crate::worker::qr::{Code2Link, QrSigner};
use card::QrCard;
use invoice::InvoiceCard;
use signer::SignerCard;
use state::{Code2, QrAction, QrState};

#[function_component(QrPage)]
pub fn qr_page() -> Html {
    let settings = use_settings();
    let lang = settings.lang;
    let t = texts(lang);
    let session = use_session();
    let session_context = (*session).as_ref().map(|s| s.context.clone());
    let state = {
        let c = session_context.clone();
        use_reducer(move || QrState::new(c))
    };
    let d = state.dispatcher();
    // Which certificate the worker holds: kept by the app, so it is shown again on return.
    let handover = use_handover();
    let signer = handover.qr_signer.clone();
    let on_signer =
        Callback::from(move |s: Option<QrSigner>| handover.dispatch(HandoverAction::QrSigner(s)));
    let question = state.question(signer.as_ref().map(|s| s.serial.as_str()), settings.env);
    {
        // Code II is signed in the worker whenever what it is signed over changes.
        let d = d.clone();
        use_effect_with(question, move |question| {
            d.dispatch(QrAction::Asked(question.clone()));
            if let Some(q) = question.clone() {
                let job = q.job(js_sys::Date::now() as i64);
                wasm_bindgen_futures::spawn_local(async move {
                    let answer = crate::worker::call(job).await;
                    d.dispatch(QrAction::Answered(q, answer));
                });
            }
        });
    }
    let ready = state.fields.ready();
    let stem = state.fields.stem();
    let code1 = ready.as_ref().map(|r| {
        let url = Code1 {
            env: settings.env,
            seller_nip: r.seller_nip.clone(),
            issue_date: r.issue_date,
            hash: r.hash.clone(),
        }
        .url();
        html! { <QrCard id="code1" title={t.qr.code1_title}
        url={url} label={Code1::label(r.ksef_number.as_ref())} stem={stem.clone()} /> }
    });
    let code2_view = match &state.code2 {
        Code2::Signed(_, Ok(Code2Link(url))) => {
            html! { <QrCard id="code2" title={t.qr.code2_title}
            url={url.clone()} label={CODE2_LABEL} stem={stem.clone()} /> }
        }
        Code2::Signed(_, Err(e)) => {
            html! { <section class="card"><p id="code2-error" class="error" role="alert">{ e.message(lang) }</p></section> }
        }
        Code2::Signing(_) => html! { <p class="help" role="status">{ t.qr.drawing }</p> },
        Code2::NotAsked => html! {},
    };
    html! {
        <>
            <section class="card">
                <h2>{ t.qr.title }</h2>
                <p class="help">{ t.qr.intro }</p>
                <p class="help">{ format!("{} {}", t.qr.environment, settings.env.label(lang)) }</p>
            </section>
            <InvoiceCard fields={state.fields.clone()} on_action={on(&d, QrAction::Invoice)} />
            { code1.unwrap_or_default() }
            <SignerCard signer={signer.clone()} on_change={on_signer} />
            if signer.is_some() && ready.is_some() {
                { context_form(lang, state.effective_context(), session_context.is_some(), &d) }
            }
            { code2_view }
        </>
    }
}

/// The context code II names (the one the certificate was issued in).
fn context_form(
    lang: ksef_core::Lang,
    current: Option<ApiContextIdentifier>,
    from_session: bool,
    d: &UseReducerDispatcher<QrState>,
) -> Html {
    let t = texts(lang);
    let current = current.unwrap_or(ApiContextIdentifier {
        kind: ContextType::Nip,
        value: String::new(),
    });
    let on_kind = on(d, |e: Event| {
        let name = e.target_unchecked_into::<HtmlSelectElement>().value();
        // The options are the kinds' own names: an unknown one cannot be chosen.
        QrAction::ContextKind(ContextType::from_name(&name).unwrap_or(ContextType::Nip))
    });
    let on_value = on(d, |e: Event| {
        QrAction::ContextValue(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let problem = ksef_core::context::ContextIdentifier::try_from(&current).err();
    html! {
        <section class="card" id="qr-context">
            <h2>{ t.qr.certificate_context }</h2>
            <p class="help">{ if from_session {
                t.qr.context_of_session
            } else {
                t.qr.context_of_seller
            } }</p>
            <div class="inline">
                <select id="qr-context-type" onchange={on_kind} aria-label={t.qr.identifier_type}>
                    { for ContextType::ALL.into_iter().map(|k| html! {
                        <option value={k.as_str()} selected={k == current.kind}>{ k.label(lang) }</option>
                    }) }
                </select>
                <input id="qr-context-value" value={current.value.clone()} oninput={on_value.reform(|e: InputEvent| Event::from(e))} onchange={on_value}
                    aria-label={t.common.context_identifier} />
            </div>
            if let Some(e) = problem {
                <p class="error" role="alert" id="qr-context-error">{ e.message(lang) }</p>
            }
        </section>
    }
}
