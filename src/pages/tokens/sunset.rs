//! Tokens after 2026: the plain warning and the way to the lasting credential.

use yew::prelude::*;
use yew_router::prelude::Link;

use crate::app::use_settings;
use crate::i18n::texts;
use crate::route::Route;

/// The user's own calendar day (the browser's time zone), not UTC's.
fn today() -> time::Date {
    let now = js_sys::Date::new_0();
    time::Month::try_from(now.get_month() as u8 + 1)
        .and_then(|m| {
            time::Date::from_calendar_date(now.get_full_year() as i32, m, now.get_date() as u8)
        })
        .unwrap_or(ksef_core::token_sunset::LAST_DAY)
}

#[function_component(TokenSunset)]
pub fn token_sunset() -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    html! {
        <p class="notice" id="token-sunset" role="note">
            { ksef_core::token_sunset::notice(today(), lang) }{ " " }
            <Link<Route> to={Route::Certificates}>
                { t.tokens.go_to_certificates }
            </Link<Route>>
        </p>
    }
}
