//! The root component of the full app: settings, session and handover contexts, router, shell.
//! The first visit starts with the smaller app of `boot`, which hands over to this one.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::shell::Shell;
use crate::pages;
use crate::route::Route;
use crate::session::Session;
use crate::settings::Settings;

pub type SettingsContext = UseReducerHandle<Settings>;

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The session the first-visit app logged in, carried over when it hands over.
    #[prop_or_default]
    pub session: Option<Session>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let settings = use_app_settings();
    // Tokens live in memory only: a reload logs out, by design.
    let session = use_state(|| props.session.clone());
    // What pages hand to each other (a certificate to use next, the QR page's loaded signer).
    let handover = use_reducer(crate::handover::Handover::default);
    // The office desk's book, overview and client sessions outlive its page.
    let desk = use_reducer(crate::desk::Desk::default);
    html! {
        <ContextProvider<SettingsContext> context={settings}>
            <ContextProvider<crate::session::SessionHandle> context={session}>
                <ContextProvider<crate::handover::HandoverContext> context={handover}>
                <ContextProvider<crate::desk::DeskContext> context={desk}>
                    <crate::session::SessionKeeper />
                    <BrowserRouter>
                        <Shell switcher={html! { <crate::components::switcher::ClientSwitcher /> }}>
                            <Switch<Route> render={pages::switch} />
                        </Shell>
                    </BrowserRouter>
                </ContextProvider<crate::desk::DeskContext>>
                </ContextProvider<crate::handover::HandoverContext>>
            </ContextProvider<crate::session::SessionHandle>>
        </ContextProvider<SettingsContext>>
    }
}

/// The settings of a root component: loaded from storage, saved on every change, and
/// `<html lang>` and the tab's title kept in step with the language.
#[hook]
pub fn use_app_settings() -> SettingsContext {
    let settings = use_reducer(Settings::load);
    let s = (*settings).clone();
    use_effect_with(s, |s| {
        s.save();
        let document = gloo_utils::document();
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", s.lang.code());
        }
        document.set_title(crate::i18n::texts(s.lang).shell.document_title);
    });
    settings
}

/// The settings handle; panics only if used outside `App`, which is a programming error.
#[hook]
pub fn use_settings() -> SettingsContext {
    use_context::<SettingsContext>().expect("components live inside App")
}
