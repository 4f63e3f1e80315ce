//! Loading the `Offline` certificate for code II with the shared credential picker. The worker
//! decrypts and keeps the key; the page learns only who signs and until when. The card is a
//! reducer ([`SignerState`]); the worker calls run in its callbacks and report back as actions.

use std::rc::Rc;

use ksef_core::lang::Localized;
use yew::prelude::*;

use crate::app::use_settings;
use crate::components::credentials::{
    CredentialAction, CredentialFiles, CredentialPicker, PickerIds,
};
use crate::components::on;
use crate::failure::AppFailure;
use crate::i18n::texts;
use crate::worker::qr::{ForgetOfflineSigner, LoadOfflineSigner, QrSigner};

const IDS: PickerIds = PickerIds {
    key: "qr-key",
    certificate: "qr-cert",
    password: "qr-password",
    key_loaded: "qr-key-loaded",
    certificate_loaded: "qr-cert-loaded",
    failure: "qr-key-error",
};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignerState {
    pub files: CredentialFiles,
    /// The worker is loading the key.
    pub busy: bool,
    pub failure: Option<AppFailure>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SignerAction {
    Credentials(CredentialAction),
    Loading,
    /// The worker's answer; the signer itself is kept by the app (handover).
    Loaded(Result<QrSigner, AppFailure>),
    Forgot(Result<(), AppFailure>),
}

impl SignerState {
    pub fn ready(&self) -> bool {
        self.files.complete() && !self.busy
    }
}

impl Reducible for SignerState {
    type Action = SignerAction;

    fn reduce(self: Rc<Self>, action: SignerAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            SignerAction::Credentials(a) => s.files.apply(a),
            SignerAction::Loading => {
                s.busy = true;
                s.failure = None;
            }
            SignerAction::Loaded(Ok(_)) => {
                s.busy = false;
                // The worker holds the key now: the password is not kept in the page.
                s.files.apply(CredentialAction::ForgetPassword);
            }
            SignerAction::Loaded(Err(f)) => {
                s.busy = false;
                s.failure = Some(f);
            }
            SignerAction::Forgot(Ok(())) => s.failure = None,
            SignerAction::Forgot(Err(f)) => s.failure = Some(f),
        }
        Rc::new(s)
    }
}

#[derive(Properties, PartialEq)]
pub struct SignerProps {
    pub signer: Option<QrSigner>,
    pub on_change: Callback<Option<QrSigner>>,
}

#[function_component(SignerCard)]
pub fn signer_card(props: &SignerProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let offered = crate::handover::use_offered_certificate();
    let state = use_reducer(|| SignerState {
        files: CredentialFiles::offered((*offered).clone()),
        ..SignerState::default()
    });
    let error = state.failure.as_ref().map(|e| {
        html! { <p id="qr-signer-error" class="error" role="alert" data-kind={e.kind()}>{ e.message(lang) }</p> }
    });
    if let Some(s) = &props.signer {
        let forget = {
            let (on_change, d) = (props.on_change.clone(), state.dispatcher());
            Callback::from(move |_: MouseEvent| {
                let (on_change, d) = (on_change.clone(), d.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let forgot = crate::worker::call(ForgetOfflineSigner).await;
                    if forgot.is_ok() {
                        on_change.emit(None);
                    }
                    d.dispatch(SignerAction::Forgot(forgot.map_err(AppFailure::from)));
                });
            })
        };
        return html! {
            <section class="card" id="qr-signer">
                <h2>{ t.qr.offline_certificate }</h2>
                <p id="qr-signer-loaded" class="ok">{ format!("{} {} · {} {} · {} {}",
                    t.qr.signer_loaded, s.subject,
                    t.qr.serial, s.serial,
                    t.qr.valid_until, s.valid_to) }</p>
                <p class="help">{ t.qr.key_in_memory }</p>
                <button id="qr-forget" type="button" onclick={forget}>{ t.qr.forget_key }</button>
                { error }
            </section>
        };
    }
    let on_submit = {
        let (files, d, on_change) = (
            state.files.clone(),
            state.dispatcher(),
            props.on_change.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // The button is enabled only once the files are complete.
            let Some(credentials) = files.credentials() else {
                return;
            };
            let job = LoadOfflineSigner {
                credentials,
                password: files.password.clone(),
                now_ms: js_sys::Date::now() as i64,
            };
            let (d, on_change) = (d.clone(), on_change.clone());
            d.dispatch(SignerAction::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                let loaded = crate::worker::call(job).await.map_err(AppFailure::from);
                if let Ok(s) = &loaded {
                    on_change.emit(Some(s.clone()));
                }
                d.dispatch(SignerAction::Loaded(loaded));
            });
        })
    };
    html! {
        <section class="card" id="qr-signer">
            <h2>{ t.qr.offline_for_code2 }</h2>
            <p class="help">{ t.qr.code2_needs_start }<code>{ "Offline" }</code>{ t.qr.code2_needs_not }<code>{ "Authentication" }</code>{ t.qr.code2_needs_end }</p>
            <form onsubmit={on_submit}>
                <CredentialPicker ids={IDS} files={state.files.clone()} password_label={t.qr.password}
                    autocomplete="current-password" on_action={on(&state.dispatcher(), SignerAction::Credentials)} />
                <button id="qr-load" type="submit" disabled={!state.ready()}>{
                    if state.busy { t.qr.loading } else { t.qr.load_certificate }
                }</button>
            </form>
            { error }
        </section>
    }
}
