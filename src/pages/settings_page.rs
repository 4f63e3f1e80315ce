//! Settings: the relay address (environment and language live in the header).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::use_settings;
use crate::i18n::texts;
use crate::settings::{Settings, SettingsAction};

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    let settings = use_settings();
    let t = texts(settings.lang);
    let draft = use_state(|| settings.relay_url.clone());
    let saved = use_state(|| false);
    let valid = Settings::relay_url_is_valid(&draft);
    let oninput = {
        let (draft, saved) = (draft.clone(), saved.clone());
        Callback::from(move |e: InputEvent| {
            draft.set(e.target_unchecked_into::<HtmlInputElement>().value());
            saved.set(false);
        })
    };
    let onsubmit = {
        let (draft, saved, settings) = (draft.clone(), saved.clone(), settings.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if Settings::relay_url_is_valid(&draft) {
                settings.dispatch(SettingsAction::SetRelayUrl((*draft).clone()));
                saved.set(true);
            }
        })
    };
    html! {
        <section class="card">
            <h2>{ t.pages.settings }</h2>
            <form {onsubmit} novalidate=true>
                <label for="relay-url">{ t.settings.relay_url }</label>
                <input id="relay-url" type="url" value={(*draft).clone()} {oninput}
                    aria-describedby="relay-url-help relay-url-error" aria-invalid={(!valid).to_string()}
                    placeholder="https://" />
                <p id="relay-url-help" class="help">{ t.settings.relay_url_help }</p>
                if !valid {
                    <p id="relay-url-error" class="error" role="alert">{ t.settings.relay_url_invalid }</p>
                }
                <button type="submit" disabled={!valid}>{ t.settings.save }</button>
                if *saved {
                    <span class="ok" role="status">{ " " }{ t.settings.saved }</span>
                }
            </form>
        </section>
    }
}
