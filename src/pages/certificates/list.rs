//! The subject's certificates: status, type, validity; revoke with a reason and confirmation.

use ksef_core::api::certificates::{
    CertificateListItem, CertificateStatus, CertificateType, QueryCertificatesRequest,
    RevocationReason,
};
use ksef_core::lang::{Lang, Localized};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::{ListAction, ListState, Page};
use crate::api::certificates as api;
use crate::app::use_settings;
use crate::components::confirm::Confirm;
use crate::components::download::{Content, Download};
use crate::components::ksef_value::{badge, ksef_value};
use crate::components::on;
use crate::failure::AppFailure;
use crate::handover::{use_handover, HandoverAction, HandoverContext};
use crate::i18n::texts;
use crate::pages::listing::Revocation;
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
    let state = use_reducer(ListState::default);
    let d = state.dispatcher();
    {
        let d = d.clone();
        use_effect_with(props.generation, move |n| {
            d.dispatch(ListAction::Issued(*n))
        });
    }
    {
        let (d, s) = (d.clone(), props.session.clone());
        use_effect_with(state.list.question.clone(), move |q| {
            let q = q.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let got = api::query(&s.base, &s.access.token, &q.filter, q.page).await;
                let page = got.map(|r| Page {
                    rows: r.certificates,
                    has_more: r.has_more,
                });
                d.dispatch(ListAction::Answered(q, page));
            });
        });
    }
    {
        let (d, s) = (d.clone(), props.session.clone());
        use_effect_with(state.revocation.clone(), move |r| {
            if let Revocation::Running { id, choice } = r {
                let (serial, reason) = (id.clone(), *choice);
                wasm_bindgen_futures::spawn_local(async move {
                    let end = api::revoke(&s.base, &s.access.token, &serial, reason).await;
                    d.dispatch(ListAction::Revoked(serial, end));
                });
            }
        });
    }
    crate::pages::use_poll(
        state.unsettled() && !state.list.waiting,
        state.list.question.clone(),
        on(&d, |_| ListAction::Refresh),
    );
    let page = state.list.question.page;
    let rows = state.rows();
    html! {
        <section class="card" id="certificate-list">
            <h2>{ t.certificates.yours }</h2>
            <Filters on_change={on(&d, ListAction::Filter)} />
            if let Some(e) = &state.list.failure { <p class="error" role="alert" data-kind={e.kind()}>{ e.message(lang) }</p> }
            if let Revocation::Failed { failure, .. } = &state.revocation {
                <p class="error" role="alert" id="certificate-revoke-failed" data-kind={failure.kind()}>{ failure.message(lang) }</p>
            }
            <table>
                <thead><tr>
                    <th scope="col">{ t.certificates.name }</th><th scope="col">{ t.certificates.serial }</th>
                    <th scope="col">{ t.certificates.kind }</th><th scope="col">{ t.common.status }</th>
                    <th scope="col">{ t.certificates.valid_to }</th><th scope="col"><span class="visually-hidden">{ t.common.actions }</span></th>
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|c| row(c, lang, &state.revocation, &d)) }
                </tbody>
            </table>
            if rows.is_empty() && state.list.failure.is_none() && !state.list.waiting { <p class="help">{ t.certificates.none }</p> }
            if let Some(serial) = &state.details {
                <Details session={props.session.clone()} serial={serial.clone()} />
            }
            <div class="pager">
                if page > 0 { <button type="button" class="secondary" onclick={on(&d, move |_: MouseEvent| ListAction::Page(page - 1))}>{ t.common.previous_page }</button> }
                if state.has_more() { <button type="button" class="secondary" onclick={on(&d, move |_: MouseEvent| ListAction::Page(page + 1))}>{ t.common.next_page }</button> }
            </div>
        </section>
    }
}

fn row(
    c: &CertificateListItem,
    lang: Lang,
    revocation: &Revocation<RevocationReason>,
    d: &UseReducerDispatcher<ListState>,
) -> Html {
    let t = texts(lang);
    let serial = c.certificate_serial_number.to_string();
    let asking = revocation.asking().map(|(id, _)| id) == Some(serial.as_str());
    let show = {
        let s = serial.clone();
        on(d, move |_: MouseEvent| ListAction::Details(s.clone()))
    };
    let ask = {
        let s = serial.clone();
        on(d, move |_: MouseEvent| ListAction::AskRevoke(s.clone()))
    };
    let reason = on(d, |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        ListAction::Reason(match v.as_str() {
            "Superseded" => RevocationReason::Superseded,
            "KeyCompromise" => RevocationReason::KeyCompromise,
            // The only other option is "Unspecified", the default.
            _ => RevocationReason::Unspecified,
        })
    });
    html! {
        <tr data-serial={serial.clone()}>
            <td>{ &c.name }</td><td><code>{ &serial }</code></td><td>{ ksef_value(&c.kind, |k| k.label(lang), lang) }</td>
            <td>{ badge(&c.status, |s| s.label(lang), lang) }</td>
            <td>{ c.valid_to.date().to_string() }</td>
            <td>
                <button type="button" class="secondary details" onclick={show}>{ t.common.details }</button>
                if c.status.is(CertificateStatus::Active) && !asking {
                    <button type="button" class="secondary revoke" onclick={ask} disabled={revocation.running()}>{ t.common.revoke }</button>
                }
                if asking {
                    <label class="confirm">{ t.certificates.reason }
                        <select class="revoke-reason" onchange={reason}>
                            <option value="Unspecified">{ t.certificates.reason_unspecified }</option>
                            <option value="Superseded">{ t.certificates.reason_superseded }</option>
                            <option value="KeyCompromise">{ t.certificates.reason_key_compromise }</option>
                        </select>
                    </label>
                    <Confirm question={t.certificates.revoke_sure} yes={t.common.yes_revoke} no={t.common.no}
                        yes_class="confirm-revoke" on_yes={on(d, |_| ListAction::ConfirmRevoke)} on_no={on(d, |_| ListAction::CancelRevoke)} />
                }
            </td>
        </tr>
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
                        <Download mime="application/x-pem-file" content={Content::Bytes(c.pem.clone().into_bytes())} file={format!("{}.crt", c.serial_hex)}>{ ".crt" }</Download>{ " " }
                        <Download mime="application/pkix-cert" content={Content::Bytes(c.der.clone())} file={format!("{}.cer", c.serial_hex)}>{ ".cer" }</Download>
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
            // As "Wyloguj": ending the session on KSeF's side is best effort (it expires by
            // itself); the user asked to log in anew, so the tokens are forgotten either way.
            let _ = crate::api::end_session(&current.base, &current.access.token, None).await;
            session.set(None);
            if let Some(n) = navigator {
                n.push(&crate::route::Route::Login);
            }
        });
    })
}
