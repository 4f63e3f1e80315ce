//! The EU grants: an EU entity's administrator (in the NIP's context, for the composite
//! context `{NIP}-{VAT UE}`) and its representatives (in that composite context). The grantee
//! is always a certificate's fingerprint, its holder a person or an entity.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::fields::{FieldAction, Fields, GrantKind, Text};
use super::input;
use crate::app::use_settings;
use crate::i18n::texts;

#[derive(Properties, PartialEq)]
pub struct EuProps {
    pub fields: UseReducerHandle<Fields>,
}

#[function_component(EuFields)]
pub fn eu_fields(props: &EuProps) -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).permissions;
    let f = &props.fields;
    let entity = f.text(Text::EuGrantee) == "entity";
    let on_grantee = crate::components::on(&f.dispatcher(), |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        FieldAction::Set(Text::EuGrantee, v)
    });
    html! {
        <>
            if f.kind == GrantKind::EuAdministration {
                <fieldset class="eu-entity">
                    <legend>{ t.eu_entity }</legend>
                    { input(f, Text::EuContext, "grant-eu-context", t.eu_context) }
                    <p class="help">{ t.eu_context_help }</p>
                    { input(f, Text::EuName, "grant-eu-name", t.eu_name) }
                    { input(f, Text::EuFullName, "grant-eu-full-name", t.full_name) }
                    { input(f, Text::EuAddress, "grant-eu-address", t.address) }
                </fieldset>
            }
            <fieldset class="person">
                <legend>{ t.eu_grantee }</legend>
                { input(f, Text::Subject, "grant-subject", t.fingerprint_field) }
                <label>{ t.eu_holder }
                    <select id="grant-eu-grantee" onchange={on_grantee}>
                        <option value="person" selected={!entity}>{ t.person }</option>
                        <option value="entity" selected={entity}>{ t.eu_holder_entity }</option>
                    </select>
                </label>
                if entity {
                    { input(f, Text::FullName, "grant-full-name", t.full_name) }
                    { input(f, Text::Address, "grant-address", t.address) }
                } else {
                    { input(f, Text::FirstName, "grant-first-name", t.first_name) }
                    { input(f, Text::LastName, "grant-last-name", t.last_name) }
                    { super::person::known_by_fingerprint(f, lang) }
                }
            </fieldset>
        </>
    }
}
