//! The logged-in session: tokens held in memory only (never in storage), and refreshing the
//! access token before it expires (a failed refresh is shown).

use ksef_core::api::TokenInfo;
use ksef_core::context::ApiContextIdentifier;
use ksef_core::flow::Failure;
use ksef_core::lang::Localized;

use crate::i18n::texts;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Session {
    /// The API base it belongs to (environment and relay).
    pub base: String,
    pub reference: String,
    pub context: ApiContextIdentifier,
    pub method: crate::login_method::LoginMethod,
    pub access: TokenInfo,
    pub refresh: TokenInfo,
}

pub type SessionHandle = UseStateHandle<Option<Session>>;

#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().expect("components live inside App")
}

/// Keeps the access token fresh: refreshes a minute before it expires, for as long as the
/// session stays the same.
#[function_component(SessionKeeper)]
pub fn session_keeper() -> Html {
    let session = use_session();
    let lang = crate::app::use_settings().lang;
    let trouble = use_state(|| None::<Failure>);
    let current = (*session).clone();
    let shown = trouble.clone();
    use_effect_with(current, move |current| {
        trouble.set(None);
        let cancelled = std::rc::Rc::new(std::cell::Cell::new(false));
        if let Some(s) = current.clone() {
            let flag = cancelled.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let now_ms = js_sys::Date::now();
                let expires_ms = (s.access.valid_until.unix_timestamp() * 1000) as f64;
                let wait = (expires_ms - now_ms - 60_000.0).max(5_000.0);
                gloo_timers::future::TimeoutFuture::new(wait.min(u32::MAX as f64) as u32).await;
                if flag.get() {
                    return;
                }
                match crate::api::refresh(&s.base, &s.refresh.token).await {
                    Ok(r) => session.set(Some(Session {
                        access: r.access_token,
                        ..s
                    })),
                    // Retried already (429, no answer): say so while the old token still works.
                    Err(e) => trouble.set(Some(e)),
                }
            });
        }
        move || cancelled.set(true)
    });
    match &*shown {
        Some(e) => html! {
            <p class="error" id="refresh-failed" role="alert">{ texts(lang).sessions.refresh_failed }{ e.message(lang) }</p>
        },
        None => html! {},
    }
}
