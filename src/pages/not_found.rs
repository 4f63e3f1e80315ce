//! Addresses the app does not know.

use yew::prelude::*;

use crate::app::use_settings;
use crate::i18n::texts;
use crate::route::Route;

#[function_component(NotFound)]
pub fn not_found() -> Html {
    let t = texts(use_settings().lang);
    html! {
        <section class="card">
            <h2>{ t.shell.not_found }</h2>
            <p><yew_router::prelude::Link<Route> to={Route::Login}>{ t.shell.back_to_start }</yew_router::prelude::Link<Route>></p>
        </section>
    }
}
