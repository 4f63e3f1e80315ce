//! The first visit's app: the page frame and the login page, about half the full app's wasm,
//! so a first visit on a slow connection can log in sooner. The full app (bin `klucznik-app`,
//! every page) is fetched after the first paint and takes over, with the session, at the first
//! step away from the login page.

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::{use_app_settings, use_settings, SettingsContext};
use crate::components::shell::Shell;
use crate::i18n::texts;
use crate::route::Route;
use crate::session::{use_session, Session, SessionHandle};

/// Where Trunk puts the full app (`data-type="worker"` on its `<link>`: built, not started).
const APP_JS: &str = "/klucznik-app.js";
const APP_WASM: &str = "/klucznik-app_bg.wasm";

// Dynamic `import()` has no binding in js-sys or web-sys; the one promise serves every caller.
// Browsers that keep a failed import's answer for the page's lifetime get a fresh address.
#[wasm_bindgen(inline_js = "let app, tries = 0;
export function load_app(js, wasm) {
  app ??= import(tries ? `${js}?try=${tries}` : js)
    .then(async (m) => { await m.default({ module_or_path: wasm }); return m; })
    .catch((e) => { app = undefined; tries += 1; throw e; });
  return app;
}")]
extern "C" {
    fn load_app(js: &str, wasm: &str) -> js_sys::Promise;
}

thread_local! {
    /// The mounted first-visit app: the hand-over unmounts it (it is the app, not page state).
    static MOUNTED: RefCell<Option<(AppHandle<BootApp>, web_sys::Element)>> =
        const { RefCell::new(None) };
}

/// Mounts the first-visit app on a fresh element of `<body>`.
pub fn mount() {
    let root = crate::new_root();
    let handle = yew::Renderer::<BootApp>::with_root(root.clone()).render();
    MOUNTED.with(|m| *m.borrow_mut() = Some((handle, root)));
}

#[function_component(BootApp)]
fn boot_app() -> Html {
    let settings: SettingsContext = use_app_settings();
    let session: SessionHandle = use_state(|| None::<Session>);
    let handover = use_reducer(crate::handover::Handover::default);
    // After the first paint: most users leave the login page soon after logging in.
    use_effect_with((), |_| {
        wasm_bindgen_futures::spawn_local(async {
            // A failure here is shown by the hand-over, which tries again.
            if JsFuture::from(load_app(APP_JS, APP_WASM)).await.is_ok() {
                // For `cargo xtask bench load` (and the browser's performance panel).
                if let Some(performance) = gloo_utils::window().performance() {
                    let _ = performance.mark("klucznik-app-loaded");
                }
            }
        })
    });
    html! {
        <ContextProvider<SettingsContext> context={settings}>
            <ContextProvider<SessionHandle> context={session}>
                <ContextProvider<crate::handover::HandoverContext> context={handover}>
                    <crate::session::SessionKeeper />
                    <BrowserRouter>
                        <Shell>
                            <Switch<Route> render={switch} />
                        </Shell>
                    </BrowserRouter>
                </ContextProvider<crate::handover::HandoverContext>>
            </ContextProvider<SessionHandle>>
        </ContextProvider<SettingsContext>>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Login => html! { <crate::pages::login::LoginPage /> },
        _ => html! { <HandOver /> },
    }
}

/// Any other page: waits for the full app, then gives it the page and the session.
#[function_component(HandOver)]
fn hand_over() -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let session = use_session();
    let attempt = use_state(|| 0u32);
    let failed = use_state(|| false);
    {
        let (session, failed) = ((*session).clone(), failed.clone());
        use_effect_with(*attempt, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = take_over(session).await {
                    web_sys::console::warn_2(&"the full app did not load:".into(), &e);
                    failed.set(true);
                }
            })
        });
    }
    let retry = {
        let (attempt, failed) = (attempt.clone(), failed.clone());
        Callback::from(move |_: MouseEvent| {
            failed.set(false);
            attempt.set(*attempt + 1);
        })
    };
    html! {
        <section class="card" id="loading-app">
            if *failed {
                <p class="error" role="alert">{ t.shell.app_failed }</p>
                <button type="button" id="load-app-again" onclick={retry}>{ t.shell.try_again }</button>
            } else {
                <p role="status" aria-busy="true">{ t.shell.loading_app }</p>
            }
        </section>
    }
}

/// Loads the full app, unmounts this one and starts it with `session`.
async fn take_over(session: Option<Session>) -> Result<(), JsValue> {
    let module = JsFuture::from(load_app(APP_JS, APP_WASM)).await?;
    let start: Function = Reflect::get(&module, &"take_over".into())?.dyn_into()?;
    let session = match session {
        Some(s) => JsValue::from(serde_json::to_string(&s).map_err(|e| e.to_string())?),
        None => JsValue::NULL,
    };
    // The full app runs its own key worker.
    crate::worker::stop();
    if let Some((handle, root)) = MOUNTED.with(|m| m.borrow_mut().take()) {
        handle.destroy();
        root.remove();
    }
    start.call1(&JsValue::NULL, &session).map(drop)
}
