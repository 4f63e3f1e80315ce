//! The credential picker shared by the certificate login and the QR page's Offline signer: a key
//! file (`.key`/`.pem`/`.der`) with its certificate, or a `.p12`/`.pfx` alone, and the password.
//! The files are read here; what was picked lives in the page's reducer as [`CredentialFiles`],
//! so a page can fill it (an offered or a freshly made certificate) and test it natively.

use ksef_core::flow::Failure;
use ksef_core::lang::Localized;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::use_settings;
use crate::failure::AppFailure;
use crate::files::{Picked, KEY_FILES};
use crate::i18n::texts;
use crate::worker::credentials::Credentials;

/// Which file input a file came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Key,
    Certificate,
}

/// The picked files and the typed password; a file that could not be read is kept as a failure.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CredentialFiles {
    pub key: Option<Picked>,
    pub certificate: Option<Picked>,
    pub password: String,
    pub failure: Option<AppFailure>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CredentialAction {
    /// A file was read, or could not be (too large, unreadable).
    Read(Slot, Result<Picked, Failure>),
    Password(String),
    /// Files the page made itself (a test certificate): from now on it signs with them.
    Made {
        key: Picked,
        certificate: Picked,
    },
    /// The key is loaded somewhere safer (the worker): the password is not kept.
    ForgetPassword,
}

impl CredentialFiles {
    /// Starts with a certificate offered by another page, if any.
    pub fn offered(certificate: Option<Picked>) -> CredentialFiles {
        CredentialFiles {
            certificate,
            ..CredentialFiles::default()
        }
    }

    pub fn apply(&mut self, action: CredentialAction) {
        match action {
            CredentialAction::Read(slot, Ok(file)) => {
                self.failure = None;
                match slot {
                    Slot::Key => self.key = Some(file),
                    Slot::Certificate => self.certificate = Some(file),
                }
            }
            // The earlier file stays: a failed pick changes nothing but the message.
            CredentialAction::Read(_, Err(f)) => self.failure = Some(f.into()),
            CredentialAction::Password(p) => self.password = p,
            CredentialAction::Made { key, certificate } => {
                self.key = Some(key);
                self.certificate = Some(certificate);
                self.failure = None;
            }
            CredentialAction::ForgetPassword => self.password.clear(),
        }
    }

    /// A key file needs its certificate; a `.p12` carries one.
    pub fn needs_certificate(&self) -> bool {
        self.key
            .as_ref()
            .is_some_and(|k| !crate::files::is_p12(&k.name))
    }

    /// What the worker signs with, once the files are complete.
    pub fn credentials(&self) -> Option<Credentials> {
        Credentials::from_files(self.key.as_ref()?, self.certificate.as_ref())
    }

    pub fn complete(&self) -> bool {
        self.key.is_some() && (!self.needs_certificate() || self.certificate.is_some())
    }
}

/// The element ids of one picker (the e2e tests and labels use them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PickerIds {
    pub key: &'static str,
    pub certificate: &'static str,
    pub password: &'static str,
    pub key_loaded: &'static str,
    pub certificate_loaded: &'static str,
    pub failure: &'static str,
}

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub ids: PickerIds,
    pub files: CredentialFiles,
    pub on_action: Callback<CredentialAction>,
    pub password_label: AttrValue,
    /// The files are not asked for (a test certificate is made instead); the password still is.
    #[prop_or_default]
    pub files_hidden: bool,
    #[prop_or(AttrValue::Static("off"))]
    pub autocomplete: AttrValue,
    /// Shown under the password.
    #[prop_or_default]
    pub children: Html,
}

/// Reads the picked file and reports it as an action; a pick with no file reports nothing,
/// as the input itself then shows no file.
fn reader(slot: Slot, on_action: Callback<CredentialAction>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        if let Some(file) = crate::files::from_input(&e) {
            let on_action = on_action.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let read = crate::files::read(file).await;
                on_action.emit(CredentialAction::Read(slot, read));
            });
        }
    })
}

