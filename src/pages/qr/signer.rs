//! Loading the `Offline` certificate for code II: `.key` + `.crt`, or `.p12`, and the password.
//! The worker decrypts and keeps the key; the page learns only who signs and until when.

use ksef_core::lang::Localized;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::use_settings;
use crate::failure::AppFailure;
use crate::files::Picked;
use crate::i18n::texts;
use crate::worker::credentials::Credentials;
use crate::worker::qr::{ForgetOfflineSigner, LoadOfflineSigner, QrSigner};

#[derive(Properties, PartialEq)]
pub struct SignerProps {
    pub signer: Option<QrSigner>,
    pub on_change: Callback<Option<QrSigner>>,
}

#[function_component(SignerCard)]
pub fn signer_card(props: &SignerProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let key = use_state(|| None::<Picked>);
    let cert = crate::handover::use_offered_certificate();
    let password = use_node_ref();
    let busy = use_state(|| false);
    let error = use_state(|| None::<AppFailure>);
    let pick = |slot: &UseStateHandle<Option<Picked>>| {
        let (slot, error) = (slot.clone(), error.clone());
        Callback::from(move |e: Event| {
            let Some(file) = crate::files::from_input(&e) else {
                return;
            };
            let (slot, error) = (slot.clone(), error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::files::read(file).await {
                    Ok(p) => slot.set(Some(p)),
                    Err(e) => error.set(Some(e.into())),
                }
            });
        })
    };
    if let Some(s) = &props.signer {
        let forget = {
            let (on_change, error) = (props.on_change.clone(), error.clone());
            Callback::from(move |_: MouseEvent| {
                let (on_change, error) = (on_change.clone(), error.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match crate::worker::call(ForgetOfflineSigner).await {
                        Ok(()) => on_change.emit(None),
                        Err(e) => error.set(Some(e.into())),
                    }
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
                if let Some(e) = &*error { <p id="qr-signer-error" class="error" role="alert">{ e.message(lang) }</p> }
            </section>
        };
    }
    let needs_cert = key.as_ref().is_some_and(|k| !crate::files::is_p12(&k.name));
    let ready = key.is_some() && (!needs_cert || cert.is_some()) && !*busy;
    let on_submit = {
        let (key, cert, password, busy, error, on_change) = (
            key.clone(),
            cert.clone(),
            password.clone(),
            busy.clone(),
            error.clone(),
            props.on_change.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(k) = (*key).clone() else { return };
            let Some(credentials) = Credentials::from_files(&k, cert.as_ref()) else {
                return;
            };
            let input = password.cast::<HtmlInputElement>();
            let pw = input.as_ref().map(|i| i.value()).unwrap_or_default();
            let job = LoadOfflineSigner {
                credentials,
                password: pw,
                now_ms: js_sys::Date::now() as i64,
            };
            let (busy, error, on_change) = (busy.clone(), error.clone(), on_change.clone());
            busy.set(true);
            error.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                match crate::worker::call(job).await {
                    Ok(s) => {
                        if let Some(i) = input {
                            i.set_value("");
                        }
                        on_change.emit(Some(s));
                    }
                    Err(e) => error.set(Some(e.into())),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card" id="qr-signer">
            <h2>{ t.qr.offline_for_code2 }</h2>
            <p class="help">{ t.qr.code2_needs_start }<code>{ "Offline" }</code>{ t.qr.code2_needs_not }<code>{ "Authentication" }</code>{ t.qr.code2_needs_end }</p>
            <form onsubmit={on_submit}>
                <label for="qr-key">{ t.common.key_files_start }<code>{ ".key" }</code>{ ", " }<code>{ ".pem" }</code>{ t.common.key_files_or }<code>{ ".der" }</code>{ t.common.key_files_or_file }<code>{ ".p12" }</code>{ "/" }<code>{ ".pfx" }</code></label>
                <input id="qr-key" type="file" accept={crate::files::KEY_FILES} onchange={pick(&key)} />
                if let Some(c) = cert.as_ref() {
                    <p class="help" id="qr-cert-loaded">{ t.common.certificate_loaded }<code>{ &c.name }</code></p>
                }
                if needs_cert {
                    <label for="qr-cert">{ t.qr.certificate_file }</label>
                    <input id="qr-cert" type="file" accept=".crt,.cer,.pem,.der" onchange={pick(&cert)} />
                }
                <label for="qr-password">{ t.qr.password }</label>
                <input id="qr-password" type="password" autocomplete="current-password" ref={password} />
                <button id="qr-load" type="submit" disabled={!ready}>{
                    if *busy { t.qr.loading } else { t.qr.load_certificate }
                }</button>
            </form>
            if let Some(e) = &*error { <p id="qr-signer-error" class="error" role="alert">{ e.message(lang) }</p> }
        </section>
    }
}
