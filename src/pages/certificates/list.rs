//! The subject's certificates: status, type, validity; revoke with a reason and confirmation.

use ksef_core::api::certificates::{
    CertificateListItem, CertificateStatus, CertificateType, QueryCertificatesRequest,
    RevocationReason,
};
use ksef_core::lang::Localized;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::api::certificates as api;
use crate::app::use_settings;
use crate::components::ksef_value::{badge, ksef_value};
use crate::failure::AppFailure;
use crate::handover::{use_handover, HandoverAction, HandoverContext};
use crate::i18n::texts;
use crate::session::Session;
use crate::worker::certificate::{CertificateFacts, ReadCertificate};
use ksef_core::flow::Failure;

#[derive(Properties, PartialEq)]
pub struct ListProps {
    pub session: Session,
    pub generation: u32,
}

#[function_component(CertificateList)]
pub fn certificate_list(props: &ListProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let rows = use_state(Vec::<CertificateListItem>::new);
    let page = use_state(|| 0u32);
    let more = use_state(|| false);
    let error = use_state(|| None::<String>);
    let confirm = use_state(|| None::<String>);
    let reload = use_state(|| 0u32);
    let filter = use_state(QueryCertificatesRequest::default);
    let reason = use_state(|| RevocationReason::Unspecified);
    let details = use_state(|| None::<String>);
    {
        let (rows, more, error, s) = (
            rows.clone(),
            more.clone(),
            error.clone(),
            props.session.clone(),
        );
        let key = (*page, *reload, props.generation, (*filter).clone());
        use_effect_with(key, move |(page, _, _, filter)| {
            let (page, filter) = (*page, filter.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::query(&s.base, &s.access.token, &filter, page).await {
                    Ok(r) => {
                        rows.set(r.certificates);
                        more.set(r.has_more);
                    }
                    Err(e) => error.set(Some(e.message(lang))),
                }
            });
        });
    }
    let unsettled = rows.iter().any(|c| c.status.is(CertificateStatus::Blocked));
    crate::pages::use_poll_while(unsettled, &reload);
    let chosen_reason = *reason;
    let revoke = |serial: String| {
        let (s, reload, error, confirm) = (
            props.session.clone(),
            reload.clone(),
            error.clone(),
            confirm.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (s, reload, error, confirm, serial) = (
                s.clone(),
                reload.clone(),
                error.clone(),
                confirm.clone(),
                serial.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match api::revoke(&s.base, &s.access.token, &serial, chosen_reason).await {
                    Ok(()) => reload.set(*reload + 1),
                    Err(e) => error.set(Some(e.message(lang))),
                }
                confirm.set(None);
            });
        })
    };
    html! {
        <section class="card" id="certificate-list">
            <h2>{ t.certificates.yours }</h2>
            <Filters on_change={ { let (filter, page) = (filter.clone(), page.clone()); Callback::from(move |f| { page.set(0); filter.set(f) }) } } />
            if let Some(e) = &*error { <p class="error" role="alert">{ e }</p> }
            <table>
                <thead><tr>
                    <th scope="col">{ t.certificates.name }</th><th scope="col">{ t.certificates.serial }</th>
                    <th scope="col">{ t.certificates.kind }</th><th scope="col">{ t.common.status }</th>
                    <th scope="col">{ t.certificates.valid_to }</th><th scope="col"><span class="visually-hidden">{ t.common.actions }</span></th>
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|c| {
                        let serial = c.certificate_serial_number.to_string();
                        let asking = confirm.as_deref() == Some(serial.as_str());
                        let ask = { let (confirm, s) = (confirm.clone(), serial.clone()); Callback::from(move |_: MouseEvent| confirm.set(Some(s.clone()))) };
                        let cancel = { let confirm = confirm.clone(); Callback::from(move |_: MouseEvent| confirm.set(None)) };
                        html! {
                            <tr data-serial={serial.clone()}>
                                <td>{ &c.name }</td><td><code>{ &serial }</code></td><td>{ ksef_value(&c.kind, |k| k.label(lang), lang) }</td>
                                <td>{ badge(&c.status, |s| s.label(lang), lang) }</td>
                                <td>{ c.valid_to.date().to_string() }</td>
                                <td>
                                    <button type="button" class="secondary details" onclick={ { let (d, s) = (details.clone(), serial.clone()); Callback::from(move |_: MouseEvent| d.set(Some(s.clone()))) } }>{ t.common.details }</button>
                                    if c.status.is(CertificateStatus::Active) && !asking {
                                        <button type="button" class="secondary revoke" onclick={ask}>{ t.common.revoke }</button>
                                    }
                                    if asking {
                                        <span class="confirm">{ t.certificates.reason }
                                            <select class="revoke-reason" onchange={ { let reason = reason.clone(); Callback::from(move |e: Event| {
                                                let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                                                reason.set(match v.as_str() { "Superseded" => RevocationReason::Superseded, "KeyCompromise" => RevocationReason::KeyCompromise, _ => RevocationReason::Unspecified });
                                            }) } }>
                                                <option value="Unspecified">{ t.certificates.reason_unspecified }</option>
                                                <option value="Superseded">{ t.certificates.reason_superseded }</option>
                                                <option value="KeyCompromise">{ t.certificates.reason_key_compromise }</option>
                                            </select>
                                            { t.certificates.revoke_sure }
                                            <button type="button" class="danger confirm-revoke" onclick={revoke(serial.clone())}>{ t.common.yes_revoke }</button>
                                            <button type="button" class="secondary" onclick={cancel}>{ t.common.no }</button></span>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if rows.is_empty() { <p class="help">{ t.certificates.none }</p> }
            if let Some(serial) = &*details {
                <Details session={props.session.clone()} serial={serial.clone()} />
            }
            <div class="pager">
                if *page > 0 { <button type="button" class="secondary" onclick={ { let p = page.clone(); Callback::from(move |_| p.set(*p - 1)) } }>{ t.common.previous_page }</button> }
                if *more { <button type="button" class="secondary" onclick={ { let p = page.clone(); Callback::from(move |_| p.set(*p + 1)) } }>{ t.common.next_page }</button> }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FiltersProps {
    on_change: Callback<QueryCertificatesRequest>,
}

/// Status, type, name and serial; applied on change.
#[function_component(Filters)]
fn filters(props: &FiltersProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let f = use_state(QueryCertificatesRequest::default);
    let update = |apply: fn(&mut QueryCertificatesRequest, String)| {
        let (f, on_change) = (f.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .or_else(|| e.target_dyn_into::<HtmlInputElement>().map(|i| i.value()))
                .unwrap_or_default();
            let mut next = (*f).clone();
            apply(&mut next, value);
            f.set(next.clone());
            on_change.emit(next);
        })
    };
    html! {
        <div class="filters">
            <label>{ t.common.status }
                <select id="cert-filter-status" onchange={update(|f, v| f.status = CertificateStatus::from_name(&v))}>
                    <option value="" selected={f.status.is_none()}>{ t.common.all }</option>
                    { for CertificateStatus::ALL.iter().map(|&s| html! {
                        <option value={s.as_str()} selected={f.status == Some(s)}>{ s.label(lang) }</option>
                    }) }
                </select>
            </label>
            <label>{ t.certificates.kind }
                <select id="cert-filter-type" onchange={update(|f, v| f.kind = CertificateType::from_name(&v))}>
                    <option value="" selected={f.kind.is_none()}>{ t.common.all }</option>
                    { for CertificateType::ALL.iter().map(|&k| html! {
                        <option value={k.as_str()} selected={f.kind == Some(k)}>{ k.label(lang) }</option>
                    }) }
                </select>
            </label>
            <label>{ t.certificates.name_contains }
                <input id="cert-filter-name" onchange={update(|f, v| f.name = Some(v).filter(|v| !v.trim().is_empty()))} />
            </label>
            <label>{ t.certificates.serial_number }
                <input id="cert-filter-serial" onchange={update(|f, v| f.certificate_serial_number = v.trim().to_uppercase().parse().ok())} />
            </label>
        </div>
    }
}

/// A retrieved certificate, its name and its type.
type Retrieved = (
    CertificateFacts,
    String,
    ksef_core::extensible::Extensible<CertificateType>,
);

#[derive(Properties, PartialEq)]
struct DetailsProps {
    session: Session,
    serial: String,
}

/// Serial, validity, type, SHA-256 fingerprint and the files, fetched from KSeF.
#[function_component(Details)]
fn details(props: &DetailsProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let session = crate::session::use_session();
    let navigator = yew_router::prelude::use_navigator();
    let handover = use_handover();
    let cert = use_state(|| None::<Result<Retrieved, AppFailure>>);
    {
        let (cert, s) = (cert.clone(), props.session.clone());
        use_effect_with(props.serial.clone(), move |serial| {
            let serial = serial.clone();
            wasm_bindgen_futures::spawn_local(async move {
                cert.set(Some(retrieve(&s, &serial).await));
            });
        });
    }
    let body = match &*cert {
        None => html! { <p class="help">{ t.certificates.loading }</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ e.message(lang) }</p> },
        Some(Ok((c, name, kind))) => {
            use base64::Engine;
            let b64 = base64::engine::general_purpose::STANDARD.encode(&c.der);
            html! {
                <>
                    <dl class="facts">
                        <dt>{ t.certificates.name }</dt><dd>{ name }</dd>
                        <dt>{ t.certificates.serial }</dt><dd><code>{ &c.serial_hex }</code></dd>
                        <dt>{ t.certificates.kind }</dt><dd>{ ksef_value(kind, |k| k.label(lang), lang) }</dd>
                        <dt>{ t.certificates.validity }</dt><dd>{ format!("{} – {}", c.not_before, c.not_after) }</dd>
                        <dt>{ t.certificates.fingerprint }</dt><dd><code id="cert-fingerprint">{ &c.fingerprint }</code></dd>
                        <dt>{ t.certificates.subject }</dt><dd>{ &c.subject }</dd>
                    </dl>
                    <p>
                        // An Offline certificate cannot log in; it signs QR code II.
                        if kind.is(CertificateType::Offline) {
                            <button type="button" id="use-for-qr" onclick={use_for_qr(c, &handover, &navigator)}>{ t.certificates.use_for_qr }</button>{ " " }
                        } else {
                            <button type="button" id="use-for-login" onclick={use_for_login(c, &props.session, &session, &handover, &navigator)}>{ t.certificates.use_for_login }</button>{ " " }
                        }
                        <a class="button" href={format!("data:application/x-pem-file;base64,{}", base64::engine::general_purpose::STANDARD.encode(&c.pem))} download={format!("{}.crt", c.serial_hex)}>{ ".crt" }</a>{ " " }
                        <a class="button" href={format!("data:application/pkix-cert;base64,{b64}")} download={format!("{}.cer", c.serial_hex)}>{ ".cer" }</a>
                    </p>
                </>
            }
        }
    };
    html! { <section id="certificate-details" class="details" aria-live="polite"><h3>{ t.certificates.details_title }</h3>{ body }</section> }
}

/// The certificate from KSeF, read in the worker (the X.509 parser stays out of the page's wasm).
async fn retrieve(s: &Session, serial: &str) -> Result<Retrieved, AppFailure> {
    let r = api::retrieve(&s.base, &s.access.token, serial).await?;
    let unreadable = |detail: String| Failure::Unexpected {
        status: 200,
        detail,
    };
    let item = r
        .certificates
        .into_iter()
        .next()
        .ok_or_else(|| unreadable(format!("no certificate {serial} in the answer")))?;
    use base64::Engine;
    let der = base64::engine::general_purpose::STANDARD
        .decode(&item.certificate)
        .map_err(|e| unreadable(format!("certificate {serial}: {e}")))?;
    let facts = crate::worker::call(ReadCertificate { der }).await?;
    Ok((facts, item.certificate_name, item.certificate_type))
}

fn picked(cert: &CertificateFacts) -> crate::files::Picked {
    crate::files::Picked {
        name: format!("{}.crt", cert.serial_hex),
        bytes: cert.pem.clone().into_bytes(),
    }
}

/// Opens the QR page with this certificate loaded (the session stays); the user adds the key.
fn use_for_qr(
    cert: &CertificateFacts,
    handover: &HandoverContext,
    navigator: &Option<yew_router::prelude::Navigator>,
) -> Callback<MouseEvent> {
    let (picked, handover, navigator) = (picked(cert), handover.clone(), navigator.clone());
    Callback::from(move |_: MouseEvent| {
        handover.dispatch(HandoverAction::OfferCertificate(picked.clone()));
        if let Some(n) = &navigator {
            n.push(&crate::route::Route::Qr);
        }
    })
}

/// Ends the current session and opens the certificate login with this certificate loaded; the
/// user adds its key file and password.
fn use_for_login(
    cert: &CertificateFacts,
    current: &Session,
    session: &crate::session::SessionHandle,
    handover: &HandoverContext,
    navigator: &Option<yew_router::prelude::Navigator>,
) -> Callback<MouseEvent> {
    let (picked, handover) = (picked(cert), handover.clone());
    let (current, session, navigator) = (current.clone(), session.clone(), navigator.clone());
    Callback::from(move |_: MouseEvent| {
        handover.dispatch(HandoverAction::OfferCertificate(picked.clone()));
        let (current, session, navigator) = (current.clone(), session.clone(), navigator.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let _ = crate::api::end_session(&current.base, &current.access.token, None).await;
            session.set(None);
            if let Some(n) = navigator {
                n.push(&crate::route::Route::Login);
            }
        });
    })
}
