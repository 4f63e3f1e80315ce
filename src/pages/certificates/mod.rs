//! KSeF certificates: limits, a request made with a key generated in the tab, and the list.

mod forms;
mod list;
mod progress;
mod request;
mod saved;
mod state;
#[cfg(test)]
mod tests;

use ksef_core::lang::Localized;
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::app::use_settings;
use crate::components::on;
use crate::i18n::texts;
use crate::route::Route;
use crate::session::use_session;
use state::{PageAction, PageState};

#[function_component(CertificatesPage)]
pub fn certificates_page() -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let session = use_session();
    let state = use_reducer(PageState::default);
    let d = state.dispatcher();
    {
        let d = d.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                d.dispatch(PageAction::PendingLoaded(crate::pending::load().await))
            });
        });
    }
    {
        let (d, s) = (d.clone(), (*session).clone());
        use_effect_with(((*session).clone(), state.generation), move |(_, g)| {
            let g = *g;
            if let Some(s) = s {
                wasm_bindgen_futures::spawn_local(async move {
                    let limits = crate::api::certificates::limits(&s.base, &s.access.token).await;
                    d.dispatch(PageAction::Limits(g, limits));
                    let data =
                        crate::api::certificates::enrollment_data(&s.base, &s.access.token).await;
                    d.dispatch(PageAction::Data(g, data));
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
    let retry = html! {
        <button type="button" class="secondary retry" onclick={on(&d, |_: MouseEvent| PageAction::Refresh)}>{ t.certificates.retry }</button>
    };
    html! {
        <>
            if let Some(p) = &state.pending {
                <saved::ResumeRequest session={s.clone()} pending={p.clone()} on_dropped={on(&d, |_| PageAction::Pending(None))} />
            }
            if let Some(e) = state.pending_unread {
                <p class="error" id="pending-unread" role="alert">{ e.message(lang) }</p>
            }
            <section class="card" id="certificate-limits">
                <h2>{ t.certificates.limits }</h2>
                if let Some(l) = &state.limits.answer {
                    <p>{ (t.certificates.limits_left)(l.enrollment.remaining, l.enrollment.limit, l.certificate.remaining, l.certificate.limit) }</p>
                    if !l.can_request {
                        <p class="error" role="alert">{ t.certificates.limit_reached }</p>
                    }
                }
                if let Some(f) = &state.limits.failure {
                    <p class="error" role="alert" id="limits-unavailable" data-kind={f.kind()}>{ t.certificates.limits_unavailable }{ f.message(lang) }</p>
                    { retry.clone() }
                } else if state.limits.answer.is_none() {
                    <p class="help" role="status">{ t.certificates.loading }</p>
                }
            </section>
            { match (&state.data.answer, &state.data.failure) {
                (_, Some(f)) => html! { <section class="card">
                    <p class="error" role="alert" id="enrollment-unavailable" data-kind={f.kind()}>{ f.message(lang) }</p>{ retry }
                </section> },
                (Some(data), None) => html! { <request::RequestCertificate session={s.clone()} data={data.clone()}
                    can_request={state.can_request()} on_issued={on(&d, |_| PageAction::Refresh)} /> },
                (None, None) => html! {},
            } }
            <list::CertificateList session={s} generation={state.generation} />
        </>
    }
}
