//! One list of the Permissions page: its table with the columns that list has, paging,
//! revocation with confirmation, and why the list is empty or failed.

use ksef_core::lang::Lang;
use yew::prelude::*;

use super::rows::{Kind, Party, Revocation, Row, Scope};
use super::state::{Action, Fetch, List, Listing, PermissionsState};
use crate::app::use_settings;
use crate::components::confirm::Confirm;
use crate::components::ksef_value::{badge, ksef_value};
use crate::i18n::texts;

#[derive(Clone, Copy, PartialEq)]
enum Col {
    Who,
    Scope,
    Place,
    State,
    Since,
    By,
    Delegate,
}

fn columns(list: List) -> &'static [Col] {
    use Col::*;
    match list {
        List::Here => &[Who, Scope, State, Since, By],
        List::Granted => &[Who, Scope, Place, State, Since],
        List::Subunits => &[Who, Place, Since, By],
        List::AuthorizationsGranted => &[Who, Scope, Since, By],
        List::AuthorizationsReceived => &[Place, Scope, Since],
        List::Received => &[Who, Scope, Delegate, Since],
        List::Mine => &[Scope, Place, State, Delegate, Since],
    }
}

pub fn kind_label(kind: Kind, lang: Lang) -> &'static str {
    let t = &texts(lang).permissions;
    match kind {
        Kind::Nip => "NIP",
        Kind::Pesel => "PESEL",
        Kind::Fingerprint => t.fingerprint,
        Kind::InternalId => t.internal_id,
        Kind::NipVatUe => t.nip_vat_ue,
        Kind::PeppolId => "Peppol ID",
        Kind::AllPartners => t.all_clients,
        Kind::System => t.by_ksef,
    }
}

pub fn party(p: &Party, lang: Lang) -> Html {
    let id = match &p.value {
        Some(v) => format!("{} {v}", kind_label(p.kind, lang)),
        None => kind_label(p.kind, lang).to_string(),
    };
    match &p.name {
        Some(name) => html! { <><strong>{ name }</strong><br /><small>{ id }</small></> },
        None => html! { <span>{ id }</span> },
    }
}

fn cell(col: Col, r: &Row, lang: Lang) -> Html {
    let t = &texts(lang).permissions;
    match col {
        Col::Who => party(&r.who, lang),
        Col::Scope => match &r.scope {
            Scope::Permission(p) => ksef_value(p, |p| p.label(lang), lang),
            Scope::Authorization(a) => ksef_value(a, |a| a.label(lang), lang),
        },
        Col::Place => match (&r.place, &r.target) {
            (_, Some(target)) => html! { <>{ t.for_client }{ party(target, lang) }</> },
            (Some(place), None) => party(place, lang),
            (None, None) => html! { t.this_context },
        },
        Col::State => match &r.state {
            Some(s) => badge(s, |s| s.label(lang), lang),
            None => html! {},
        },
        Col::Since => match r.since {
            Some(d) => html! { d.date().to_string() },
            None => html! { t.as_owner },
        },
        Col::By => r.by.as_ref().map(|b| party(b, lang)).unwrap_or_default(),
        Col::Delegate => html! { match r.can_delegate { true => t.yes, false => t.no } },
    }
}

fn heading(col: Col, list: List, lang: Lang) -> &'static str {
    let t = &texts(lang).permissions;
    match (col, list) {
        (Col::Who, List::Received) => t.col_client,
        (Col::Who, List::Subunits) => t.col_administrator,
        (Col::Who, _) => t.col_who,
        (Col::Scope, _) => t.col_permission,
        (Col::Place, List::AuthorizationsReceived) => t.col_from,
        (Col::Place, List::Subunits) => t.col_subunit,
        (Col::Place, _) => t.col_where,
        (Col::State, _) => t.col_state,
        (Col::Since, _) => t.col_since,
        (Col::By, _) => t.col_by,
        (Col::Delegate, _) => t.col_delegate,
    }
}

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub list: List,
    pub listing: Listing,
    pub confirm: Option<String>,
    /// An operation runs: no second revocation meanwhile.
    pub busy: bool,
    pub dispatch: UseReducerDispatcher<PermissionsState>,
    pub on_revoke: Callback<(String, Revocation)>,
}

#[function_component(PermissionTable)]
pub fn permission_table(props: &TableProps) -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).permissions;
    let (list, cols) = (props.list, columns(props.list));
    let title = super::view::list_title(list, lang);
    let body = match &props.listing.fetch {
        Fetch::Loading => html! { <p class="help" aria-busy="true">{ t.loading }</p> },
        Fetch::Failed(f) => html! {
            <p class="error" role="alert" data-kind={f.kind()}>{ super::view::refusal(f, list, lang) }</p>
        },
        Fetch::Loaded { rows, .. } if rows.is_empty() => {
            html! { <p class="help empty">{ t.none }</p> }
        }
        Fetch::Loaded { rows, .. } => html! {
            <table>
                <thead><tr>
                    { for cols.iter().map(|c| html! { <th scope="col">{ heading(*c, list, lang) }</th> }) }
                    <th scope="col"><span class="visually-hidden">{ texts(lang).common.actions }</span></th>
                </tr></thead>
                <tbody>{ for rows.iter().map(|r| row(props, r, lang)) }</tbody>
            </table>
        },
    };
    html! {
        <section class="card permission-list" id={format!("list-{}", list.as_str())}>
            <h3>{ title }</h3>
            { body }
            { pager(props, lang) }
        </section>
    }
}

fn row(props: &TableProps, r: &Row, lang: Lang) -> Html {
    let (common, t) = (&texts(lang).common, &texts(lang).permissions);
    let d = props.dispatch.clone();
    let actions = match r.revoke {
        Some(how) if props.confirm.as_deref() == Some(r.id.as_str()) => {
            let (on_revoke, id) = (props.on_revoke.clone(), r.id.clone());
            html! { <Confirm question={t.revoke_sure} yes={t.yes_revoke}
            no={common.no} yes_class="confirm-revoke"
            on_yes={Callback::from(move |_| on_revoke.emit((id.clone(), how)))}
            on_no={crate::components::on(&d, |_| Action::CancelRevoke)} /> }
        }
        Some(_) => {
            let id = r.id.clone();
            html! { <button type="button" class="secondary revoke" disabled={props.busy}
            onclick={crate::components::on(&d, move |_: MouseEvent| Action::AskRevoke(id.clone()))}>{ t.revoke }</button> }
        }
        None => html! {},
    };
    html! {
        <tr data-id={r.id.clone()} title={r.description.clone()}>
            { for columns(props.list).iter().map(|c| html! { <td>{ cell(*c, r, lang) }</td> }) }
            <td>{ actions }</td>
        </tr>
    }
}

fn pager(props: &TableProps, lang: Lang) -> Html {
    let common = &texts(lang).common;
    let page = props.listing.question.page;
    let more = matches!(props.listing.fetch, Fetch::Loaded { has_more: true, .. });
    let go = |to: u32| {
        let list = props.list;
        crate::components::on(&props.dispatch, move |_: MouseEvent| Action::Page(list, to))
    };
    html! {
        <div class="pager">
            if page > 0 {
                <button type="button" class="secondary prev-page" onclick={go(page - 1)}>{ common.previous_page }</button>
            }
            if more {
                <button type="button" class="secondary next-page" onclick={go(page + 1)}>{ common.next_page }</button>
            }
        </div>
    }
}