#[function_component(CredentialPicker)]
pub fn credential_picker(props: &PickerProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let (ids, f) = (props.ids, &props.files);
    let on_password = props.on_action.reform(|e: InputEvent| {
        CredentialAction::Password(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    html! {
        <>
            <fieldset hidden={props.files_hidden}>
                <legend>{ t.common.ksef_certificate }</legend>
                <label for={ids.key}>{ t.common.key_files_start }<code>{ ".key" }</code>{ ", " }<code>{ ".pem" }</code>{ t.common.key_files_or }<code>{ ".der" }</code>{ t.common.key_files_or_file }<code>{ ".p12" }</code>{ "/" }<code>{ ".pfx" }</code></label>
                <input id={ids.key} type="file" accept={KEY_FILES} onchange={reader(Slot::Key, props.on_action.clone())} />
                if let Some(k) = &f.key {
                    <p class="help" id={ids.key_loaded}>{ t.login.key_loaded }<code>{ &k.name }</code></p>
                }
                if let Some(c) = &f.certificate {
                    <p class="help" id={ids.certificate_loaded}>{ t.common.certificate_loaded }<code>{ &c.name }</code></p>
                }
                if f.needs_certificate() {
                    <label for={ids.certificate}>{ t.login.certificate_file }</label>
                    <input id={ids.certificate} type="file" accept=".crt,.cer,.pem,.der" onchange={reader(Slot::Certificate, props.on_action.clone())} />
                }
                if let Some(e) = &f.failure {
                    <p id={ids.failure} class="error" role="alert" data-kind={e.kind()}>{ e.message(lang) }</p>
                }
            </fieldset>
            <fieldset>
                <label for={ids.password}>{ props.password_label.clone() }</label>
                <input id={ids.password} type="password" value={f.password.clone()} oninput={on_password} autocomplete={props.autocomplete.clone()} />
                { props.children.clone() }
            </fieldset>
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ksef_core::flow::LocalFailure;

    fn file(name: &str) -> Picked {
        Picked {
            name: name.into(),
            bytes: b"-----BEGIN-----".to_vec(),
        }
    }

    fn after(actions: Vec<CredentialAction>) -> CredentialFiles {
        let mut f = CredentialFiles::default();
        actions.into_iter().for_each(|a| f.apply(a));
        f
    }

    #[test]
    fn a_key_file_waits_for_its_certificate_and_a_p12_does_not() {
        let key = after(vec![CredentialAction::Read(Slot::Key, Ok(file("a.key")))]);
        assert!(key.needs_certificate() && !key.complete() && key.credentials().is_none());
        let both = after(vec![
            CredentialAction::Read(Slot::Key, Ok(file("a.key"))),
            CredentialAction::Read(Slot::Certificate, Ok(file("a.crt"))),
        ]);
        assert!(both.complete() && both.credentials().is_some());
        let p12 = after(vec![CredentialAction::Read(Slot::Key, Ok(file("a.PFX")))]);
        assert!(!p12.needs_certificate() && p12.complete());
        assert!(matches!(
            p12.credentials(),
            Some(Credentials::Pkcs12 { .. })
        ));
    }

    #[test]
    fn an_offered_certificate_fills_its_slot() {
        let mut f = CredentialFiles::offered(Some(file("offered.crt")));
        f.apply(CredentialAction::Read(Slot::Key, Ok(file("a.key"))));
        assert!(f.complete());
    }

    #[test]
    fn a_file_too_large_or_unreadable_is_shown_and_keeps_the_earlier_file() {
        for kind in [LocalFailure::FileTooLarge, LocalFailure::FileUnreadable] {
            let f = after(vec![
                CredentialAction::Read(Slot::Key, Ok(file("good.key"))),
                CredentialAction::Read(Slot::Key, Err(Failure::local(kind, "big.key"))),
            ]);
            assert_eq!(f.key.as_ref().map(|k| k.name.as_str()), Some("good.key"));
            let failure = f.failure.expect("the failure is shown");
            assert_eq!(failure, AppFailure::from(Failure::local(kind, "big.key")));
            // A good pick afterwards clears it.
            let mut f2 = CredentialFiles::default();
            f2.apply(CredentialAction::Read(
                Slot::Key,
                Err(Failure::local(kind, "x")),
            ));
            f2.apply(CredentialAction::Read(Slot::Key, Ok(file("b.p12"))));
            assert!(f2.failure.is_none());
        }
    }

    #[test]
    fn made_files_replace_the_picked_ones_and_the_password_can_be_forgotten() {
        let f = after(vec![
            CredentialAction::Read(Slot::Key, Ok(file("old.p12"))),
            CredentialAction::Password("tajne".into()),
            CredentialAction::Made {
                key: file("test.key"),
                certificate: file("test.crt"),
            },
        ]);
        assert_eq!(f.key.as_ref().unwrap().name, "test.key");
        assert_eq!(f.password, "tajne");
        assert!(f.complete());
        let forgot = {
            let mut f = f;
            f.apply(CredentialAction::ForgetPassword);
            f
        };
        assert!(forgot.password.is_empty());
    }
}
