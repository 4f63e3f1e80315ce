//! Uprawnienia: who may act in the logged-in context, what it granted and received, the user's
//! own permissions; grants and revocations followed to their end. One reducer
//! ([`state::PermissionsState`]) holds the page; the effects here fetch and run operations.

mod filters;
pub mod grant;
pub mod rows;
pub mod state;
mod table;
#[cfg(test)]
mod tests;
mod view;

use std::cell::RefCell;
use std::rc::Rc;

use ksef_core::flow::operation::PermissionOperation;
use ksef_core::flow::{Call, Step};
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::app::use_settings;
use crate::i18n::texts;
use crate::route::Route;
use crate::session::{use_session, Session};
use rows::Revocation;
use state::{Action, Deed, List, PermissionsState, Question, View};

#[function_component(PermissionsPage)]
pub fn permissions_page() -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).permissions;
    match (*use_session()).clone() {
        // Keyed by the context: another client's page starts afresh, never showing (or
        // revoking) the previous context's rows.
        Some(s) => {
            let key = format!("{}|{}", s.base, s.context.value);
            html! { <Permissions {key} session={s} /> }
        }
        None => html! {
            <section class="card">
                <h2>{ t.title }</h2>
                <p>{ t.need_login }<Link<Route> to={Route::Login}>{ texts(lang).common.log_in }</Link<Route>></p>
            </section>
        },
    }
}

#[derive(Properties, PartialEq)]
struct Props {
    session: Session,
}

/// Fetches every list the state waits for, once per question (an answer to an older question
/// is dropped by the reducer).
#[hook]
fn use_lists(state: &UseReducerHandle<PermissionsState>, session: &Session) {
    let asked = use_mut_ref(Vec::<(List, Question)>::new);
    let pending = state.pending();
    let (d, s) = (state.dispatcher(), session.clone());
    use_effect_with(pending, move |pending| {
        for (list, question) in pending.iter().cloned() {
            let key = (list, question.clone());
            if asked.borrow().contains(&key) {
                continue;
            }
            asked.borrow_mut().push(key);
            let (d, s, asked) = (d.clone(), s.clone(), asked.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer =
                    crate::api::permissions::list(&s.base, &s.access.token, list, &question).await;
                asked
                    .borrow_mut()
                    .retain(|k| k != &(list, question.clone()));
                d.dispatch(Action::Answered {
                    list,
                    question,
                    answer,
                });
            });
        }
    });
}

/// Runs a grant or revocation to its end, telling the reducer each stage.
fn run(d: UseReducerDispatcher<PermissionsState>, s: &Session, deed: Deed, call: Call) {
    let base = s.base.clone();
    let mut op = PermissionOperation::start(call.bearer(&s.access.token));
    d.dispatch(Action::Progress(deed.clone(), op.stage()));
    wasm_bindgen_futures::spawn_local(async move {
        let shown = Rc::new(RefCell::new(op.stage()));
        let on_send = |m: &PermissionOperation| {
            if *shown.borrow() != m.stage() {
                shown.replace(m.stage());
                d.dispatch(Action::Progress(deed.clone(), m.stage()));
            }
        };
        let end = match crate::net::drive_shown(&mut op, &base, &|_, _| {}, &on_send).await {
            Step::Done(outcome) => Ok(outcome),
            Step::Failed(f) => Err(f),
            Step::Need(never) => match never {},
            Step::Send(_) | Step::Wait { .. } => unreachable!("drive returns only ends"),
        };
        d.dispatch(Action::Ended(deed, end));
    });
}

#[function_component(Permissions)]
fn permissions(props: &Props) -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).permissions;
    let state = use_reducer(PermissionsState::default);
    use_lists(&state, &props.session);
    let on_grant = {
        let (d, s) = (state.dispatcher(), props.session.clone());
        Callback::from(move |call: Call| run(d.clone(), &s, Deed::Grant, call))
    };
    let on_revoke = {
        let (d, s) = (state.dispatcher(), props.session.clone());
        Callback::from(move |(id, how): (String, Revocation)| {
            run(
                d.clone(),
                &s,
                Deed::Revoke { id: id.clone() },
                Call::delete(how.path(&id)),
            )
        })
    };
    let busy = state.operation.running();
    let tab = |v: View| {
        let selected = state.view == v;
        html! {
            <button type="button" role="tab" id={format!("tab-{}", v.as_str())} aria-selected={selected.to_string()}
                class={classes!("tab", selected.then_some("active"))}
                onclick={crate::components::on(&state.dispatcher(), move |_: MouseEvent| Action::Show(v))}>{ view::view_title(v, lang) }</button>
        }
    };
    html! {
        <>
            <section class="card" id="permissions">
                <h2>{ t.title }</h2>
                <p class="help">{ (t.context_line)(&format!("{} {}", props.session.context.kind.label(lang), props.session.context.value)) }</p>
                <details id="grant-details" class="grant">
                    <summary id="grant-open">{ t.grant_title }</summary>
                    <grant::GrantForms {busy} on_submit={on_grant} />
                </details>
                <view::OperationProgress operation={state.operation.clone()} dispatch={state.dispatcher()} />
            </section>
            <div class="tabs" role="tablist">
                { for View::ALL.into_iter().map(tab) }
                <button type="button" id="permissions-refresh" class="secondary"
                    onclick={crate::components::on(&state.dispatcher(), |_: MouseEvent| Action::Refresh)}>{ t.refresh }</button>
            </div>
            if matches!(state.view, View::Here | View::Granted | View::Mine) {
                <filters::Filters filter={state.filter.clone()} dispatch={state.dispatcher()} by_grantee={state.view != View::Mine} />
            }
            { for state.view.lists().iter().filter_map(|l| state.listing(*l).map(|x| (*l, x.clone()))).map(|(list, listing)| html! {
                <table::PermissionTable {list} {listing} confirm={state.confirm.clone()} {busy}
                    dispatch={state.dispatcher()} on_revoke={on_revoke.clone()} />
            }) }
        </>
    }
}
