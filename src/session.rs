//! The logged-in session: tokens held in memory only (never in storage), finishing a login
//! (status polling and redeem), and refreshing the access token before it expires.

use ksef_core::api::auth::AuthenticationInitResponse;
use ksef_core::api::TokenInfo;
use ksef_core::context::ApiContextIdentifier;
use ksef_core::error::KsefError;
use ksef_core::lang::Lang;
use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
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

/// Why a login did not finish: a KSeF error, or a final status other than 200.
#[derive(Clone, Debug, PartialEq)]
pub enum LoginFailure {
    Api(KsefError),
    Status { code: i32, details: Vec<String> },
}

impl LoginFailure {
    pub fn message(&self, lang: Lang) -> String {
        use ksef_core::lang::Localized;
        match self {
            LoginFailure::Api(e) => e.message(lang),
            LoginFailure::Status { code, details } => {
                ksef_core::auth_status::failure_message(*code, details, lang)
            }
        }
    }
}

impl From<KsefError> for LoginFailure {
    fn from(e: KsefError) -> LoginFailure {
        LoginFailure::Api(e)
    }
}

/// Polls the operation until it leaves 100 (backing off from 0.5 s to 2 s), then redeems.
/// `progress` hears each status description while waiting.
pub async fn finish_login(
    base: String,
    context: ApiContextIdentifier,
    init: AuthenticationInitResponse,
    signer: crate::login_method::KnownSigner,
    progress: impl Fn(String),
) -> Result<Session, LoginFailure> {
    let reference = init.reference_number.to_string();
    let auth = init.authentication_token.token;
    let mut delay = 500;
    let status = loop {
        let s =
            crate::api::with_retry(|| crate::api::status(&base, &reference, &auth), |_| {}).await?;
        if s.status.code != 100 {
            break s;
        }
        progress(s.status.description.clone());
        gloo_timers::future::TimeoutFuture::new(delay).await;
        delay = (delay * 3 / 2).min(2000);
    };
    if status.status.code != 200 {
        return Err(LoginFailure::Status {
            code: status.status.code,
            details: status.status.details.unwrap_or_default(),
        });
    }
    let tokens = crate::api::redeem(&base, &auth).await?;
    let method = crate::login_method::LoginMethod::new(&status, signer);
    Ok(Session {
        base,
        reference,
        context,
        method,
        access: tokens.access_token,
        refresh: tokens.refresh_token,
    })
}

/// Keeps the access token fresh: refreshes a minute before it expires, for as long as the
/// session stays the same.
#[function_component(SessionKeeper)]
pub fn session_keeper() -> Html {
    let session = use_session();
    let current = (*session).clone();
    use_effect_with(current, move |current| {
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
                if let Ok(r) = crate::api::refresh(&s.base, &s.refresh.token).await {
                    session.set(Some(Session {
                        access: r.access_token,
                        ..s
                    }));
                }
            });
        }
        move || cancelled.set(true)
    });
    html! {}
}
