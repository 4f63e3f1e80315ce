//! The context's active sessions, page by page; ending one, or the current (which logs out).

use ksef_core::api::auth::AuthenticationListItem;
use ksef_core::lang::Localized;
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::app::use_settings;
use crate::i18n::texts;
use crate::login_method::{KnownSigner, LoginMethod};
use crate::route::Route;
use crate::session::use_session;

#[function_component(SessionsPage)]
pub fn sessions_page() -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let session = use_session();
    let items = use_state(Vec::<AuthenticationListItem>::new);
    // The token for the page shown and the one for the next page.
    let pages = use_state(|| (None::<String>, None::<String>));
    let error = use_state(|| None::<String>);
    let reload = use_state(|| 0u32);
    {
        let (items, pages, error, session) = (
            items.clone(),
            pages.clone(),
            error.clone(),
            (*session).clone(),
        );
        use_effect_with((session.clone(), pages.0.clone(), *reload), move |_| {
            if let Some(s) = session {
                let current = pages.0.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::api::sessions(&s.base, &s.access.token, current.as_deref()).await {
                        Ok(list) => {
                            items.set(list.items);
                            pages.set((current, list.continuation_token));
                            error.set(None);
                        }
                        Err(e) => error.set(Some(e.message(lang))),
                    }
                });
            }
        });
    }
    let Some(s) = (*session).clone() else {
        return html! {
            <section class="card">
                <h2>{ t.pages.sessions }</h2>
                <p>{ t.sessions.log_in_first }{ " " }<Link<Route> to={Route::Login}>{ t.pages.login }</Link<Route>></p>
            </section>
        };
    };
    let end = |reference: String, current: bool| {
        let (s, session, reload, error) =
            (s.clone(), session.clone(), reload.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            let (s, session, reload, error, reference) = (
                s.clone(),
                session.clone(),
                reload.clone(),
                error.clone(),
                reference.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let which = (!current).then_some(reference.as_str());
                match crate::api::end_session(&s.base, &s.access.token, which).await {
                    Ok(()) if current => session.set(None),
                    Ok(()) => reload.set(*reload + 1),
                    Err(e) => error.set(Some(e.message(lang))),
                }
            });
        })
    };
    let next = {
        let pages = pages.clone();
        Callback::from(move |_: MouseEvent| pages.set((pages.1.clone(), None)))
    };
    let first = {
        let pages = pages.clone();
        Callback::from(move |_: MouseEvent| pages.set((None, None)))
    };
    html! {
        <section class="card" id="sessions">
            <h2>{ t.sessions.active_in_context }{ format!("{} {}", s.context.kind.label(lang), s.context.value) }</h2>
            if let Some(e) = &*error {
                <p class="error" role="alert">{ e }</p>
            }
            <table>
                <thead><tr>
                    <th scope="col">{ t.sessions.started }</th>
                    <th scope="col">{ t.common.method }</th>
                    <th scope="col">{ t.sessions.number }</th>
                    <th scope="col"><span class="visually-hidden">{ t.common.actions }</span></th>
                </tr></thead>
                <tbody>
                    { for items.iter().map(|i| {
                        let r = i.reference_number.to_string();
                        html! {
                            <tr class={classes!(i.is_current.then_some("current"))}>
                                <td>{ i.operation.start_date.date().to_string() }{ " " }{ format!("{:02}:{:02}", i.operation.start_date.hour(), i.operation.start_date.minute()) }</td>
                                <td>{ if i.is_current { s.method.label(lang) } else { LoginMethod::new(&i.operation, KnownSigner::Unknown).label(lang) } }
                                    if i.is_current { <strong>{ t.sessions.this_session }</strong> }</td>
                                <td><code>{ &r }</code></td>
                                <td><button type="button" class="secondary" onclick={end(r.clone(), i.is_current)}>
                                    { if i.is_current { t.common.log_out } else { t.sessions.end } }</button></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            <div class="pager">
                if pages.0.is_some() { <button type="button" class="secondary" onclick={first}>{ t.common.first_page }</button> }
                if pages.1.is_some() { <button type="button" class="secondary" onclick={next}>{ t.common.next_page }</button> }
            </div>
        </section>
    }
}
