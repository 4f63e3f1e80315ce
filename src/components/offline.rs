//! A banner while the browser is offline: what still works (everything in the tab) and what
//! waits for the network (anything sent to KSeF).

use gloo_events::EventListener;
use yew::prelude::*;

use crate::app::use_settings;

#[function_component(OfflineBanner)]
pub fn offline_banner() -> Html {
    let lang = use_settings().lang;
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
        <p id="offline-banner" class="banner offline" role="status">{ lang.pick(
            "Brak połączenia z siecią. Klucze i wnioski CSR nadal wygenerujesz w tej karcie; połączenia z KSeF poczekają na sieć.",
            "You are offline. Keys and CSRs can still be made in this tab; anything sent to KSeF waits for the network.") }</p>
    }
}
