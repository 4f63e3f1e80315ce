//! QR codes for an invoice: code I from the invoice file (hashed in the tab, never sent), and
//! code II signed in the worker with a loaded Offline certificate.

mod card;
mod invoice;
mod signer;

use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::lang::Localized;
use ksef_core::qr::{Code1, CODE2_LABEL};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::use_settings;
use crate::handover::{use_handover, HandoverAction};
use crate::i18n::texts;
use crate::session::use_session;
use crate::worker::qr::{Code2Link, QrSigner, SignCode2};
use crate::worker::WorkerFailure;
use card::QrCard;
use invoice::{InvoiceCard, InvoiceFields};
use signer::SignerCard;

#[function_component(QrPage)]
pub fn qr_page() -> Html {
    let settings = use_settings();
    let lang = settings.lang;
    let t = texts(lang);
    let session = use_session();
    let fields = use_state(InvoiceFields::default);
    // Which certificate the worker holds: kept by the app, so it is shown again on return.
    let handover = use_handover();
    let signer = handover.qr_signer.clone();
    let session_context = (*session).as_ref().map(|s| s.context.clone());
    let context = use_state(|| session_context.clone());
    let code2 = use_state(|| None::<Result<Code2Link, WorkerFailure>>);
    let on_fields = {
        let fields = fields.clone();
        Callback::from(move |f: InvoiceFields| fields.set(f))
    };
    let on_signer =
        Callback::from(move |s: Option<QrSigner>| handover.dispatch(HandoverAction::QrSigner(s)));
    let ready = fields.ready();
    // The context defaults to the seller's own NIP (self-invoicing) when not logged in.
    let effective_context = (*context).clone().or_else(|| {
        ready.as_ref().map(|r| ApiContextIdentifier {
            kind: ContextType::Nip,
            value: r.seller_nip.to_string(),
        })
    });
    {
        let deps = (
            signer.as_ref().map(|s| s.serial.clone()),
            ready
                .as_ref()
                .map(|r| (r.seller_nip.to_string(), r.hash.as_str().to_string())),
            effective_context.clone(),
            settings.env,
        );
        let (code2, ready) = (code2.clone(), ready.clone());
        use_effect_with(deps, move |(serial, _, ctx, env)| {
            code2.set(None);
            let valid = ctx
                .as_ref()
                .filter(|c| ksef_core::context::ContextIdentifier::try_from(*c).is_ok());
            if let (Some(_), Some(r), Some(ctx)) = (serial, ready, valid.cloned()) {
                let job = SignCode2 {
                    env: *env,
                    context: ctx,
                    seller_nip: r.seller_nip,
                    hash: r.hash,
                    now_ms: js_sys::Date::now() as i64,
                };
                wasm_bindgen_futures::spawn_local(async move {
                    code2.set(Some(crate::worker::call(job).await));
                });
            }
        });
    }
    let stem = fields.stem();
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
    let code2_view = match &*code2 {
        Some(Ok(Code2Link(url))) => {
            html! { <QrCard id="code2" title={t.qr.code2_title}
            url={url.clone()} label={CODE2_LABEL} stem={stem.clone()} /> }
        }
        Some(Err(e)) => {
            html! { <section class="card"><p id="code2-error" class="error" role="alert">{ e.message(lang) }</p></section> }
        }
        None => html! {},
    };
    html! {
        <>
            <section class="card">
                <h1>{ t.qr.title }</h1>
                <p class="help">{ t.qr.intro }</p>
                <p class="help">{ format!("{} {}", t.qr.environment, settings.env.label(lang)) }</p>
            </section>
            <InvoiceCard fields={(*fields).clone()} on_change={on_fields} />
            { code1.unwrap_or_default() }
            <SignerCard signer={signer.clone()} on_change={on_signer} />
            if signer.is_some() && ready.is_some() {
                { context_form(lang, effective_context.clone(), session_context.is_some(), context.clone()) }
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
    context: UseStateHandle<Option<ApiContextIdentifier>>,
) -> Html {
    let t = texts(lang);
    let current = current.unwrap_or(ApiContextIdentifier {
        kind: ContextType::Nip,
        value: String::new(),
    });
    let on_kind = {
        let (context, value) = (context.clone(), current.value.clone());
        Callback::from(move |e: Event| {
            let kind = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(kind) = ContextType::from_name(&kind) {
                context.set(Some(ApiContextIdentifier {
                    kind,
                    value: value.clone(),
                }));
            }
        })
    };
    let on_value = {
        let (context, kind) = (context.clone(), current.kind);
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .trim()
                .to_string();
            context.set(Some(ApiContextIdentifier { kind, value }));
        })
    };
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
