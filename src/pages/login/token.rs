//! Login with a KSeF token: pasted (masked, format checked as typed), encrypted in the tab with
//! KSeF's newest token key; only the ciphertext leaves. The context comes from the token itself.

use ksef_core::api::auth::{AuthorizationPolicy, InitTokenAuthenticationRequest};
use ksef_core::ip_policy::AllowedIps;
use ksef_core::ksef_token::KsefToken;
use ksef_core::lang::{Lang, Localized};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::progress::{complete, failed, on_wait, Phase, PhaseView};
use super::target::IpPolicyField;
use crate::app::use_settings;
use crate::i18n::{in_lang, texts};
use crate::login_method::KnownSigner;
use crate::session::use_session;

/// Keys, challenge, encryption and submission; after 21470 (key withdrawn) the keys are fetched
/// again and the login retried once.
async fn submit(
    base: &str,
    token: &KsefToken,
    ips: Option<AllowedIps>,
    phase: &UseStateHandle<Phase>,
    lang: Lang,
) -> Result<ksef_core::api::auth::AuthenticationInitResponse, ksef_core::error::KsefError> {
    let t = texts(lang);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let keys = crate::api::public_keys(base).await?;
        let wait = on_wait(phase, t.login.getting_challenge);
        let challenge = crate::api::with_retry(|| crate::api::challenge(base), wait).await?;
        // RSA-OAEP in the worker: the page's wasm carries no RSA or X.509 code.
        let encrypted =
            crate::keygen::encrypt_token_in_worker(crate::keygen::TokenEncryptRequest {
                token: token.expose_secret().to_string(),
                timestamp_ms: challenge.timestamp_ms,
                keys,
                now_unix: (js_sys::Date::now() / 1000.0) as i64,
            })
            .await
            .map_err(|(pl, en)| ksef_core::error::KsefError {
                descriptions: vec![in_lang(lang, pl, en)],
                ..Default::default()
            })?;
        let (encrypted, key_id) = (encrypted.encrypted, encrypted.key_id);
        let req = InitTokenAuthenticationRequest {
            challenge: challenge.challenge,
            context_identifier: token.context(),
            encrypted_token: encrypted,
            public_key_id: Some(key_id),
            authorization_policy: ips.as_ref().map(|a| AuthorizationPolicy {
                allowed_ips: Some(a.to_api()),
            }),
        };
        let wait = on_wait(phase, t.login.sending_to_ksef);
        match crate::api::with_retry(|| crate::api::submit_token(base, &req), wait).await {
            Err(e) if e.code() == Some(21470) && attempt == 1 => continue,
            other => return other,
        }
    }
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
            let (phase, session, base) = (phase.clone(), session.clone(), base.clone());
            phase.set(Phase::Working(t.login.encrypting_token.into()));
            wasm_bindgen_futures::spawn_local(async move {
                match submit(&base, &token, allowed, &phase, lang).await {
                    Ok(init) => {
                        complete(
                            base,
                            token.context(),
                            init,
                            KnownSigner::Unknown,
                            phase,
                            session,
                            lang,
                        )
                        .await
                    }
                    Err(e) => failed(&phase, &e, lang),
                }
            });
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
