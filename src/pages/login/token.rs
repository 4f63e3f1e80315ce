//! Login with a KSeF token: pasted (masked, format checked as typed), encrypted in the tab with
//! KSeF's newest token key; only the ciphertext leaves. The context comes from the token itself.

use ksef_core::api::auth::{AuthorizationPolicy, InitTokenAuthenticationRequest};
use ksef_core::ip_policy::AllowedIps;
use ksef_core::ksef_token::KsefToken;
use ksef_core::lang::Localized;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::progress::{Activity, Phase, PhaseView};
use super::run::{Meet, Met, Run};
use super::target::IpPolicyField;
use crate::app::use_settings;
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

#[function_component(TokenLogin)]
pub fn token_login() -> Html {
    let settings = use_settings();
    let session = use_session();
    let lang = settings.lang;
    let t = texts(lang);
    let text = use_state(String::new);
    let shown = use_state(|| false);
    let ips = use_state(|| Ok::<Option<AllowedIps>, String>(None));
    let phase = use_state(Phase::default);
    let parsed = text.trim().parse::<KsefToken>();
    let error = match (&parsed, text.is_empty()) {
        (Err(e), false) => Some(e.message(lang)),
        _ => None,
    };
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let toggle = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(!*shown))
    };
    let on_ips = {
        let ips = ips.clone();
        Callback::from(move |r| ips.set(r))
    };
    let on_submit = {
        let (phase, session, base, ips) = (
            phase.clone(),
            session.clone(),
            settings.api_base(),
            ips.clone(),
        );
        let token = parsed.clone().ok();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(token), Ok(allowed)) = (token.clone(), (*ips).clone()) else {
                return;
            };
            let run = Run {
                base: base.clone(),
                context: token.context(),
                signer: KnownSigner::Unknown,
                phase: phase.clone(),
                session: session.clone(),
            };
            phase.set(Phase::Working(Activity::GettingChallenge));
            wasm_bindgen_futures::spawn_local(
                run.login(Login::ksef_token(), encrypt(token, allowed)),
            );
        })
    };
    html! {
        <form class="method" id="token-login" onsubmit={on_submit} novalidate=true>
            <label for="ksef-token">{ t.common.ksef_token }</label>
            <div class="inline">
                <input id="ksef-token" type={if *shown { "text" } else { "password" }} value={(*text).clone()} oninput={on_input}
                    autocomplete="off" spellcheck="false" aria-invalid={error.is_some().to_string()} aria-describedby="ksef-token-error" />
                <button type="button" class="secondary" onclick={toggle} aria-pressed={shown.to_string()}>
                    { if *shown { t.login.hide } else { t.login.show } }
                </button>
            </div>
            if let Some(e) = &error {
                <p id="ksef-token-error" class="error" role="alert">{ e }</p>
            }
            if let Ok(t) = &parsed {
                <p class="help">{ texts(lang).login.context_from_token }<code>{ format!("{} {}", t.context().kind.label(lang), t.context().value) }</code></p>
            }
            <p class="help">{ t.login.token_encrypted_here }</p>
            <IpPolicyField on_change={on_ips} />
            <button id="token-submit" type="submit" disabled={parsed.is_err() || ips.is_err() || phase.busy()}>
                { t.login.log_in_with_token }
            </button>
            <PhaseView phase={(*phase).clone()} />
        </form>
    }
}
