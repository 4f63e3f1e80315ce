//! The context's KSeF tokens: filters, paging, a details panel, revoke with confirmation;
//! Pending and Revoking rows are refreshed until they settle.

use ksef_core::api::tokens::{TokenStatus, TokenStatusResponse};
use ksef_core::lang::{Lang, Localized};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::state::{Action, Page, TokenListState};
use crate::api::TokenFilter;
use crate::app::use_settings;
use crate::components::confirm::Confirm;
use crate::components::ksef_value::{badge, ksef_values};
use crate::components::on;
use crate::i18n::texts;
use crate::pages::listing::Revocation;
use crate::session::Session;

#[derive(Properties, PartialEq)]
pub struct ListProps {
    pub session: Session,
    /// Changes when the list must be fetched again (a token was made).
    pub generation: u32,
}

#[function_component(TokenList)]
pub fn token_list(props: &ListProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let state = use_reducer(TokenListState::default);
    let d = state.dispatcher();
    {
        let d = d.clone();
        use_effect_with(props.generation, move |made| {
            d.dispatch(Action::Made(*made))
        });
    }
    {
        let (d, s) = (d.clone(), props.session.clone());
        use_effect_with(state.list.question.clone(), move |q| {
            let q = q.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let got =
                    crate::api::tokens(&s.base, &s.access.token, &q.filter, q.page.as_deref())
                        .await;
                let page = got.map(|list| Page {
                    rows: list.tokens,
                    next: list.continuation_token,
                });
                d.dispatch(Action::Answered(q, page));
            });
        });
    }
    {
        let (d, s) = (d.clone(), props.session.clone());
        use_effect_with(state.revocation.clone(), move |r| {
            if let Revocation::Running { id, .. } = r {
                let id = id.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let end = crate::api::revoke_token(&s.base, &s.access.token, &id).await;
                    d.dispatch(Action::Revoked(id, end));
                });
            }
        });
    }
    crate::pages::use_poll(
        state.unsettled() && !state.list.waiting,
        state.list.question.clone(),
        on(&d, |_| Action::Refresh),
    );
    let filter = &state.list.question.filter;
    let set_filter = |f: fn(&mut TokenFilter, String)| {
        let (d, filter) = (d.clone(), filter.clone());
        Callback::from(move |v: String| {
            let mut next = filter.clone();
            f(&mut next, v);
            d.dispatch(Action::Filter(next));
        })
    };
    let on_status = set_filter(|f, v| f.status = TokenStatus::from_name(&v));
    let on_description = set_filter(|f, v| f.description = v);
    let on_author = set_filter(|f, v| f.author = v);
    let min3 = |v: &str| v.trim().is_empty() || v.trim().chars().count() >= 3;
    let rows = state.rows();
    html! {
        <section class="card" id="token-list">
            <h2>{ t.tokens.in_context }</h2>
            <div class="filters">
                <label>{ t.common.status }
                    <select id="filter-status" onchange={on_status.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value())}>
                        <option value="" selected={filter.status.is_none()}>{ t.common.all }</option>
                        { for TokenStatus::ALL.iter().map(|s| html! {
                            <option value={s.as_str()} selected={filter.status == Some(*s)}>{ s.label(lang) }</option>
                        }) }
                    </select>
                </label>
                <label>{ t.tokens.description_contains }
                    <input id="filter-description" onchange={on_description.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value())} />
                </label>
                <label>{ t.tokens.author_filter }
                    <input id="filter-author" onchange={on_author.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value())} />
                </label>
            </div>
            if !min3(&filter.description) || !min3(&filter.author) {
                <p class="error" role="alert">{ t.tokens.text_filters_too_short }</p>
            }
            if let Some(e) = &state.list.failure { <p class="error" role="alert" data-kind={e.kind()}>{ e.message(lang) }</p> }
            if let Revocation::Failed { failure, .. } = &state.revocation {
                <p class="error" role="alert" id="token-revoke-failed" data-kind={failure.kind()}>{ failure.message(lang) }</p>
            }
            <table>
                <thead><tr>
                    <th scope="col">{ t.common.status }</th>
                    <th scope="col">{ t.tokens.description }</th>
                    <th scope="col">{ t.tokens.permissions }</th>
                    <th scope="col">{ t.tokens.created }</th>
                    <th scope="col"><span class="visually-hidden">{ t.common.actions }</span></th>
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|t| row(t, lang, &state.revocation, &d)) }
                </tbody>
            </table>
            if rows.is_empty() && state.list.failure.is_none() && !state.list.waiting { <p class="help">{ t.tokens.none }</p> }
            <div class="pager">
                if state.list.question.page.is_some() { <button type="button" class="secondary" onclick={on(&d, |_: MouseEvent| Action::FirstPage)}>{ t.common.first_page }</button> }
                if state.next().is_some() { <button type="button" class="secondary" id="next-page" onclick={on(&d, |_: MouseEvent| Action::NextPage)}>{ t.common.next_page }</button> }
            </div>
            if let Some(t) = state.selected_row() {
                <Details token={t.clone()} />
            }
        </section>
    }
}

