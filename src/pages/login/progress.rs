//! What a login is doing right now, shown the same way by all three methods: each wait named,
//! a 429 counted down, a failure explained (with KSeF's trace id).

use ksef_core::api::auth::AuthenticationInitResponse;
use ksef_core::context::ApiContextIdentifier;
use ksef_core::error::KsefError;
use ksef_core::lang::{Lang, Localized};
use yew::prelude::*;

use crate::i18n::{in_lang, texts};
use crate::login_method::KnownSigner;
use crate::session::{finish_login, LoginFailure, SessionHandle};

#[derive(Clone, Debug, PartialEq, Default)]
pub enum Phase {
    #[default]
    Idle,
    Working(String),
    /// Seconds left before the automatic retry after a 429.
    RateLimited(u64),
    Failed(String),
    /// A failure said in both languages, shown in the current one (the user may switch).
    Failure {
        pl: String,
        en: String,
    },
}

impl Phase {
    pub fn busy(&self) -> bool {
        matches!(self, Phase::Working(_) | Phase::RateLimited(_))
    }

    pub fn failure(pl: impl Into<String>, en: impl Into<String>) -> Phase {
        Phase::Failure {
            pl: pl.into(),
            en: en.into(),
        }
    }

    fn failed_with(e: &dyn Localized) -> Phase {
        Phase::failure(e.message(Lang::Pl), e.message(Lang::En))
    }
}

/// Reports 429 countdowns into `phase`.
pub fn on_wait(phase: &UseStateHandle<Phase>, resume: &'static str) -> impl Fn(u64) {
    let phase = phase.clone();
    move |left| {
        phase.set(match left {
            0 => Phase::Working(resume.to_string()),
            n => Phase::RateLimited(n),
        })
    }
}

/// Shows `e` (in either language, as the user switches). `_lang`: kept for the callers.
pub fn failed(phase: &UseStateHandle<Phase>, e: &KsefError, _lang: Lang) {
    phase.set(Phase::failed_with(e));
}

/// Submitted: polls, redeems, and on success stores the session.
pub async fn complete(
    base: String,
    context: ApiContextIdentifier,
    init: AuthenticationInitResponse,
    signer: KnownSigner,
    phase: UseStateHandle<Phase>,
    session: SessionHandle,
    lang: Lang,
) {
    let waiting = phase.clone();
    let progress = move |description: String| {
        waiting.set(Phase::Working(format!(
            "{} ({description})",
            texts(lang).login.ksef_checking
        )))
    };
    match finish_login(base, context, init, signer, progress).await {
        Ok(s) => {
            phase.set(Phase::Idle);
            session.set(Some(s));
        }
        Err(LoginFailure::Api(e)) => failed(&phase, &e, lang),
        Err(f) => phase.set(Phase::failure(f.message(Lang::Pl), f.message(Lang::En))),
    }
}

#[derive(Properties, PartialEq)]
pub struct PhaseProps {
    pub phase: Phase,
}

#[function_component(PhaseView)]
pub fn phase_view(props: &PhaseProps) -> Html {
    let lang = crate::app::use_settings().lang;
    match &props.phase {
        Phase::Idle => html! {},
        Phase::Working(what) => html! {
            <p id="login-progress" class="progress" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>{ what }</p>
        },
        Phase::RateLimited(n) => html! {
            <p id="login-progress" class="notice" role="status" aria-live="polite">{ (texts(lang).login.rate_limited)(*n) }</p>
        },
        Phase::Failed(msg) => html! {
            <p id="login-error" class="error" role="alert">{ msg }</p>
        },
        Phase::Failure { pl, en } => html! {
            <p id="login-error" class="error" role="alert">{ in_lang(lang, pl, en) }</p>
        },
    }
}
