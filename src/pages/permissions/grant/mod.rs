//! The grant forms: a person, an entity (may delegate), an employee's indirect grant, a subunit
//! administrator, an authorization, an EU entity's administrator or representative. Each is
//! checked against KSeF's rules before it is sent.

pub mod eu;
pub mod fields;
pub mod person;

use ksef_core::api::permissions::AuthorizationScope;
use ksef_core::flow::Call;
use ksef_core::lang::{Lang, Localized};
use ksef_core::permissions::Permission;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::use_settings;
use crate::i18n::texts;
use fields::{FieldAction, Fields, GrantKind, Text};

#[derive(Properties, PartialEq)]
pub struct GrantProps {
    pub busy: bool,
    pub on_submit: Callback<Call>,
}

pub fn kind_label(kind: GrantKind, lang: Lang) -> &'static str {
    let t = &texts(lang).permissions;
    match kind {
        GrantKind::Person => t.grant_person,
        GrantKind::Entity => t.grant_entity,
        GrantKind::Indirect => t.grant_indirect,
        GrantKind::Subunit => t.grant_subunit,
        GrantKind::Authorization => t.grant_authorization,
        GrantKind::EuAdministration => t.grant_eu_administration,
        GrantKind::EuRepresentative => t.grant_eu_representative,
    }
}

/// A labelled text input bound to one field of the form's reducer.
pub fn input(
    fields: &UseReducerHandle<Fields>,
    field: Text,
    id: &'static str,
    label: &str,
) -> Html {
    let oninput = crate::components::on(&fields.dispatcher(), move |e: InputEvent| {
        FieldAction::Set(field, e.target_unchecked_into::<HtmlInputElement>().value())
    });
    html! {
        <>
            <label for={id}>{ label }</label>
            <input {id} value={fields.text(field).to_string()} {oninput} />
        </>
    }
}

pub fn permission_boxes(fields: &UseReducerHandle<Fields>, lang: Lang) -> Html {
    let t = &texts(lang).permissions;
    let delegable = fields.kind == GrantKind::Entity;
    let item = |p: Permission| {
        let checked = fields.permissions.contains(&p);
        let toggle =
            crate::components::on(&fields.dispatcher(), move |_: Event| FieldAction::Toggle(p));
        let delegate = crate::components::on(&fields.dispatcher(), move |_: Event| {
            FieldAction::ToggleDelegate(p)
        });
        html! {
            <div class="grant-permission">
                <label class="check"><input type="checkbox" id={format!("grant-{}", p.as_str())} {checked} onchange={toggle} />{ p.label(lang) }</label>
                if delegable && checked {
                    <label class="check delegate"><input type="checkbox" id={format!("delegate-{}", p.as_str())}
                        checked={fields.delegate.contains(&p)} onchange={delegate} />{ t.may_delegate }</label>
                }
            </div>
        }
    };
    html! {
        <fieldset>
            <legend>{ t.col_permission }</legend>
            { for fields.kind.offered().iter().copied().map(item) }
        </fieldset>
    }
}

fn scope_select(fields: &UseReducerHandle<Fields>, lang: Lang) -> Html {
    let current = fields.text(Text::Scope).to_string();
    let onchange = crate::components::on(&fields.dispatcher(), |e: Event| {
        FieldAction::Set(
            Text::Scope,
            e.target_unchecked_into::<HtmlSelectElement>().value(),
        )
    });
    html! {
        <label>{ texts(lang).permissions.col_permission }
            <select id="grant-scope" {onchange}>
                { for AuthorizationScope::ALL.iter().map(|s| html! {
                    <option value={s.as_str()} selected={current == s.as_str()}>{ s.label(lang) }</option>
                }) }
            </select>
        </label>
    }
}

/// The grantee and what the chosen kind of grant needs besides.
fn kind_fields(fields: &UseReducerHandle<Fields>, lang: Lang) -> Html {
    let t = &texts(lang).permissions;
    match fields.kind {
        GrantKind::Person => html! { <person::PersonFields fields={fields.clone()} /> },
        GrantKind::Indirect => html! { <>
            <person::PersonFields fields={fields.clone()} />
            { input(fields, Text::Client, "grant-client", t.client_nip) }
            <p class="help">{ t.client_help }</p>
        </> },
        GrantKind::Subunit => html! { <>
            <person::PersonFields fields={fields.clone()} />
            { input(fields, Text::Subunit, "grant-subunit", t.subunit_id) }
            { input(fields, Text::SubunitName, "grant-subunit-name", t.subunit_name) }
        </> },
        GrantKind::Entity => html! { <>
            { input(fields, Text::Subject, "grant-subject", t.entity_nip) }
            { input(fields, Text::FullName, "grant-full-name", t.full_name) }
        </> },
        GrantKind::Authorization => html! { <>
            { input(fields, Text::Subject, "grant-subject", t.entity_nip_or_peppol) }
            { input(fields, Text::FullName, "grant-full-name", t.full_name) }
            { scope_select(fields, lang) }
        </> },
        GrantKind::EuAdministration | GrantKind::EuRepresentative => {
            html! { <eu::EuFields fields={fields.clone()} /> }
        }
    }
}

#[function_component(GrantForms)]
pub fn grant_forms(props: &GrantProps) -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).permissions;
    let fields = use_reducer(Fields::default);
    let problem = use_state(|| None::<ksef_core::api::permissions::PermissionFormError>);
    let on_kind = crate::components::on(&fields.dispatcher(), |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        FieldAction::Kind(GrantKind::from_name(&v).unwrap_or_default())
    });
    let onsubmit = {
        let (fields, problem, submit) = (fields.clone(), problem.clone(), props.on_submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match fields.call() {
                Ok(call) => {
                    problem.set(None);
                    submit.emit(call);
                }
                Err(p) => problem.set(Some(p)),
            }
        })
    };
    html! {
        <form id="grant-form" class="grant" {onsubmit} novalidate=true>
            <label>{ t.grant_kind }
                <select id="grant-kind" onchange={on_kind}>
                    { for GrantKind::ALL.iter().map(|k| html! {
                        <option value={k.as_str()} selected={fields.kind == *k}>{ kind_label(*k, lang) }</option>
                    }) }
                </select>
            </label>
            { kind_fields(&fields, lang) }
            if !fields.kind.offered().is_empty() { { permission_boxes(&fields, lang) } }
            { input(&fields, Text::Description, "grant-description", t.description) }
            if let Some(p) = &*problem {
                <p id="grant-problem" class="error" role="alert">{ p.message(lang) }</p>
            }
            <button type="submit" id="grant-submit" disabled={props.busy}>{ t.grant_submit }</button>
        </form>
    }
}