fn row(
    t: &TokenStatusResponse,
    lang: Lang,
    revocation: &Revocation<()>,
    d: &UseReducerDispatcher<TokenListState>,
) -> Html {
    let reference = t.reference_number.to_string();
    let show = {
        let r = reference.clone();
        on(d, move |_: MouseEvent| Action::Select(r.clone()))
    };
    let ask = {
        let r = reference.clone();
        on(d, move |_: MouseEvent| Action::AskRevoke(r.clone()))
    };
    let asking = revocation.asking().map(|(id, _)| id) == Some(reference.as_str());
    let revocable = matches!(
        t.status.known(),
        Some(TokenStatus::Active | TokenStatus::Pending)
    );
    let x = texts(lang);
    html! {
        <tr data-reference={reference.clone()}>
            <td>{ badge(&t.status, |s| s.label(lang), lang) }</td>
            <td>{ &t.description }</td>
            <td>{ ksef_values(&t.requested_permissions, |p| p.label(lang), lang) }</td>
            <td>{ t.date_created.date().to_string() }</td>
            <td>
                <button type="button" class="secondary details" onclick={show}>{ x.common.details }</button>
                if revocable && !asking {
                    <button type="button" class="secondary revoke" onclick={ask} disabled={revocation.running()}>{ x.common.revoke }</button>
                }
                if asking {
                    <Confirm question={x.tokens.revoke_sure} yes={x.common.yes_revoke} no={x.common.no}
                        yes_class="confirm-revoke" on_yes={on(d, |_| Action::ConfirmRevoke)} on_no={on(d, |_| Action::CancelRevoke)} />
                }
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct DetailsProps {
    token: TokenStatusResponse,
}

#[function_component(Details)]
fn details(props: &DetailsProps) -> Html {
    let lang = use_settings().lang;
    let t = &props.token;
    html! {
        <section id="token-details" class="details" aria-live="polite">
            <h3>{ texts(lang).tokens.details_title }</h3>
            <dl class="facts">
                <dt>{ texts(lang).tokens.reference }</dt><dd><code>{ t.reference_number.to_string() }</code></dd>
                <dt>{ texts(lang).common.status }</dt><dd>{ badge(&t.status, |s| s.label(lang), lang) }{ t.status_details.as_ref().map(|d| format!(" – {}", d.join("; "))).unwrap_or_default() }</dd>
                <dt>{ texts(lang).tokens.author }</dt><dd>{ format!("{} {}", t.author_identifier.kind.label(lang), t.author_identifier.value) }</dd>
                <dt>{ texts(lang).common.context }</dt><dd>{ format!("{} {}", t.context_identifier.kind.label(lang), t.context_identifier.value) }</dd>
                <dt>{ texts(lang).tokens.permissions }</dt><dd>{ ksef_values(&t.requested_permissions, |p| p.label(lang), lang) }</dd>
                <dt>{ texts(lang).tokens.created }</dt><dd>{ ksef_core::datetime::format_ksef(t.date_created) }</dd>
                <dt>{ texts(lang).tokens.last_used }</dt><dd>{ t.last_use_date.map(ksef_core::datetime::format_ksef).unwrap_or_else(|| texts(lang).tokens.never.into()) }</dd>
            </dl>
        </section>
    }
}
