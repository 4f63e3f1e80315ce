//! KSeF tokens for invoicing software: generate (secret shown once) and manage the context's list.

mod generate;
mod held;
mod list;
mod sunset;

use yew::prelude::*;
use yew_router::prelude::Link;

use crate::app::use_settings;
use crate::route::Route;
use crate::session::use_session;

#[function_component(TokensPage)]
pub fn tokens_page() -> Html {
    let lang = use_settings().lang;
    let session = use_session();
    let generation = use_state(|| 0u32);
    let Some(s) = (*session).clone() else {
        return html! {
            <section class="card">
                <h2>{ lang.pick("Tokeny KSeF", "KSeF tokens") }</h2>
                <sunset::TokenSunset />
                <p>{ lang.pick("Tokeny tworzy się po zalogowaniu podpisem (plikiem lub certyfikatem KSeF). ", "Tokens are created after a login by signature (a file or a KSeF certificate). ") }
                    <Link<Route> to={Route::Login}>{ lang.pick("Zaloguj się", "Log in") }</Link<Route>></p>
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
