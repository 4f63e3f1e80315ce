//! What must not be lost: the files to keep (key first, certificate when issued) and the
//! request a reload or crash interrupted, continued with the key kept in IndexedDB.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::forms::{BrowserCopy, CopyAction, ResumeAction, ResumeForm};
use super::request::complete;
use crate::app::use_settings;
use crate::components::download::{Content, Download};
use crate::components::on;
use crate::i18n::texts;
use crate::pages::login::progress::PhaseView;
use crate::pending::PendingRequest;
use crate::session::Session;

/// What the user has to keep: the key file at once, the certificate files when issued.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Files {
    pub stem: String,
    pub key_pem: Option<String>,
    pub cert_der: Option<Vec<u8>>,
    pub p12_b64: Option<String>,
    /// The browser refused to keep the request (IndexedDB): a reload would lose it.
    pub not_kept: bool,
}

#[derive(Properties, PartialEq)]
pub struct FilesProps {
    pub files: Files,
}

/// The files to keep; once the certificate is issued, "saved" drops the browser's copy.
#[function_component(Downloads)]
pub fn downloads(props: &FilesProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let f = &props.files;
    // Hooks before any early return.
    let copy = use_reducer(BrowserCopy::default);
    {
        let d = copy.dispatcher();
        use_effect_with(*copy, move |now| {
            if *now == BrowserCopy::Removing {
                wasm_bindgen_futures::spawn_local(async move {
                    d.dispatch(match crate::pending::clear().await {
                        Ok(()) => CopyAction::Removed,
                        Err(e) => CopyAction::Failed(e),
                    });
                });
            }
        });
    }
    let Some(key) = &f.key_pem else {
        return html! {};
    };
    // PEM fails only on a length overflow; then the .crt is not offered (the .cer still is).
    let pem = f
        .cert_der
        .as_ref()
        .and_then(|der| der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, der).ok());
    html! {
        <div class="notice" id="certificate-files">
            <p><strong>{ t.certificates.keep_files }</strong></p>
            if f.not_kept && f.cert_der.is_none() {
                <p class="error" id="request-not-kept" role="alert">{ t.certificates.not_kept }</p>
            }
            <p><Download id="download-key" mime="application/x-pem-file" content={Content::Bytes(key.clone().into_bytes())} file={format!("{}.key", f.stem)} /></p>
            if let Some(der) = &f.cert_der {
                <p class="ok" role="status">{ t.certificates.issued }</p>
                <p>
                    if let Some(pem) = pem {
                        <Download id="download-crt" mime="application/x-pem-file" content={Content::Bytes(pem.into_bytes())} file={format!("{}.crt", f.stem)} />{ " " }
                    }
                    <Download id="download-cer" mime="application/pkix-cert" content={Content::Bytes(der.clone())} file={format!("{}.cer", f.stem)} />{ " " }
                    if let Some(p12) = &f.p12_b64 {
                        <Download id="download-p12" mime="application/x-pkcs12" content={Content::Base64(p12.clone())} file={format!("{}.p12", f.stem)} />
                    }
                </p>
                if *copy == BrowserCopy::Removed {
                    <p class="help" id="copy-dropped" role="status">{ t.certificates.copy_removed }</p>
                } else {
                    <p class="help">{ t.certificates.copy_kept }</p>
                    if let BrowserCopy::NotRemoved(e) = *copy {
                        <p class="error" id="copy-not-dropped" role="alert">{ e.message(lang) }</p>
                    }
                    <button type="button" id="files-saved" disabled={*copy == BrowserCopy::Removing}
                        onclick={on(&copy.dispatcher(), |_: MouseEvent| CopyAction::Remove)}>{ t.certificates.files_saved }</button>
                }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResumeProps {
    pub session: Session,
    pub pending: PendingRequest,
    pub on_dropped: Callback<()>,
}

/// A request interrupted by a reload or a crash: its key is in IndexedDB, so it can go on.
#[function_component(ResumeRequest)]
pub fn resume_request(props: &ResumeProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let form = use_reducer(ResumeForm::default);
    let d = form.dispatcher();
    let password = use_node_ref();
    let p = &props.pending;
    {
        let (d, s, pending) = (d.clone(), props.session.clone(), p.clone());
        use_effect_with(form.sent.clone(), move |sent| {
            if let Some((_, pw)) = sent.clone() {
                let (out, mut pending) = (on(&d, ResumeAction::Report), pending.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    complete(&s, &mut pending, pw, &out).await;
                });
            }
        });
    }
    let resume = {
        let (d, password) = (d.clone(), password.clone());
        Callback::from(move |_: MouseEvent| {
            let pw = password.cast::<HtmlInputElement>().map(|i| i.value());
            d.dispatch(ResumeAction::Resume(pw));
        })
    };
    {
        let on_dropped = props.on_dropped.clone();
        use_effect_with(form.discarding, move |discarding| {
            if *discarding {
                wasm_bindgen_futures::spawn_local(async move {
                    // One left behind is offered again after a reload, to be dropped again.
                    let _ = crate::pending::clear().await;
                    on_dropped.emit(());
                });
            }
        });
    }
    html! {
        <section class="card" id="certificate-resume">
            <h2>{ t.certificates.unfinished }</h2>
            <p>{ (t.certificates.unfinished_text)(&p.name) }
                if let Some(r) = &p.reference { { " " }{ t.certificates.request_number }<code>{ r }</code> }</p>
            <p><Download class="button secondary" mime="application/x-pem-file" content={Content::Bytes(p.key_pem.clone().into_bytes())} file={format!("{}.key", p.stem)} /></p>
            <label for="resume-password">{ t.certificates.resume_password }</label>
            <input id="resume-password" type="password" ref={password} autocomplete="off" />
            <div class="inline">
                <button type="button" id="resume-request" onclick={resume} disabled={form.progress.phase.busy()}>{ t.certificates.resume }</button>
                <button type="button" class="secondary" onclick={on(&d, |_: MouseEvent| ResumeAction::Discard)}
                    disabled={form.discarding || form.progress.phase.busy()}>{ t.certificates.discard }</button>
            </div>
            <PhaseView phase={form.progress.phase.clone()} />
            <Downloads files={form.progress.files.clone()} />
        </section>
    }
}
