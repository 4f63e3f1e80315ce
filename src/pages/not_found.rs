//! Addresses the app does not know.

use yew::prelude::*;

use crate::app::use_settings;
use crate::i18n::texts;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    let t = texts(use_settings().lang);
    html! { <section class="card"><h2>{ t.shell.not_found }</h2></section> }
}
