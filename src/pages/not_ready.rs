//! Pages that are not built yet say so plainly instead of pretending.

use yew::prelude::*;

use crate::app::use_settings;
use crate::i18n::texts;

#[function_component(NotReady)]
pub fn not_ready() -> Html {
    let t = texts(use_settings().lang);
    html! {
        <section class="card">
            <h2>{ t.not_ready_title }</h2>
            <p>{ t.not_ready_body }</p>
        </section>
    }
}

#[function_component(NotFound)]
pub fn not_found() -> Html {
    let t = texts(use_settings().lang);
    html! { <section class="card"><h2>{ t.not_found }</h2></section> }
}
