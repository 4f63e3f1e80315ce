//! The first visit's app: the page frame and the login page, about half the full app's wasm,
//! so a first visit on a slow connection can log in sooner. The full app (bin `klucznik-app`,
//! every page) is fetched after the first paint and takes over, with the session, at the first
//! step away from the login page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::{use_app_settings, use_settings, SettingsContext};
use crate::components::shell::Shell;
use crate::i18n::texts;
use crate::route::Route;
use crate::session::{Session, SessionHandle};

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
    /// The session as it is now, for the hand-over (a handle read later holds an older one).
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Whether the first-visit app is still the one on the page.
pub fn mounted() -> bool {
    MOUNTED.with(|m| m.borrow().is_some())
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
    use_effect_with((*session).clone(), |s| {
        SESSION.with(|current| *current.borrow_mut() = s.clone())
    });
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

/// Any other page: waits for the full app, then gives it the page and the session. Leaving
/// this page (back to logging in) calls the hand-over off.
#[function_component(HandOver)]
fn hand_over() -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let attempt = use_state(|| 0u32);
    let failed = use_state(|| false);
    {
        let failed = failed.clone();
        use_effect_with(*attempt, move |_| {
            let cancelled = Rc::new(Cell::new(false));
            let flag = cancelled.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = take_over(&flag).await {
                    web_sys::console::warn_2(&"the full app did not start:".into(), &e);
                    if !flag.get() {
                        failed.set(true);
                    }
                }
            });
            move || cancelled.set(true)
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

/// Loads the full app, lets a running login end, starts the full app with the session as it
/// is then, and unmounts this one. Nothing happens once `cancelled`, or when another
/// hand-over came first.
async fn take_over(cancelled: &Cell<bool>) -> Result<(), JsValue> {
    let module = JsFuture::from(load_app(APP_JS, APP_WASM)).await?;
    let start: Function = Reflect::get(&module, &"take_over".into())?.dyn_into()?;
    while crate::pages::login::running() > 0 && !cancelled.get() {
        yew::platform::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // From here on nothing waits: the check and the hand-over are one step.
    if cancelled.get() || !mounted() {
        return Ok(());
    }
    let session = match SESSION.with(|s| s.borrow().clone()) {
        Some(s) => JsValue::from(serde_json::to_string(&s).map_err(|e| e.to_string())?),
        None => JsValue::NULL,
    };
    // The full app mounts first: if it cannot start, this one stays and says so.
    start.call1(&JsValue::NULL, &session)?;
    if let Some((handle, root)) = MOUNTED.with(|m| m.borrow_mut().take()) {
        handle.destroy();
        root.remove();
    }
    // The full app runs its own key worker.
    crate::worker::stop();
    Ok(())
}
