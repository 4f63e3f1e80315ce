//! A banner while the browser is offline. It promises only what works with no network and no
//! login: the QR codes of an invoice (code I from the invoice file, code II with an `Offline`
//! certificate loaded in the tab). Everything else talks to KSeF, so it says so.
//!
//! Making a key and CSR offline is not offered: the CSR's subject comes from KSeF's enrollment
//! data for the logged-in subject, and the request must then be sent by that same session, in
//! which the worker makes the key in well under a second anyway.

use gloo_events::EventListener;
use yew::prelude::*;
use yew_router::prelude::Link;

use crate::app::use_settings;
use crate::i18n::texts;
use crate::route::Route;

#[function_component(OfflineBanner)]
pub fn offline_banner() -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let online = use_state(|| gloo_utils::window().navigator().on_line());
    {
        let online = online.clone();
        use_effect_with((), move |_| {
            let window = gloo_utils::window();
            let (up, down) = (online.clone(), online);
            let listeners = [
                EventListener::new(&window, "online", move |_| up.set(true)),
                EventListener::new(&window, "offline", move |_| down.set(false)),
            ];
            move || drop(listeners)
        });
    }
    if *online {
        return html! {};
    }
    html! {
        <p id="offline-banner" class="banner offline" role="status">
            { t.shell.offline_start }
            <Link<Route> to={Route::Qr}>{ t.shell.offline_qr_link }</Link<Route>>
            { t.shell.offline_rest }
        </p>
    }
}
