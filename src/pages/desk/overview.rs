//! The overview of every client: checked a few at a time, each row saying whether I can log in
//! there (or have no permission), what I hold, its tokens and the office's grant; sorted,
//! filtered, and each client opened with one click.

use ksef_core::ident::Nip;
use ksef_core::lang::{Lang, Localized};
use ksef_core::office::{Query, Row, RowFilter, RowStatus, SortKey};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::use_settings;
use crate::desk::{use_desk, DeskAction, DeskContext};
use crate::i18n::texts;
use crate::session::{use_session, SessionHandle};

/// Opens `nip`: its kept session if still fresh, else a new login with the held certificate.
fn open(desk: &DeskContext, session: &SessionHandle, base: &str, nip: Nip) {
    // The session being left may have been refreshed meanwhile: keep its newest tokens.
    if let Some(current) = (**session).clone() {
        desk.dispatch(DeskAction::Opened(current));
    }
    let fresh = desk.session(&nip).filter(|s| {
        s.access.valid_until.unix_timestamp() * 1000 > js_sys::Date::now() as i64 + 60_000
    });
    if let Some(s) = fresh {
        return session.set(Some(s.clone()));
    }
    let kept = desk.session(&nip).cloned();
    let (d, session, base) = (desk.dispatcher(), session.clone(), base.to_string());
    d.dispatch(DeskAction::Opening(nip.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        match crate::desk::run::session_for(&base, &nip, kept).await {
            Ok(s) => {
                d.dispatch(DeskAction::Opened(s.clone()));
                session.set(Some(s));
            }
            Err(f) => d.dispatch(DeskAction::OpenFailed(f)),
        }
    });
}

fn tokens_cell(r: &Row, lang: Lang) -> String {
    let t = &texts(lang).desk;
    match r.tokens() {
        Some(c) => (t.tokens_counts)(c.active, c.pending, c.mine_active + c.mine_pending),
        None => String::new(),
    }
}

