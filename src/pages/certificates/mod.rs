//! KSeF certificates: limits, a request made with a key generated in the tab, and the list.

mod list;
mod request;
mod saved;

use ksef_core::api::certificates::{CertificateEnrollmentDataResponse, CertificateLimitsResponse};
use ksef_core::lang::Localized;
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::app::use_settings;
use crate::i18n::texts;
use crate::route::Route;
use crate::session::use_session;

#[function_component(CertificatesPage)]
pub fn certificates_page() -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let session = use_session();
    let limits = use_state(|| None::<CertificateLimitsResponse>);
    let data = use_state(|| None::<Result<CertificateEnrollmentDataResponse, String>>);
    let generation = use_state(|| 0u32);
    let pending = use_state(|| None::<crate::pending::PendingRequest>);
    {
        let pending = pending.clone();
        // Only what was left over when the page opened: a request running now is not "unfinished".
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(
                async move { pending.set(crate::pending::load().await) },
            );
        });
    }
    {
        let (limits, data, s) = (limits.clone(), data.clone(), (*session).clone());
        use_effect_with(((*session).clone(), *generation), move |_| {
            if let Some(s) = s {
                wasm_bindgen_futures::spawn_local(async move {
                    let api = crate::api::certificates::limits(&s.base, &s.access.token).await;
                    limits.set(api.ok());
                    let d =
                        crate::api::certificates::enrollment_data(&s.base, &s.access.token).await;
                    data.set(Some(d.map_err(|e| e.message(lang))));
                });
            }
        });
    }
    let Some(s) = (*session).clone() else {
        return html! {
            <section class="card">
                <h2>{ t.certificates.title }</h2>
                <p>{ t.certificates.need_signature_login }
                    <Link<Route> to={Route::Login}>{ t.common.log_in }</Link<Route>></p>
            </section>
        };
    };
    let can_request = limits.as_ref().is_some_and(|l| l.can_request);
    let on_issued = {
        let generation = generation.clone();
        Callback::from(move |_| generation.set(*generation + 1))
    };
    let on_dropped = {
        let pending = pending.clone();
        Callback::from(move |_| pending.set(None))
    };
    html! {
        <>
            if let Some(p) = &*pending {
                <saved::ResumeRequest session={s.clone()} pending={p.clone()} {on_dropped} />
            }
            if let Some(l) = &*limits {
                <section class="card" id="certificate-limits">
                    <h2>{ t.certificates.limits }</h2>
                    <p>{ (t.certificates.limits_left)(l.enrollment.remaining, l.enrollment.limit, l.certificate.remaining, l.certificate.limit) }</p>
                    if !l.can_request {
                        <p class="error" role="alert">{ t.certificates.limit_reached }</p>
                    }
                </section>
            }
            { match &*data {
                Some(Ok(d)) => html! { <request::RequestCertificate session={s.clone()} data={d.clone()} {can_request} {on_issued} /> },
                Some(Err(e)) => html! { <section class="card"><p class="error" role="alert" id="enrollment-unavailable">{ e }</p></section> },
                None => html! {},
            } }
            <list::CertificateList session={s} generation={*generation} />
        </>
    }
}
