//! Tokens after 2026: the plain warning and the way to the lasting credential.

use yew::prelude::*;
use yew_router::prelude::Link;

use crate::app::use_settings;
use crate::route::Route;

fn today() -> time::Date {
    let ms = js_sys::Date::now() as i128;
    time::OffsetDateTime::from_unix_timestamp_nanos(ms * 1_000_000)
        .map(|t| t.date())
        .unwrap_or(ksef_core::token_sunset::LAST_DAY)
}

#[function_component(TokenSunset)]
pub fn token_sunset() -> Html {
    let lang = use_settings().lang;
    html! {
        <p class="notice" id="token-sunset" role="note">
            { ksef_core::token_sunset::notice(today(), lang) }{ " " }
            <Link<Route> to={Route::Certificates}>
                { lang.pick("Przejdź do certyfikatów KSeF", "Go to KSeF certificates") }
            </Link<Route>>
        </p>
    }
}