fn row(
    r: &Row,
    desk: &DeskContext,
    lang: Lang,
    current: Option<&str>,
    on_open: Callback<Nip>,
) -> Html {
    let t = &texts(lang).desk;
    let nip = r.nip.to_string();
    let held = r
        .held()
        .map(|h| {
            h.iter()
                .map(|p| p.label(lang))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let grant = r.grant.as_ref().map(|g| {
        let scopes: Vec<&str> = g
            .scopes
            .iter()
            .map(|p| p.known().map_or(p.name(), |p| p.label(lang)))
            .collect();
        format!(
            "{}{}",
            scopes.join(", "),
            if g.may_delegate() { t.may_delegate } else { "" }
        )
    });
    let failures: Vec<String> = r.failures().iter().map(|f| f.message(lang)).collect();
    let here = current == Some(nip.as_str());
    let open = {
        let n = r.nip.clone();
        on_open.reform(move |_: MouseEvent| n.clone())
    };
    let ticked = desk.selected.contains(&nip);
    let on_tick = {
        let n = nip.clone();
        crate::components::on(&desk.dispatcher(), move |e: Event| {
            DeskAction::Select(
                n.clone(),
                e.target_unchecked_into::<HtmlInputElement>().checked(),
            )
        })
    };
    html! {
        <tr data-nip={nip.clone()} data-status={r.status().as_str()} class={classes!(here.then_some("current"))}>
            <td><input type="checkbox" class="select" checked={ticked} onchange={on_tick} aria-label={nip.clone()} /></td>
            <td><strong>{ &nip }</strong><br /><small>{ &r.name }</small></td>
            <td>{ r.status().label(lang) }{ for failures.iter().map(|f| html! { <small class="error row-failure">{ f }</small> }) }</td>
            <td>{ held }</td>
            <td>{ tokens_cell(r, lang) }</td>
            <td>{ grant.unwrap_or_default() }</td>
            <td>
                if here { <span class="badge active">{ t.current }</span> }
                else if r.status() != RowStatus::NoPermission {
                    <button type="button" class="secondary open" disabled={desk.opening.is_some()} onclick={open}>{ t.open }</button>
                }
            </td>
        </tr>
    }
}

fn controls(desk: &DeskContext, lang: Lang) -> Html {
    let t = &texts(lang).desk;
    let q = desk.query.clone();
    let set = |change: fn(&mut Query, String)| {
        let (d, q) = (desk.dispatcher(), q.clone());
        Callback::from(move |v: String| {
            let mut next = q.clone();
            change(&mut next, v);
            d.dispatch(DeskAction::Query(next));
        })
    };
    let filters = RowFilter::all();
    let on_text = set(|q, v| q.text = v)
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let on_filter = set(|q, v| {
        q.filter = v
            .parse()
            .ok()
            .and_then(|i: usize| RowFilter::all().get(i).copied())
            .unwrap_or_default()
    })
    .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    let on_sort = set(|q, v| {
        q.sort = v
            .parse()
            .ok()
            .and_then(|i: usize| SortKey::ALL.get(i).copied())
            .unwrap_or_default()
    })
    .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <div class="filters">
            <label>{ t.search }<input id="desk-search" value={q.text.clone()} oninput={on_text} /></label>
            <label>{ t.show }<select id="desk-filter" onchange={on_filter}>
                { for filters.iter().enumerate().map(|(i, f)| html! {
                    <option value={i.to_string()} selected={*f == q.filter}>{ f.label(lang) }</option>
                }) }
            </select></label>
            <label>{ t.sort }<select id="desk-sort" onchange={on_sort}>
                { for SortKey::ALL.iter().enumerate().map(|(i, k)| html! {
                    <option value={i.to_string()} selected={*k == q.sort}>{ k.label(lang) }</option>
                }) }
            </select></label>
        </div>
    }
}

#[function_component(OverviewCard)]
pub fn overview_card() -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).desk;
    let (desk, session) = (use_desk(), use_session());
    let base = use_settings().api_base();
    let on_check = {
        let (desk, base) = (desk.clone(), base.clone());
        Callback::from(move |_: MouseEvent| {
            let nips: Vec<_> = desk.book.clients().iter().map(|c| c.nip.clone()).collect();
            // Marked as under way at once, so a second click cannot start another round.
            desk.dispatch(DeskAction::CheckStarted(nips.len()));
            let me = desk.signer.as_ref().and_then(|s| s.identity.clone());
            let run = crate::desk::run::check_all(base.clone(), nips, me, desk.dispatcher());
            wasm_bindgen_futures::spawn_local(run);
        })
    };
    let on_open = {
        let (desk, session) = (desk.clone(), session.clone());
        Callback::from(move |nip: Nip| open(&desk, &session, &base, nip))
    };
    let current = session.as_ref().map(|s| s.context.value.clone());
    let on_select = {
        let shown: Vec<String> = desk
            .overview
            .view(&desk.query)
            .iter()
            .map(|r| r.nip.to_string())
            .collect();
        crate::components::on(&desk.dispatcher(), move |_: MouseEvent| {
            DeskAction::SelectOnly(shown.clone())
        })
    };
    let ready = desk.signer.is_some() && !desk.book.clients().is_empty() && !desk.checking();
    let progress = desk.progress.map(|p| {
        let ended = p.done + p.failed;
        let line = match desk.checking() {
            true => (t.checking)(ended, p.total, p.failed),
            false => (t.checked)(p.total, p.failed),
        };
        html! { <>
            <progress id="desk-progress" max={p.total.to_string()} value={ended.to_string()} />
            <p id="desk-progress-text" role="status">{ line }</p>
        </> }
    });
    html! {
        <section class="card" id="desk-overview">
            <h3>{ t.overview }</h3>
            <button id="desk-check" type="button" disabled={!ready} onclick={on_check}>{ t.check_all }</button>
            if desk.signer.is_none() { <p class="help">{ t.need_certificate }</p> }
            { for progress }
            if desk.opening.is_some() { <p class="notice" role="status" aria-busy="true">{ t.opening }</p> }
            if let Some(s) = session.as_ref().filter(|s| desk.sessions.contains_key(&s.context.value)) {
                <p id="desk-opened" class="ok" role="status">{ (t.opened)(&s.context.value) }</p>
            }
            { controls(&desk, lang) }
            <table id="desk-table">
                <thead><tr>
                    <th scope="col"><button type="button" id="desk-select-shown" class="secondary" onclick={on_select}>{ t.select_shown }</button></th>
                    <th scope="col">{ t.col_client }</th><th scope="col">{ t.col_status }</th>
                    <th scope="col">{ t.col_permissions }</th><th scope="col">{ t.col_tokens }</th>
                    <th scope="col">{ t.col_grant }</th><th scope="col"><span class="visually-hidden">{ t.open }</span></th>
                </tr></thead>
                <tbody>{ for desk.overview.view(&desk.query).into_iter().map(|r| row(r, &desk, lang, current.as_deref(), on_open.clone())) }</tbody>
            </table>
        </section>
    }
}
