//! Settings: the relay address (environment and language live in the header).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::use_settings;
use crate::components::on;
use crate::i18n::texts;
use crate::settings::SettingsAction;

mod state;

use state::{Action, SettingsForm};

#[function_component(SettingsPage)]
pub fn settings_page() -> Html {
    let settings = use_settings();
    let t = texts(settings.lang);
    let form = use_reducer(|| SettingsForm::new(&settings.relay_url));
    let d = form.dispatcher();
    let valid = form.valid();
    let oninput = on(&d, |e: InputEvent| {
        Action::Type(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let onsubmit = {
        let (form, settings) = (form.clone(), settings.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if form.valid() {
                settings.dispatch(SettingsAction::SetRelayUrl(form.draft.clone()));
            }
            form.dispatch(Action::Save);
        })
    };
    html! {
        <section class="card">
            <h2>{ t.pages.settings }</h2>
            <form {onsubmit} novalidate=true>
                <label for="relay-url">{ t.settings.relay_url }</label>
                <input id="relay-url" type="url" value={form.draft.clone()} {oninput}
                    aria-describedby="relay-url-help relay-url-error" aria-invalid={(!valid).to_string()}
                    placeholder="https://" />
                <p id="relay-url-help" class="help">{ t.settings.relay_url_help }</p>
                if !valid {
                    <p id="relay-url-error" class="error" role="alert">{ t.settings.relay_url_invalid }</p>
                }
                <button type="submit" disabled={!valid}>{ t.settings.save }</button>
                if form.saved {
                    <span class="ok" role="status">{ " " }{ t.settings.saved }</span>
                }
            </form>
        </section>
    }
}
