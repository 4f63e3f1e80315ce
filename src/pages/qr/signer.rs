//! Loading the `Offline` certificate for code II: `.key` + `.crt`, or `.p12`, and the password.
//! The worker decrypts and keeps the key; the page learns only who signs and until when.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::use_settings;
use crate::files::Picked;
use crate::keygen::{call_worker, KeygenEvent, WorkerRequest};
use crate::qr_signing::{QrLoadRequest, QrSigner};
use crate::signing::Credentials;

#[derive(Properties, PartialEq)]
pub struct SignerProps {
    pub signer: Option<QrSigner>,
    pub on_change: Callback<Option<QrSigner>>,
}

#[function_component(SignerCard)]
pub fn signer_card(props: &SignerProps) -> Html {
    let lang = use_settings().lang;
    let key = use_state(|| None::<Picked>);
    let cert = use_state(crate::files::take_preloaded_certificate);
    let password = use_node_ref();
    let busy = use_state(|| false);
    let error = use_state(|| None::<(String, String)>);
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
                    Err(e) => error.set(Some((e.clone(), e))),
                }
            });
        })
    };
    if let Some(s) = &props.signer {
        let forget = {
            let on_change = props.on_change.clone();
            Callback::from(move |_: MouseEvent| {
                let on_change = on_change.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    call_worker(WorkerRequest::QrForget, |_| {}).await;
                    on_change.emit(None);
                });
            })
        };
        return html! {
            <section class="card" id="qr-signer">
                <h2>{ lang.pick("Certyfikat Offline", "Offline certificate") }</h2>
                <p id="qr-signer-loaded" class="ok">{ format!("{} {} · {} {} · {} {}",
                    lang.pick("Wczytany:", "Loaded:"), s.subject,
                    lang.pick("nr", "serial"), s.serial,
                    lang.pick("ważny do", "valid until"), s.valid_to) }</p>
                <p class="help">{ lang.pick("Klucz jest w pamięci tej karty (w module kryptograficznym) do jej zamknięcia albo do kliknięcia „Zapomnij”.", "The key is held in this tab's memory (in the crypto worker) until the tab closes or you click Forget.") }</p>
                <button id="qr-forget" type="button" onclick={forget}>{ lang.pick("Zapomnij klucz", "Forget the key") }</button>
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
            let req = QrLoadRequest {
                credentials,
                password: pw,
                now_ms: js_sys::Date::now() as i64,
            };
            let (busy, error, on_change) = (busy.clone(), error.clone(), on_change.clone());
            busy.set(true);
            error.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                match call_worker(WorkerRequest::QrLoad(req), |_| {}).await {
                    KeygenEvent::QrSigner(s) => {
                        if let Some(i) = input {
                            i.set_value("");
                        }
                        on_change.emit(Some(s));
                    }
                    KeygenEvent::Failed(pl, en) => error.set(Some((pl, en))),
                    _ => {}
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card" id="qr-signer">
            <h2>{ lang.pick("Certyfikat Offline (do kodu II)", "Offline certificate (for code II)") }</h2>
            <p class="help">{ lang.pick("Kod II jest potrzebny tylko na fakturach wystawianych offline. Podpisuje go certyfikat KSeF typu ", "Code II is needed only on invoices issued offline. It is signed with a KSeF certificate of type ") }<code>{ "Offline" }</code>{ lang.pick(" — certyfikat do logowania (", " — a login (") }<code>{ "Authentication" }</code>{ lang.pick(") się do tego nie nadaje.", ") certificate cannot be used.") }</p>
            <form onsubmit={on_submit}>
                <label for="qr-key">{ lang.pick("Klucz prywatny (", "Private key (") }<code>{ ".key" }</code>{ ", " }<code>{ ".pem" }</code>{ lang.pick(" albo ", " or ") }<code>{ ".der" }</code>{ lang.pick(") lub plik ", ") or a file ") }<code>{ ".p12" }</code>{ "/" }<code>{ ".pfx" }</code></label>
                <input id="qr-key" type="file" accept={crate::files::KEY_FILES} onchange={pick(&key)} />
                if let Some(c) = cert.as_ref() {
                    <p class="help" id="qr-cert-loaded">{ lang.pick("Certyfikat: ", "Certificate: ") }<code>{ &c.name }</code></p>
                }
                if needs_cert {
                    <label for="qr-cert">{ lang.pick("Certyfikat (.crt/.cer/.pem)", "Certificate (.crt/.cer/.pem)") }</label>
                    <input id="qr-cert" type="file" accept=".crt,.cer,.pem,.der" onchange={pick(&cert)} />
                }
                <label for="qr-password">{ lang.pick("Hasło", "Password") }</label>
                <input id="qr-password" type="password" autocomplete="current-password" ref={password} />
                <button id="qr-load" type="submit" disabled={!ready}>{
                    if *busy { lang.pick("Wczytywanie…", "Loading…") } else { lang.pick("Wczytaj certyfikat", "Load the certificate") }
                }</button>
            </form>
            if let Some((pl, en)) = &*error { <p id="qr-signer-error" class="error" role="alert">{ lang.pick(pl, en) }</p> }
        </section>
    }
}
