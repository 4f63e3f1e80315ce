//! The current client in the header, once the desk has opened more than one: choosing another
//! switches to its kept session at once (the desk logs in again only when one is gone stale).

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::use_settings;
use crate::desk::{use_desk, DeskAction};
use crate::i18n::texts;
use crate::session::use_session;

#[function_component(ClientSwitcher)]
pub fn client_switcher() -> Html {
    let lang = use_settings().lang;
    let (desk, session) = (use_desk(), use_session());
    if desk.sessions.len() < 2 {
        return html! {};
    }
    let current = session
        .as_ref()
        .map(|s| s.context.value.clone())
        .unwrap_or_default();
    let base = use_settings().api_base();
    let onchange = {
        let (desk, session) = (desk.clone(), session.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let Ok(nip) = value.parse::<ksef_core::ident::Nip>() else {
                return;
            };
            // Keep the session being left with its newest (maybe refreshed) tokens.
            if let Some(left) = (*session).clone() {
                desk.dispatch(DeskAction::Opened(left));
            }
            let (d, session, base) = (desk.dispatcher(), session.clone(), base.clone());
            let kept = desk.sessions.get(&value).cloned();
            d.dispatch(DeskAction::Opening(nip.clone()));
            // A kept session may have gone stale meanwhile: refreshed, or a new login.
            wasm_bindgen_futures::spawn_local(async move {
                match crate::desk::run::session_for(&base, &nip, kept).await {
                    Ok(s) => {
                        d.dispatch(DeskAction::Opened(s.clone()));
                        session.set(Some(s));
                    }
                    Err(f) => d.dispatch(DeskAction::OpenFailed(f)),
                }
            });
        })
    };
    let name = |nip: &str| {
        let client = nip.parse().ok().and_then(|n| desk.book.get(&n));
        client
            .map(|c| format!("{nip} {}", c.name))
            .unwrap_or_else(|| nip.to_string())
    };
    html! {
        <label>
            <span>{ texts(lang).desk.switcher }</span>
            <select id="client-switcher" {onchange}>
                { for desk.sessions.keys().map(|nip| html! {
                    <option value={nip.clone()} selected={*nip == current}>{ name(nip) }</option>
                }) }
            </select>
        </label>
    }
}
