//! Login with a KSeF certificate loaded in the tab (`.key` + `.crt`, or `.p12`/`.pfx`, and the
//! password): the worker decrypts the key and signs; nothing is downloaded or uploaded.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::progress::{complete, failed, on_wait, Phase, PhaseView};
use super::target::{Target, TargetForm};
use crate::app::use_settings;
use crate::files::Picked;
use crate::keygen::{call_worker, KeygenEvent, WorkerRequest};
use crate::session::use_session;
use crate::signing::{Credentials, SignRequest};

fn is_p12(name: &str) -> bool {
    let n = name.to_lowercase();
    n.ends_with(".p12") || n.ends_with(".pfx")
}

fn credentials(key: &Picked, cert: Option<&Picked>) -> Option<Credentials> {
    if is_p12(&key.name) {
        return Some(Credentials::Pkcs12 {
            p12_base64: B64.encode(&key.bytes),
        });
    }
    Some(Credentials::KeyFile {
        key: String::from_utf8_lossy(&key.bytes).into_owned(),
        certificate_base64: B64.encode(&cert?.bytes),
    })
}

#[function_component(CertificateLogin)]
pub fn certificate_login() -> Html {
    let settings = use_settings();
    let session = use_session();
    let lang = settings.lang;
    let target = use_state(|| None::<Target>);
    let key = use_state(|| None::<Picked>);
    let cert = use_state(|| None::<Picked>);
    let password = use_node_ref();
    let phase = use_state(Phase::default);
    let pick = |slot: UseStateHandle<Option<Picked>>, phase: UseStateHandle<Phase>| {
        Callback::from(move |e: Event| {
            let Some(file) = crate::files::from_input(&e) else {
                return;
            };
            let (slot, phase) = (slot.clone(), phase.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::files::read(file).await {
                    Ok(p) => slot.set(Some(p)),
                    Err(e) => phase.set(Phase::Failed(e)),
                }
            });
        })
    };
    let on_target = {
        let target = target.clone();
        Callback::from(move |t| target.set(t))
    };
    let needs_cert = key.as_ref().is_some_and(|k| !is_p12(&k.name));
    let ready = target.is_some() && key.is_some() && (!needs_cert || cert.is_some());
    let on_submit = {
        let (target, key, cert, password, phase, session, base) = (
            target.clone(),
            key.clone(),
            cert.clone(),
            password.clone(),
            phase.clone(),
            session.clone(),
            settings.api_base(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(t), Some(k)) = ((*target).clone(), (*key).clone()) else {
                return;
            };
            let Some(creds) = credentials(&k, cert.as_ref()) else {
                return;
            };
            let pw = password
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let (phase, session, base) = (phase.clone(), session.clone(), base.clone());
            phase.set(Phase::Working(
                lang.pick("Pobieranie wyzwania…", "Getting a challenge…")
                    .into(),
            ));
            wasm_bindgen_futures::spawn_local(async move {
                let wait = on_wait(
                    &phase,
                    lang.pick("Pobieranie wyzwania…", "Getting a challenge…"),
                );
                let challenge =
                    match crate::api::with_retry(|| crate::api::challenge(&base), wait).await {
                        Ok(c) => c,
                        Err(e) => return failed(&phase, &e, lang),
                    };
                let Ok(parsed) = challenge.challenge.parse() else {
                    return;
                };
                phase.set(Phase::Working(
                    lang.pick("Podpisywanie w przeglądarce…", "Signing in the browser…")
                        .into(),
                ));
                let req = SignRequest {
                    credentials: creds,
                    password: pw,
                    unsigned_xml: t.unsigned_xml(parsed),
                    now_ms: js_sys::Date::now() as i64,
                };
                let xml = match call_worker(WorkerRequest::Sign(req), |_| {}).await {
                    KeygenEvent::Signed(s) => s.xml,
                    KeygenEvent::Failed(pl, en) => {
                        return phase.set(Phase::Failed(lang.pick(pl, en)))
                    }
                    _ => return phase.set(Phase::Idle),
                };
                phase.set(Phase::Working(
                    lang.pick("Wysyłanie do KSeF…", "Sending to KSeF…").into(),
                ));
                let wait = on_wait(&phase, lang.pick("Wysyłanie do KSeF…", "Sending to KSeF…"));
                match crate::api::with_retry(|| crate::api::submit_xades(&base, xml.clone()), wait)
                    .await
                {
                    Ok(init) => {
                        complete(base, t.context.to_api(), init, phase, session, lang).await
                    }
                    Err(e) => failed(&phase, &e, lang),
                }
            });
        })
    };
    html! {
        <form class="method" id="certificate-login" onsubmit={on_submit} novalidate=true>
            <TargetForm on_change={on_target} />
            <fieldset>
                <legend>{ lang.pick("Certyfikat KSeF", "KSeF certificate") }</legend>
                <label for="key-file">{ lang.pick("Klucz prywatny (.key) albo plik .p12/.pfx", "Private key (.key) or a .p12/.pfx file") }</label>
                <input id="key-file" type="file" accept=".key,.pem,.p12,.pfx" onchange={pick(key.clone(), phase.clone())} />
                if needs_cert {
                    <label for="cert-file">{ lang.pick("Certyfikat (.crt, .cer, .pem)", "Certificate (.crt, .cer, .pem)") }</label>
                    <input id="cert-file" type="file" accept=".crt,.cer,.pem,.der" onchange={pick(cert.clone(), phase.clone())} />
                }
                <label for="key-password">{ lang.pick("Hasło do klucza", "Key password") }</label>
                <input id="key-password" type="password" ref={password} autocomplete="off" />
                <p class="help">{ lang.pick(
                    "Klucz i hasło zostają w tej karcie: podpis powstaje w przeglądarce.",
                    "The key and the password stay in this tab: the signature is made in the browser.") }</p>
            </fieldset>
            <button id="certificate-submit" type="submit" disabled={!ready || phase.busy()}>
                { lang.pick("Podpisz i zaloguj", "Sign and log in") }
            </button>
            <PhaseView phase={(*phase).clone()} />
        </form>
    }
}
