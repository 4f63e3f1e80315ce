//! The desk's certificate: a key file with its certificate, or a `.p12`, and the password. The
//! worker decrypts and keeps the key until "Forget"; the page learns only who signs.

use ksef_core::lang::Localized;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::use_settings;
use crate::desk::{use_desk, DeskAction};
use crate::failure::AppFailure;
use crate::files::Picked;
use crate::i18n::texts;
use crate::worker::credentials::Credentials;
use crate::worker::desk::{ForgetDeskSigner, LoadDeskSigner};

fn picker(
    slot: &UseStateHandle<Option<Picked>>,
    error: &UseStateHandle<Option<AppFailure>>,
) -> Callback<Event> {
    let (slot, error) = (slot.clone(), error.clone());
    Callback::from(move |e: Event| {
        let Some(file) = crate::files::from_input(&e) else {
            return slot.set(None);
        };
        let (slot, error) = (slot.clone(), error.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match crate::files::read(file).await {
                Ok(p) => slot.set(Some(p)),
                Err(e) => error.set(Some(e.into())),
            }
        });
    })
}

#[function_component(DeskSignerCard)]
pub fn desk_signer_card() -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).desk;
    let desk = use_desk();
    let (key, cert) = (use_state(|| None::<Picked>), use_state(|| None::<Picked>));
    let password = use_node_ref();
    let busy = use_state(|| false);
    let error = use_state(|| None::<AppFailure>);
    let run = {
        let (d, busy, error, password) = (
            desk.dispatcher(),
            busy.clone(),
            error.clone(),
            password.clone(),
        );
        std::rc::Rc::new(move |job: Option<LoadDeskSigner>| {
            let (d, busy, error, password) =
                (d.clone(), busy.clone(), error.clone(), password.clone());
            busy.set(true);
            error.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let end = match job {
                    Some(job) => crate::worker::call(job).await.map(Some),
                    None => crate::worker::call(ForgetDeskSigner).await.map(|()| None),
                };
                match end {
                    Ok(signer) => d.dispatch(DeskAction::Signer(signer)),
                    Err(e) => error.set(Some(e.into())),
                }
                if let Some(i) = password.cast::<HtmlInputElement>() {
                    i.set_value("");
                }
                busy.set(false);
            });
        })
    };
    let on_forget = {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| run(None))
    };
    let needs_cert = key.as_ref().is_some_and(|k| !crate::files::is_p12(&k.name));
    let credentials = key
        .as_ref()
        .and_then(|k| Credentials::from_files(k, cert.as_ref()));
    let on_submit = {
        let (credentials, password) = (credentials.clone(), password.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let pw = password
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let job = credentials.clone().map(|credentials| LoadDeskSigner {
                credentials,
                password: pw,
                now_ms: js_sys::Date::now() as i64,
            });
            if job.is_some() {
                run(job);
            }
        })
    };
    let shown_error = error.as_ref().map(|e| {
        html! {
            <p id="desk-signer-error" class="error" role="alert">{ e.message(lang) }</p>
        }
    });
    if let Some(s) = &desk.signer {
        return html! {
            <section class="card" id="desk-signer">
                <h3>{ t.certificate }</h3>
                <p id="desk-signer-loaded" class="ok">{ (t.loaded)(&s.subject, &s.valid_to) }</p>
                <button id="desk-forget" type="button" class="secondary" onclick={on_forget}>{ t.forget }</button>
                { for shown_error }
            </section>
        };
    }
    html! {
        <section class="card" id="desk-signer">
            <h3>{ t.certificate }</h3>
            <p class="help">{ t.certificate_help }</p>
            <form onsubmit={on_submit}>
                <label for="desk-key">{ t.key_file }</label>
                <input id="desk-key" type="file" accept={crate::files::KEY_FILES} onchange={picker(&key, &error)} />
                if needs_cert {
                    <label for="desk-cert">{ t.cert_file }</label>
                    <input id="desk-cert" type="file" accept=".crt,.cer,.pem,.der" onchange={picker(&cert, &error)} />
                }
                <label for="desk-password">{ t.password }</label>
                <input id="desk-password" type="password" autocomplete="current-password" ref={password} />
                <button id="desk-load" type="submit" disabled={credentials.is_none() || *busy}>
                    { if *busy { t.loading } else { t.load } }
                </button>
            </form>
            { for shown_error }
        </section>
    }
}
