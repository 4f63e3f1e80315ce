//! The subject's certificates: status, type, validity; revoke with a reason and confirmation.

use ksef_core::api::certificates::{
    CertificateListItem, CertificateStatus, QueryCertificatesRequest, RevocationReason,
};
use ksef_core::lang::Localized;
use yew::prelude::*;

use crate::api::certificates as api;
use crate::app::use_settings;
use crate::session::Session;

#[derive(Properties, PartialEq)]
pub struct ListProps {
    pub session: Session,
    pub generation: u32,
}

#[function_component(CertificateList)]
pub fn certificate_list(props: &ListProps) -> Html {
    let lang = use_settings().lang;
    let rows = use_state(Vec::<CertificateListItem>::new);
    let page = use_state(|| 0u32);
    let more = use_state(|| false);
    let error = use_state(|| None::<String>);
    let confirm = use_state(|| None::<String>);
    let reload = use_state(|| 0u32);
    {
        let (rows, more, error, s) = (
            rows.clone(),
            more.clone(),
            error.clone(),
            props.session.clone(),
        );
        use_effect_with((*page, *reload, props.generation), move |(page, _, _)| {
            let page = *page;
            wasm_bindgen_futures::spawn_local(async move {
                match api::query(
                    &s.base,
                    &s.access.token,
                    &QueryCertificatesRequest::default(),
                    page,
                )
                .await
                {
                    Ok(r) => {
                        rows.set(r.certificates);
                        more.set(r.has_more);
                    }
                    Err(e) => error.set(Some(e.message(lang))),
                }
            });
        });
    }
    {
        // Blocked is transitional: look again until it settles.
        let reload = reload.clone();
        let unsettled = rows.iter().any(|c| c.status == CertificateStatus::Blocked);
        use_effect_with((unsettled, *reload), move |(unsettled, _)| {
            let timer = unsettled.then(|| {
                gloo_timers::callback::Timeout::new(1500, move || reload.set(*reload + 1))
            });
            move || drop(timer)
        });
    }
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
                match api::revoke(
                    &s.base,
                    &s.access.token,
                    &serial,
                    RevocationReason::Unspecified,
                )
                .await
                {
                    Ok(()) => reload.set(*reload + 1),
                    Err(e) => error.set(Some(e.message(lang))),
                }
                confirm.set(None);
            });
        })
    };
    let status = |s: CertificateStatus| match s {
        CertificateStatus::Active => lang.pick("Aktywny", "Active"),
        CertificateStatus::Blocked => lang.pick("Blokowany", "Blocked"),
        CertificateStatus::Revoked => lang.pick("Unieważniony", "Revoked"),
        CertificateStatus::Expired => lang.pick("Wygasły", "Expired"),
    };
    html! {
        <section class="card" id="certificate-list">
            <h2>{ lang.pick("Twoje certyfikaty KSeF", "Your KSeF certificates") }</h2>
            if let Some(e) = &*error { <p class="error" role="alert">{ e }</p> }
            <table>
                <thead><tr>
                    <th scope="col">{ lang.pick("Nazwa", "Name") }</th><th scope="col">{ lang.pick("Numer seryjny", "Serial") }</th>
                    <th scope="col">{ lang.pick("Typ", "Type") }</th><th scope="col">{ lang.pick("Status", "Status") }</th>
                    <th scope="col">{ lang.pick("Ważny do", "Valid to") }</th><th scope="col"><span class="visually-hidden">{ lang.pick("Akcje", "Actions") }</span></th>
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|c| {
                        let serial = c.certificate_serial_number.to_string();
                        let asking = confirm.as_deref() == Some(serial.as_str());
                        let ask = { let (confirm, s) = (confirm.clone(), serial.clone()); Callback::from(move |_: MouseEvent| confirm.set(Some(s.clone()))) };
                        let cancel = { let confirm = confirm.clone(); Callback::from(move |_: MouseEvent| confirm.set(None)) };
                        html! {
                            <tr data-serial={serial.clone()}>
                                <td>{ &c.name }</td><td><code>{ &serial }</code></td><td>{ format!("{:?}", c.kind) }</td>
                                <td><span class={classes!("badge", format!("{:?}", c.status).to_lowercase())}>{ status(c.status) }</span></td>
                                <td>{ c.valid_to.date().to_string() }</td>
                                <td>
                                    if c.status == CertificateStatus::Active && !asking {
                                        <button type="button" class="secondary revoke" onclick={ask}>{ lang.pick("Unieważnij", "Revoke") }</button>
                                    }
                                    if asking {
                                        <span class="confirm">{ lang.pick("Na pewno? Nieodwracalne. ", "Sure? Irreversible. ") }
                                            <button type="button" class="danger confirm-revoke" onclick={revoke(serial.clone())}>{ lang.pick("Tak, unieważnij", "Yes, revoke") }</button>
                                            <button type="button" class="secondary" onclick={cancel}>{ lang.pick("Nie", "No") }</button></span>
                                    }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            if rows.is_empty() { <p class="help">{ lang.pick("Brak certyfikatów.", "No certificates.") }</p> }
            <div class="pager">
                if *page > 0 { <button type="button" class="secondary" onclick={ { let p = page.clone(); Callback::from(move |_| p.set(*p - 1)) } }>{ lang.pick("Poprzednia strona", "Previous page") }</button> }
                if *more { <button type="button" class="secondary" onclick={ { let p = page.clone(); Callback::from(move |_| p.set(*p + 1)) } }>{ lang.pick("Następna strona", "Next page") }</button> }
            </div>
        </section>
    }
}
