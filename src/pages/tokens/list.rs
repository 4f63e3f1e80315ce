//! The context's KSeF tokens: filters, paging, a details panel, revoke with confirmation;
//! Pending and Revoking rows are refreshed until they settle.

use ksef_core::api::tokens::{TokenStatus, TokenStatusResponse};
use ksef_core::lang::{Lang, Localized};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::api::TokenFilter;
use crate::app::use_settings;
use crate::components::ksef_value::{badge, ksef_value, ksef_values};
use crate::i18n::texts;
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
    let filter = use_state(TokenFilter::default);
    let pages = use_state(|| (None::<String>, None::<String>));
    let rows = use_state(Vec::<TokenStatusResponse>::new);
    let error = use_state(|| None::<String>);
    let selected = use_state(|| None::<String>);
    let confirm = use_state(|| None::<String>);
    let reload = use_state(|| 0u32);
    let unsettled = rows.iter().any(|r| {
        matches!(
            r.status.known(),
            Some(TokenStatus::Pending | TokenStatus::Revoking)
        )
    });
    {
        let (rows, pages, error, s) = (
            rows.clone(),
            pages.clone(),
            error.clone(),
            props.session.clone(),
        );
        let key = (
            (*filter).clone(),
            pages.0.clone(),
            *reload,
            props.generation,
        );
        use_effect_with(key, move |(filter, current, _, _)| {
            let (filter, current) = (filter.clone(), current.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::api::tokens(&s.base, &s.access.token, &filter, current.as_deref())
                    .await
                {
                    Ok(list) => {
                        rows.set(list.tokens);
                        pages.set((current, list.continuation_token));
                        error.set(None);
                    }
                    Err(e) => error.set(Some(e.message(lang))),
                }
            });
        });
    }
    crate::pages::use_poll_while(unsettled, &reload);
    let set_filter = |f: fn(&mut TokenFilter, String)| {
        let (filter, pages) = (filter.clone(), pages.clone());
        Callback::from(move |v: String| {
            let mut next = (*filter).clone();
            f(&mut next, v);
            pages.set((None, None));
            filter.set(next);
        })
    };
    let on_status = set_filter(|f, v| f.status = TokenStatus::from_name(&v));
    let on_description = set_filter(|f, v| f.description = v);
    let on_author = set_filter(|f, v| f.author = v);
    let revoke = |reference: String| {
        let (s, reload, error, confirm) = (
            props.session.clone(),
            reload.clone(),
            error.clone(),
            confirm.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (s, reload, error, confirm, reference) = (
                s.clone(),
                reload.clone(),
                error.clone(),
                confirm.clone(),
                reference.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match crate::api::revoke_token(&s.base, &s.access.token, &reference).await {
                    Ok(()) => reload.set(*reload + 1),
                    Err(e) => error.set(Some(e.message(lang))),
                }
                confirm.set(None);
            });
        })
    };
    let min3 = |v: &str| v.trim().is_empty() || v.trim().chars().count() >= 3;
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
            if let Some(e) = &*error { <p class="error" role="alert">{ e }</p> }
            <table>
                <thead><tr>
                    <th scope="col">{ t.common.status }</th>
                    <th scope="col">{ t.tokens.description }</th>
                    <th scope="col">{ t.tokens.permissions }</th>
                    <th scope="col">{ t.tokens.created }</th>
                    <th scope="col"><span class="visually-hidden">{ t.common.actions }</span></th>
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|t| row(t, lang, &selected, &confirm, revoke(t.reference_number.to_string()))) }
                </tbody>
            </table>
            if rows.is_empty() && error.is_none() { <p class="help">{ t.tokens.none }</p> }
            <div class="pager">
                if pages.0.is_some() { <button type="button" class="secondary" onclick={ { let p = pages.clone(); Callback::from(move |_| p.set((None, None))) } }>{ t.common.first_page }</button> }
                if pages.1.is_some() { <button type="button" class="secondary" id="next-page" onclick={ { let p = pages.clone(); Callback::from(move |_| p.set((p.1.clone(), None))) } }>{ t.common.next_page }</button> }
            </div>
            if let Some(t) = selected.as_ref().and_then(|r| rows.iter().find(|t| &t.reference_number.to_string() == r)) {
                <Details token={t.clone()} />
            }
        </section>
    }
}

fn row(
    t: &TokenStatusResponse,
    lang: Lang,
    selected: &UseStateHandle<Option<String>>,
    confirm: &UseStateHandle<Option<String>>,
    revoke: Callback<MouseEvent>,
) -> Html {
    let reference = t.reference_number.to_string();
    let show = {
        let (selected, r) = (selected.clone(), reference.clone());
        Callback::from(move |_: MouseEvent| selected.set(Some(r.clone())))
    };
    let ask = {
        let (confirm, r) = (confirm.clone(), reference.clone());
        Callback::from(move |_: MouseEvent| confirm.set(Some(r.clone())))
    };
    let cancel = {
        let confirm = confirm.clone();
        Callback::from(move |_: MouseEvent| confirm.set(None))
    };
    let revocable = matches!(
        t.status.known(),
        Some(TokenStatus::Active | TokenStatus::Pending)
    );
    html! {
        <tr data-reference={reference.clone()}>
            <td>{ badge(&t.status, |s| s.label(lang), lang) }</td>
            <td>{ &t.description }</td>
            <td>{ ksef_values(&t.requested_permissions, |p| p.label(lang), lang) }</td>
            <td>{ t.date_created.date().to_string() }</td>
            <td>
                <button type="button" class="secondary details" onclick={show}>{ texts(lang).common.details }</button>
                if revocable && confirm.as_deref() != Some(reference.as_str()) {
                    <button type="button" class="secondary revoke" onclick={ask}>{ texts(lang).common.revoke }</button>
                }
                if confirm.as_deref() == Some(reference.as_str()) {
                    <span class="confirm">{ texts(lang).tokens.revoke_sure }
                        <button type="button" class="danger confirm-revoke" onclick={revoke}>{ texts(lang).common.yes_revoke }</button>
                        <button type="button" class="secondary" onclick={cancel}>{ texts(lang).common.no }</button>
                    </span>
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
                <dt>{ texts(lang).common.status }</dt><dd>{ ksef_value(&t.status, |s| s.label(lang), lang) }{ t.status_details.as_ref().map(|d| format!(" – {}", d.join("; "))).unwrap_or_default() }</dd>
                <dt>{ texts(lang).tokens.author }</dt><dd>{ format!("{} {}", t.author_identifier.kind.label(lang), t.author_identifier.value) }</dd>
                <dt>{ texts(lang).common.context }</dt><dd>{ format!("{} {}", t.context_identifier.kind.label(lang), t.context_identifier.value) }</dd>
                <dt>{ texts(lang).tokens.permissions }</dt><dd>{ ksef_values(&t.requested_permissions, |p| p.label(lang), lang) }</dd>
                <dt>{ texts(lang).tokens.created }</dt><dd>{ ksef_core::datetime::format_ksef(t.date_created) }</dd>
                <dt>{ texts(lang).tokens.last_used }</dt><dd>{ t.last_use_date.map(ksef_core::datetime::format_ksef).unwrap_or_else(|| texts(lang).tokens.never.into()) }</dd>
            </dl>
        </section>
    }
}
