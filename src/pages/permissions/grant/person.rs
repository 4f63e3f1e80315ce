//! The grantee person: PESEL, NIP or certificate fingerprint, with first and last name. A
//! person known only by a fingerprint is described by their NIP or PESEL, or else by birth
//! date and identity document, as KSeF requires.

use ksef_core::api::SubjectIdentifierKind;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::fields::{FieldAction, Fields, Text, PERSON_KINDS};
use super::input;
use crate::app::use_settings;
use crate::i18n::texts;

#[derive(Properties, PartialEq)]
pub struct PersonProps {
    pub fields: UseReducerHandle<Fields>,
}

#[function_component(PersonFields)]
pub fn person_fields(props: &PersonProps) -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).permissions;
    let f = &props.fields;
    let kind = f.subject_kind();
    let on_kind = crate::components::on(&f.dispatcher(), |e: Event| {
        let v = e.target_unchecked_into::<HtmlSelectElement>().value();
        FieldAction::Set(Text::SubjectKind, v)
    });
    let by_fingerprint = kind == SubjectIdentifierKind::Fingerprint;
    html! {
        <fieldset class="person">
            <legend>{ t.person }</legend>
            <label>{ t.identified_by }
                <select id="grant-subject-kind" onchange={on_kind}>
                    { for PERSON_KINDS.iter().map(|k| html! {
                        <option value={k.as_str()} selected={kind == *k}>{ k.label(lang) }</option>
                    }) }
                </select>
            </label>
            { input(f, Text::Subject, "grant-subject", kind.label(lang)) }
            { input(f, Text::FirstName, "grant-first-name", t.first_name) }
            { input(f, Text::LastName, "grant-last-name", t.last_name) }
            if by_fingerprint {
                { known_by_fingerprint(f, lang) }
            }
        </fieldset>
    }
}

/// A person known by a certificate fingerprint: their NIP or PESEL, or else (as KSeF requires)
/// birth date and identity document.
pub fn known_by_fingerprint(f: &UseReducerHandle<Fields>, lang: ksef_core::Lang) -> Html {
    let t = &texts(lang).permissions;
    let without_id = f.text(Text::PersonId).trim().is_empty();
    html! {
        <>
            { input(f, Text::PersonId, "grant-person-id", t.person_id) }
            if without_id {
                <p class="help">{ t.without_id_help }</p>
                { input(f, Text::BirthDate, "grant-birth-date", t.birth_date) }
                { input(f, Text::DocumentType, "grant-document-type", t.document_type) }
                { input(f, Text::DocumentNumber, "grant-document-number", t.document_number) }
                { input(f, Text::DocumentCountry, "grant-document-country", t.document_country) }
            }
        </>
    }
}
