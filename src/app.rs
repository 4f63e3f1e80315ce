//! The root component: settings, session and handover contexts, router and shell.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::shell::Shell;
use crate::pages;
use crate::route::Route;
use crate::settings::Settings;

pub type SettingsContext = UseReducerHandle<Settings>;

#[function_component(App)]
pub fn app() -> Html {
    let settings = use_reducer(Settings::load);
    // Tokens live in memory only: a reload logs out, by design.
    let session = use_state(|| None::<crate::session::Session>);
    // What pages hand to each other (a certificate to use next, the QR page's loaded signer).
    let handover = use_reducer(crate::handover::Handover::default);
    // The office desk's book, overview and client sessions outlive its page.
    let desk = use_reducer(crate::desk::Desk::default);
    {
        // Persist every change and keep <html lang> in step for screen readers.
        let s = (*settings).clone();
        use_effect_with(s, |s| {
            s.save();
            if let Some(root) = gloo_utils::document().document_element() {
                let _ = root.set_attribute("lang", s.lang.code());
            }
        });
    }
    html! {
        <ContextProvider<SettingsContext> context={settings}>
            <ContextProvider<crate::session::SessionHandle> context={session}>
                <ContextProvider<crate::handover::HandoverContext> context={handover}>
                <ContextProvider<crate::desk::DeskContext> context={desk}>
                    <crate::session::SessionKeeper />
                    <BrowserRouter>
                        <Shell>
                            <Switch<Route> render={pages::switch} />
                        </Shell>
                    </BrowserRouter>
                </ContextProvider<crate::desk::DeskContext>>
                </ContextProvider<crate::handover::HandoverContext>>
            </ContextProvider<crate::session::SessionHandle>>
        </ContextProvider<SettingsContext>>
    }
}

/// The settings handle; panics only if used outside `App`, which is a programming error.
#[hook]
pub fn use_settings() -> SettingsContext {
    use_context::<SettingsContext>().expect("components live inside App")
}
