//! The desk's certificate, picked with the shared credential picker. The worker decrypts and
//! keeps the key until "Forget"; the page learns only who signs. The card is a reducer.

use std::rc::Rc;

use ksef_core::lang::Localized;
use yew::prelude::*;

use crate::app::use_settings;
use crate::components::credentials::{
    CredentialAction, CredentialFiles, CredentialPicker, PickerIds,
};
use crate::components::on;
use crate::desk::{use_desk, DeskAction};
use crate::failure::AppFailure;
use crate::i18n::texts;
use crate::worker::desk::{DeskSigner, ForgetDeskSigner, LoadDeskSigner};

const IDS: PickerIds = PickerIds {
    key: "desk-key",
    certificate: "desk-cert",
    password: "desk-password",
    key_loaded: "desk-key-loaded",
    certificate_loaded: "desk-cert-loaded",
    failure: "desk-key-error",
};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SignerState {
    pub files: CredentialFiles,
    pub busy: bool,
    pub failure: Option<AppFailure>,
}

pub enum SignerAction {
    Credentials(CredentialAction),
    Working,
    /// The worker's answer (a loaded signer, or the key forgotten); the signer is the desk's.
    Answered(Result<Option<DeskSigner>, AppFailure>),
}

impl Reducible for SignerState {
    type Action = SignerAction;

    fn reduce(self: Rc<Self>, action: SignerAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            SignerAction::Credentials(a) => s.files.apply(a),
            SignerAction::Working => {
                s.busy = true;
                s.failure = None;
            }
            SignerAction::Answered(end) => {
                s.busy = false;
                // The worker holds the key now (or nothing): the password is not kept.
                s.files.apply(CredentialAction::ForgetPassword);
                s.failure = end.err();
            }
        }
        Rc::new(s)
    }
}

#[function_component(DeskSignerCard)]
pub fn desk_signer_card() -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).desk;
    let desk = use_desk();
    let state = use_reducer(SignerState::default);
    let run = {
        let (d, desk) = (state.dispatcher(), desk.dispatcher());
        Rc::new(move |job: Option<LoadDeskSigner>| {
            let (d, desk) = (d.clone(), desk.clone());
            d.dispatch(SignerAction::Working);
            wasm_bindgen_futures::spawn_local(async move {
                let end = match job {
                    Some(job) => crate::worker::call(job).await.map(Some),
                    None => crate::worker::call(ForgetDeskSigner).await.map(|()| None),
                };
                let end = end.map_err(AppFailure::from);
                if let Ok(signer) = &end {
                    desk.dispatch(DeskAction::Signer(signer.clone()));
                }
                d.dispatch(SignerAction::Answered(end));
            });
        })
    };
    let failure = state.failure.as_ref().map(|e| {
        html! { <p id="desk-signer-error" class="error" role="alert">{ e.message(lang) }</p> }
    });
    if let Some(s) = &desk.signer {
        let run = run.clone();
        return html! {
            <section class="card" id="desk-signer">
                <h3>{ t.certificate }</h3>
                <p id="desk-signer-loaded" class="ok">{ (t.loaded)(&s.subject, &s.valid_to) }</p>
                <button id="desk-forget" type="button" class="secondary" onclick={move |_| run(None)}>{ t.forget }</button>
                { for failure }
            </section>
        };
    }
    let on_submit = {
        let files = state.files.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // The button is enabled only once the files are complete.
            if let Some(credentials) = files.credentials() {
                run(Some(LoadDeskSigner {
                    credentials,
                    password: files.password.clone(),
                    now_ms: js_sys::Date::now() as i64,
                }));
            }
        })
    };
    let ready = state.files.complete() && !state.busy;
    html! {
        <section class="card" id="desk-signer">
            <h3>{ t.certificate }</h3>
            <p class="help">{ t.certificate_help }</p>
            <form onsubmit={on_submit}>
                <CredentialPicker ids={IDS} files={state.files.clone()} password_label={t.password}
                    autocomplete="current-password" on_action={on(&state.dispatcher(), SignerAction::Credentials)} />
                <button id="desk-load" type="submit" disabled={!ready}>
                    { if state.busy { t.loading } else { t.load } }
                </button>
            </form>
            { for failure }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::Picked;
    use crate::worker::WorkerFailure;

    #[test]
    fn a_refused_load_keeps_the_files_drops_the_password_and_says_why() {
        let key = Picked {
            name: "biuro.p12".into(),
            bytes: vec![0x30],
        };
        let mut s = Rc::new(SignerState::default());
        for a in [
            SignerAction::Credentials(CredentialAction::Read(
                crate::components::credentials::Slot::Key,
                Ok(key),
            )),
            SignerAction::Credentials(CredentialAction::Password("haslo".into())),
            SignerAction::Working,
        ] {
            s = s.reduce(a);
        }
        assert!(s.busy && s.files.complete());
        let refused = AppFailure::Worker(WorkerFailure::NoDeskCertificate);
        let s = s.reduce(SignerAction::Answered(Err(refused.clone())));
        assert!(!s.busy && s.files.complete() && s.files.password.is_empty());
        assert_eq!(s.failure, Some(refused));
    }
}
