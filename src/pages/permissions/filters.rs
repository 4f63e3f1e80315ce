//! The filters KSeF applies to the persons and personal queries: a permission, a state, and a
//! grantee (NIP, PESEL or certificate fingerprint, checked before asking).

use ksef_core::api::permissions::PermissionState;
use ksef_core::permissions::Permission;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::rows::{parse_subject, Filter};
use super::state::{Action, PermissionsState};
use crate::app::use_settings;
use crate::i18n::texts;

#[derive(Properties, PartialEq)]
pub struct FiltersProps {
    pub filter: Filter,
    pub dispatch: UseReducerDispatcher<PermissionsState>,
    /// The grantee filter: KSeF's personal query has none.
    pub by_grantee: bool,
}

#[function_component(Filters)]
pub fn filters(props: &FiltersProps) -> Html {
    let lang = use_settings().lang;
    let (t, common) = (&texts(lang).permissions, &texts(lang).common);
    // What the user typed stays, even when it is not an identifier yet.
    let who = use_state(|| {
        props
            .filter
            .who
            .as_ref()
            .map(|w| w.value.clone())
            .unwrap_or_default()
    });
    let bad_who = !who.trim().is_empty() && parse_subject(&who).is_none();
    let set = |change: fn(&mut Filter, String)| {
        let (d, current) = (props.dispatch.clone(), props.filter.clone());
        Callback::from(move |v: String| {
            let mut next = current.clone();
            change(&mut next, v);
            d.dispatch(Action::Filter(next));
        })
    };
    let on_permission = set(|f, v| f.permission = Permission::from_name(&v));
    let on_state = set(|f, v| f.state = PermissionState::from_name(&v));
    let apply_who = set(|f, v| f.who = parse_subject(&v));
    let on_who = {
        let who = who.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            who.set(v.clone());
            if v.trim().is_empty() || parse_subject(&v).is_some() {
                apply_who.emit(v);
            }
        })
    };
    let select = |e: Event| e.target_unchecked_into::<HtmlSelectElement>().value();
    html! {
        <div class="filters card" id="permission-filters">
            <label>{ t.col_permission }
                <select id="filter-permission" onchange={on_permission.reform(select)}>
                    <option value="" selected={props.filter.permission.is_none()}>{ common.all }</option>
                    { for Permission::ALL.iter().map(|p| html! {
                        <option value={p.as_str()} selected={props.filter.permission == Some(*p)}>{ p.label(lang) }</option>
                    }) }
                </select>
            </label>
            <label>{ t.col_state }
                <select id="filter-state" onchange={on_state.reform(select)}>
                    <option value="" selected={props.filter.state.is_none()}>{ common.all }</option>
                    { for PermissionState::ALL.iter().map(|s| html! {
                        <option value={s.as_str()} selected={props.filter.state == Some(*s)}>{ s.label(lang) }</option>
                    }) }
                </select>
            </label>
            if props.by_grantee {
                <label>{ t.filter_who }
                    <input id="filter-who" value={(*who).clone()} onchange={on_who} aria-invalid={bad_who.to_string()} />
                </label>
                if bad_who { <p class="error" role="alert">{ t.filter_who_invalid }</p> }
            }
        </div>
    }
}
