//! The context's active sessions, page by page; ending one, or the current (which logs out).

use ksef_core::api::auth::AuthenticationListItem;
use ksef_core::lang::{Lang, Localized};
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::app::use_settings;
use crate::components::confirm::Confirm;
use crate::components::on;
use crate::i18n::texts;
use crate::login_method::{KnownSigner, LoginMethod};
use crate::pages::listing::Revocation;
use crate::route::Route;
use crate::session::{use_session, Session};

mod state;
#[cfg(test)]
mod tests;

use state::{Action, Ending, Page, SessionsState};

#[function_component(SessionsPage)]
pub fn sessions_page() -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let session = use_session();
    let state = use_reducer(SessionsState::default);
    let d = state.dispatcher();
    {
        let (d, s) = (d.clone(), (*session).clone());
        use_effect_with(
            ((*session).clone(), state.list.question.clone()),
            move |(_, q)| {
                let q = q.clone();
                if let Some(s) = s {
                    wasm_bindgen_futures::spawn_local(async move {
                        let got =
                            crate::api::sessions(&s.base, &s.access.token, q.page.as_deref()).await;
                        let page = got.map(|list| Page {
                            items: list.items,
                            next: list.continuation_token,
                        });
                        d.dispatch(Action::Answered(q, page));
                    });
                }
            },
        );
    }
    {
        let (d, session) = (d.clone(), session.clone());
        use_effect_with(state.ending.clone(), move |ending| {
            let (Revocation::Running { id, choice }, Some(s)) = (ending, (*session).clone()) else {
                return;
            };
            let (reference, current) = (id.clone(), *choice == Ending::Current);
            wasm_bindgen_futures::spawn_local(async move {
                let which = (!current).then_some(reference.as_str());
                let end = crate::api::end_session(&s.base, &s.access.token, which).await;
                // The current session ended: the login is over, the page says "log in first".
                if current && end.is_ok() {
                    session.set(None);
                }
                d.dispatch(Action::Ended(reference, end));
            });
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
    html! {
        <section class="card" id="sessions">
            <h2>{ t.sessions.active_in_context }{ format!("{} {}", s.context.kind.label(lang), s.context.value) }</h2>
            if let Some(e) = &state.list.failure {
                <p class="error" role="alert" data-kind={e.kind()}>{ e.message(lang) }</p>
            }
            if let Revocation::Failed { failure, .. } = &state.ending {
                <p class="error" role="alert" id="session-end-failed" data-kind={failure.kind()}>{ failure.message(lang) }</p>
            }
            <table>
                <thead><tr>
                    <th scope="col">{ t.sessions.started }</th>
                    <th scope="col">{ t.common.method }</th>
                    <th scope="col">{ t.sessions.number }</th>
                    <th scope="col"><span class="visually-hidden">{ t.common.actions }</span></th>
                </tr></thead>
                <tbody>
                    { for state.items().iter().map(|i| row(i, &s, &state.ending, &d, lang)) }
                </tbody>
            </table>
            <div class="pager">
                if state.list.question.page.is_some() { <button type="button" class="secondary" onclick={on(&d, |_: MouseEvent| Action::FirstPage)}>{ t.common.first_page }</button> }
                if state.next().is_some() { <button type="button" class="secondary" onclick={on(&d, |_: MouseEvent| Action::NextPage)}>{ t.common.next_page }</button> }
            </div>
        </section>
    }
}

fn row(
    i: &AuthenticationListItem,
    s: &Session,
    ending: &Revocation<Ending>,
    d: &UseReducerDispatcher<SessionsState>,
    lang: Lang,
) -> Html {
    let t = texts(lang);
    let r = i.reference_number.to_string();
    let asking = ending.asking().map(|(id, _)| id) == Some(r.as_str());
    let end = {
        let (r, current) = (r.clone(), i.is_current);
        on(d, move |_: MouseEvent| match current {
            true => Action::EndCurrent(r.clone()),
            false => Action::AskEnd(r.clone()),
        })
    };
    let method = match i.is_current {
        true => s.method.label(lang),
        false => LoginMethod::new(&i.operation, KnownSigner::Unknown).label(lang),
    };
    let started = i.operation.start_date;
    html! {
        <tr class={classes!(i.is_current.then_some("current"))} data-reference={r.clone()}>
            <td>{ started.date().to_string() }{ " " }{ format!("{:02}:{:02}", started.hour(), started.minute()) }</td>
            <td>{ method }if i.is_current { <strong>{ t.sessions.this_session }</strong> }</td>
            <td><code>{ &r }</code></td>
            <td>
                if asking {
                    <Confirm question={t.sessions.end_sure} yes={t.sessions.yes_end} no={t.common.no}
                        yes_class="confirm-end" on_yes={on(d, |_| Action::ConfirmEnd)} on_no={on(d, |_| Action::CancelEnd)} />
                } else {
                    <button type="button" class="secondary end" onclick={end} disabled={ending.running()}>
                        { if i.is_current { t.common.log_out } else { t.sessions.end } }</button>
                }
            </td>
        </tr>
    }
}
