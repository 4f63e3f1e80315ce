//! KSeF tokens for invoicing software: generate (secret shown once) and manage the context's list.

mod form;
mod generate;
mod held;
mod list;
mod state;
mod sunset;
#[cfg(test)]
mod tests;

use yew::prelude::*;
use yew_router::prelude::Link;

use crate::app::use_settings;
use crate::i18n::texts;
use crate::route::Route;
use crate::session::use_session;

#[function_component(TokensPage)]
pub fn tokens_page() -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let session = use_session();
    let generation = use_state(|| 0u32);
    let Some(s) = (*session).clone() else {
        return html! {
            <section class="card">
                <h2>{ t.tokens.title }</h2>
                <sunset::TokenSunset />
                <p>{ t.tokens.need_signature_login }
                    <Link<Route> to={Route::Login}>{ t.common.log_in }</Link<Route>></p>
            </section>
        };
    };
    let held = held::use_held_permissions(&s);
    let on_created = {
        let generation = generation.clone();
        Callback::from(move |_| generation.set(*generation + 1))
    };
    html! {
        <>
            <sunset::TokenSunset />
            <generate::GenerateToken session={s.clone()} {held} {on_created} />
            <list::TokenList session={s} generation={*generation} />
        </>
    }
}
