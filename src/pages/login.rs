//! Logging in to KSeF.

use yew::prelude::*;

use crate::app::use_settings;
use crate::i18n::texts;

#[function_component(LoginPage)]
pub fn login_page() -> Html {
    let t = texts(use_settings().lang);
    html! {
        <section class="card">
            <h2>{ t.login_title }</h2>
            <p>{ t.login_intro }</p>
            <p class="notice">{ t.not_ready_body }</p>
        </section>
    }
}
