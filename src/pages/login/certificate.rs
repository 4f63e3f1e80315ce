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
use crate::signing::{Credentials, SignRequest, TestCertRequest};

/// Makes the self-signed certificate in the worker and saves its files (key encrypted).
async fn make_test_certificate(
    req: TestCertRequest,
    phase: &UseStateHandle<Phase>,
    lang: ksef_core::lang::Lang,
) -> Option<Credentials> {
    phase.set(Phase::Working(
        lang.pick(
            "Tworzenie certyfikatu testowego…",
            "Making a test certificate…",
        )
        .into(),
    ));
    match call_worker(WorkerRequest::TestCert(req), |_| {}).await {
        KeygenEvent::TestCert(c) => {
            for (file, text) in [("test.key", &c.key_pem), ("test.crt", &c.certificate_pem)] {
                crate::files::download_now(
                    &format!("data:application/x-pem-file;base64,{}", B64.encode(text)),
                    file,
                );
            }
            Some(Credentials::KeyFile {
                key: c.key_pem,
                certificate_base64: B64.encode(c.certificate_pem),
            })
        }
        KeygenEvent::Failed(pl, en) => {
            phase.set(Phase::Failed(lang.pick(pl, en)));
            None
        }
        _ => None,
    }
}

#[function_component(CertificateLogin)]
pub fn certificate_login() -> Html {
    let settings = use_settings();
    let session = use_session();
    let lang = settings.lang;
    let target = use_state(|| None::<Target>);
    let key = use_state(|| None::<Picked>);
    let cert = use_state(crate::files::take_preloaded_certificate);
    let password = use_node_ref();
    let phase = use_state(Phase::default);
    // TEST and the simulator accept self-signed certificates: one can be made right here.
    let test_allowed = matches!(
        settings.env,
        ksef_core::environment::Environment::Test | ksef_core::environment::Environment::Sim
    );
    let make_test = use_state(|| false);
    let test_seal = use_state(|| false);
    let test_name = use_state(|| "Jan Testowy".to_string());
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
    let needs_cert = key.as_ref().is_some_and(|k| !crate::files::is_p12(&k.name));
    let testing = test_allowed && *make_test;
    let ready = target.is_some() && (testing || (key.is_some() && (!needs_cert || cert.is_some())));
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
        let (test_seal, test_name) = (test_seal.clone(), test_name.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(t) = (*target).clone() else { return };
            let pw = password
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let test = testing.then(|| TestCertRequest {
                seal: *test_seal,
                nip: t
                    .context
                    .value()
                    .split('-')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                name: (*test_name).clone(),
                password: pw.clone(),
                now_ms: js_sys::Date::now() as i64,
            });
            let loaded = match (&test, (*key).clone()) {
                (Some(_), _) => None,
                (None, Some(k)) => match Credentials::from_files(&k, cert.as_ref()) {
                    Some(c) => Some(c),
                    None => return,
                },
                (None, None) => return,
            };
            let (phase, session, base) = (phase.clone(), session.clone(), base.clone());
            phase.set(Phase::Working(
                lang.pick("Pobieranie wyzwania…", "Getting a challenge…")
                    .into(),
            ));
            wasm_bindgen_futures::spawn_local(async move {
                let creds = match (loaded, test) {
                    (Some(c), _) => c,
                    (None, Some(req)) => match make_test_certificate(req, &phase, lang).await {
                        Some(c) => c,
                        None => return,
                    },
                    (None, None) => return,
                };
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
            if test_allowed {
                <label class="check" for="make-test-cert">
                    <input type="checkbox" id="make-test-cert" checked={*make_test} onchange={ { let m = make_test.clone(); Callback::from(move |_| m.set(!*m)) } } />
                    { lang.pick("Nie mam certyfikatu: utwórz samopodpisany certyfikat testowy (działa tylko na TEST i w symulatorze)", "I have no certificate: make a self-signed test certificate (works on TEST and the simulator only)") }
                </label>
            }
            if testing {
                <fieldset id="test-cert">
                    <legend>{ lang.pick("Certyfikat testowy", "Test certificate") }</legend>
                    <label class="check" for="test-person"><input type="radio" id="test-person" checked={!*test_seal} onchange={ { let s = test_seal.clone(); Callback::from(move |_| s.set(false)) } } />{ lang.pick("Osoba (NIP kontekstu w serialNumber)", "A person (the context NIP in serialNumber)") }</label>
                    <label class="check" for="test-seal"><input type="radio" id="test-seal" checked={*test_seal} onchange={ { let s = test_seal.clone(); Callback::from(move |_| s.set(true)) } } />{ lang.pick("Pieczęć firmy (NIP kontekstu w organizationIdentifier)", "A company seal (the context NIP in organizationIdentifier)") }</label>
                    <label for="test-name">{ if *test_seal { lang.pick("Nazwa firmy", "Company name") } else { lang.pick("Imię i nazwisko", "Given name and surname") } }</label>
                    <input id="test-name" value={(*test_name).clone()} oninput={ { let n = test_name.clone(); Callback::from(move |e: InputEvent| n.set(e.target_unchecked_into::<HtmlInputElement>().value())) } } />
                </fieldset>
            }
            <fieldset hidden={testing}>
                <legend>{ lang.pick("Certyfikat KSeF", "KSeF certificate") }</legend>
                <label for="key-file">{ lang.pick("Klucz prywatny (.key) albo plik .p12/.pfx", "Private key (.key) or a .p12/.pfx file") }</label>
                <input id="key-file" type="file" accept=".key,.pem,.p12,.pfx" onchange={pick(key.clone(), phase.clone())} />
                if let Some(c) = cert.as_ref() {
                    <p class="help" id="cert-loaded">{ lang.pick("Certyfikat: ", "Certificate: ") }<code>{ &c.name }</code></p>
                }
                if needs_cert {
                    <label for="cert-file">{ lang.pick("Certyfikat (.crt, .cer, .pem)", "Certificate (.crt, .cer, .pem)") }</label>
                    <input id="cert-file" type="file" accept=".crt,.cer,.pem,.der" onchange={pick(cert.clone(), phase.clone())} />
                }
            </fieldset>
            <fieldset>
                <label for="key-password">{ if testing { lang.pick("Hasło do pliku klucza certyfikatu testowego", "Password for the test certificate's key file") } else { lang.pick("Hasło do klucza", "Key password") } }</label>
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
