//! What a protocol step is doing right now, shown the same way by every form: each wait named,
//! a 429 counted down, a failure explained. The state holds values (an [`Activity`], an
//! [`AppFailure`]); the words are chosen when shown, so a language switch changes them too.

use ksef_core::lang::Localized;
use yew::prelude::*;

use crate::failure::AppFailure;
use crate::i18n::texts;
use ksef_core::Lang;

/// The step under way.
#[derive(Clone, Debug, PartialEq)]
pub enum Activity {
    GettingChallenge,
    MakingTestCertificate,
    Signing,
    EncryptingToken,
    Sending,
    /// KSeF's own words for status 100.
    Checking(String),
    CreatingToken,
    SendingRequest,
    /// A stage of making the key and CSR in the worker.
    Key(crate::worker::keygen::Stage),
    /// KSeF is issuing the certificate of this request.
    Issuing(String),
    CheckingSignature,
}

impl Activity {
    fn say(&self, lang: Lang) -> String {
        let t = texts(lang);
        match self {
            Activity::GettingChallenge => t.login.getting_challenge.into(),
            Activity::MakingTestCertificate => t.login.making_test_certificate.into(),
            Activity::Signing => t.login.signing_in_browser.into(),
            Activity::EncryptingToken => t.login.encrypting_token.into(),
            Activity::Sending => t.login.sending_to_ksef.into(),
            Activity::Checking(d) if d.is_empty() => t.login.ksef_checking.into(),
            Activity::Checking(d) => format!("{} ({d})", t.login.ksef_checking),
            Activity::CreatingToken => t.tokens.creating.into(),
            Activity::SendingRequest => t.certificates.sending_request.into(),
            Activity::Key(stage) => stage.label(lang).into(),
            Activity::Issuing(reference) => format!("{} ({reference})", t.certificates.issuing),
            Activity::CheckingSignature => t.login.checking_signature.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub enum Phase {
    #[default]
    Idle,
    Working(Activity),
    /// A 429: seconds left before the same call is sent again.
    RateLimited(u64),
    Failed(AppFailure),
}

impl Phase {
    pub fn busy(&self) -> bool {
        matches!(self, Phase::Working(_) | Phase::RateLimited(_))
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
            <p id="login-progress" class="progress" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>{ what.say(lang) }</p>
        },
        Phase::RateLimited(n) => html! {
            <p id="login-progress" class="notice" role="status" aria-live="polite">{ (texts(lang).login.rate_limited)(*n) }</p>
        },
        Phase::Failed(e) => html! {
            <p id="login-error" class="error" role="alert" data-kind={e.kind()}>{ e.message(lang) }</p>
        },
    }
}
