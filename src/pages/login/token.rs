//! Login with a KSeF token: pasted (masked, format checked as typed), encrypted in the tab with
//! KSeF's newest token key; only the ciphertext leaves. The context comes from the token itself.

use ksef_core::api::auth::{AuthorizationPolicy, InitTokenAuthenticationRequest};
use ksef_core::ip_policy::AllowedIps;
use ksef_core::ksef_token::KsefToken;
use ksef_core::lang::Localized;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::progress::{Activity, Phase, PhaseView};
use super::run::{Meet, Met, Run};
use super::target::{IpPolicy, IpPolicyField};
use crate::app::use_settings;
use crate::components::on;
use crate::i18n::texts;
use crate::login_method::KnownSigner;
use crate::session::use_session;
use crate::worker::token::EncryptToken;
use ksef_core::flow::login::{Login, LoginNeed};
use ksef_core::flow::{Failure, LocalFailure};

/// Encrypts the token in the worker for the machine's challenge and key (RSA-OAEP there: the
/// page's wasm carries no RSA or X.509 code).
fn encrypt(token: KsefToken, ips: Option<AllowedIps>) -> Meet {
    Box::new(move |need| {
        let (token, ips) = (token.clone(), ips.clone());
        Box::pin(async move {
            let LoginNeed::EncryptedToken { challenge, key } = need else {
                // A token login never asks for anything else.
                let asked = "the login asked for a signature, not an encrypted token";
                return Err(Failure::local(LocalFailure::Encryption, asked).into());
            };
            let encrypted = crate::worker::call(EncryptToken {
                token: token.expose_secret().to_string(),
                timestamp_ms: challenge.timestamp_ms,
                keys: vec![key],
                now_unix: (js_sys::Date::now() / 1000.0) as i64,
            })
            .await?;
            Ok(Met::Encrypted(InitTokenAuthenticationRequest {
                challenge: challenge.challenge,
                context_identifier: token.context(),
                encrypted_token: encrypted.encrypted,
                public_key_id: Some(encrypted.key_id),
                authorization_policy: ips.as_ref().map(|a| AuthorizationPolicy {
                    allowed_ips: Some(a.to_api()),
                }),
            }))
        })
    })
}

/// The token form as a reducer: the pasted text, whether it is shown, the IP policy, the phase.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenForm {
    pub text: String,
    pub shown: bool,
    /// The IP policy as typed.
    pub ips: IpPolicy,
    pub phase: Phase,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TokenAction {
    Text(String),
    ToggleShown,
    Ips(IpPolicy),
    Phase(Phase),
}

impl Default for TokenForm {
    fn default() -> TokenForm {
        TokenForm {
            text: String::new(),
            shown: false,
            ips: Ok(None),
            phase: Phase::Idle,
        }
    }
}

impl TokenForm {
    pub fn token(&self) -> Result<KsefToken, ksef_core::ksef_token::TokenFormatError> {
        self.text.trim().parse()
    }

    /// The token and the policy to log in with, once both are valid and nothing runs.
    pub fn request(&self) -> Option<(KsefToken, Option<AllowedIps>)> {
        let ips = self.ips.clone().ok()?;
        (!self.phase.busy()).then_some(())?;
        Some((self.token().ok()?, ips))
    }
}

impl Reducible for TokenForm {
    type Action = TokenAction;

    fn reduce(self: Rc<Self>, action: TokenAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            TokenAction::Text(t) => s.text = t,
            TokenAction::ToggleShown => s.shown = !s.shown,
            TokenAction::Ips(ips) => s.ips = ips,
            TokenAction::Phase(p) => s.phase = p,
        }
        Rc::new(s)
    }
}

#[function_component(TokenLogin)]
pub fn token_login() -> Html {
    let settings = use_settings();
    let session = use_session();
    let lang = settings.lang;
    let t = texts(lang);
    let state = use_reducer(TokenForm::default);
    let d = state.dispatcher();
    let parsed = state.token();
    let error = match (&parsed, state.text.is_empty()) {
        (Err(e), false) => Some(e.message(lang)),
        _ => None,
    };
    let on_submit = {
        let (request, d, session, base) = (
            state.request(),
            d.clone(),
            session.clone(),
            settings.api_base(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // The button is enabled only when there is a request.
            let Some((token, allowed)) = request.clone() else {
                return;
            };
            let run = Run {
                base: base.clone(),
                context: token.context(),
                signer: KnownSigner::Unknown,
                phase: on(&d, TokenAction::Phase),
                session: session.clone(),
            };
            d.dispatch(TokenAction::Phase(Phase::Working(
                Activity::GettingChallenge,
            )));
            wasm_bindgen_futures::spawn_local(
                run.login(Login::ksef_token(), encrypt(token, allowed)),
            );
        })
    };
    let shown = state.shown;
    html! {
        <form class="method" id="token-login" onsubmit={on_submit} novalidate=true>
            <label for="ksef-token">{ t.common.ksef_token }</label>
            <div class="inline">
                <input id="ksef-token" type={if shown { "text" } else { "password" }} value={state.text.clone()}
                    oninput={on(&d, |e: InputEvent| TokenAction::Text(e.target_unchecked_into::<HtmlInputElement>().value()))}
                    autocomplete="off" spellcheck="false" aria-invalid={error.is_some().to_string()} aria-describedby="ksef-token-error" />
                <button type="button" class="secondary" onclick={on(&d, |_: MouseEvent| TokenAction::ToggleShown)} aria-pressed={shown.to_string()}>
                    { if shown { t.login.hide } else { t.login.show } }
                </button>
            </div>
            if let Some(e) = &error {
                <p id="ksef-token-error" class="error" role="alert">{ e }</p>
            }
            if let Ok(t) = &parsed {
                <p class="help">{ texts(lang).login.context_from_token }<code>{ format!("{} {}", t.context().kind.label(lang), t.context().value) }</code></p>
            }
            <p class="help">{ t.login.token_encrypted_here }</p>
            <IpPolicyField on_change={on(&d, TokenAction::Ips)} />
            <button id="token-submit" type="submit" disabled={state.request().is_none()}>
                { t.login.log_in_with_token }
            </button>
            <PhaseView phase={state.phase.clone()} />
        </form>
    }
}
