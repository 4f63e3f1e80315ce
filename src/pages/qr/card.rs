//! One QR code as the user prints it: the image with its caption, the link with a copy button,
//! and PNG and SVG downloads.

use ksef_core::lang::Localized;
use yew::prelude::*;

use crate::app::use_settings;
use crate::components::download::{self, Content, Download};
use crate::i18n::texts;
use crate::worker::qr::DrawQr;
use crate::worker::WorkerFailure;

#[derive(Properties, PartialEq)]
pub struct QrCardProps {
    /// `code1` or `code2`: element ids and file names.
    pub id: &'static str,
    pub title: AttrValue,
    pub url: AttrValue,
    pub label: AttrValue,
    /// File names start with this (the invoice number or file name).
    pub stem: AttrValue,
}

#[function_component(QrCard)]
pub fn qr_card(props: &QrCardProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let copied = use_state(|| false);
    // Drawn in the worker (QR encoder, PNG and deflate stay out of the page's wasm).
    let image = use_state(|| None::<Result<ksef_core::qr::QrImage, WorkerFailure>>);
    {
        let image = image.clone();
        let (url, label) = (props.url.to_string(), props.label.to_string());
        use_effect_with((url, label), move |(url, label)| {
            image.set(None);
            let draw = DrawQr {
                text: url.clone(),
                label: label.clone(),
            };
            wasm_bindgen_futures::spawn_local(async move {
                image.set(Some(crate::worker::call(draw).await));
            });
        });
    }
    {
        let copied = copied.clone();
        use_effect_with(props.url.clone(), move |_| copied.set(false));
    }
    let copy = {
        let (url, copied) = (props.url.to_string(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let (url, copied) = (url.clone(), copied.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let clipboard = gloo_utils::window().navigator().clipboard();
                let written =
                    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&url)).await;
                copied.set(written.is_ok());
            });
        })
    };
    let img = match &*image {
        None => {
            return html! { <section class="card qr" id={props.id}><h2>{ props.title.clone() }</h2><p class="help" role="status">{ t.qr.drawing }</p></section> }
        }
        Some(Ok(img)) => img,
        Some(Err(e)) => {
            return html! { <section class="card"><p class="error" role="alert">{ e.message(lang) }</p></section> }
        }
    };
    let id = props.id;
    let png = download::href("image/png", &Content::Bytes(img.png.clone()));
    let file = |ext: &str| format!("{}-{}-{}.{ext}", props.stem, id, props.label);
    html! {
        <section class="card qr" id={id}>
            <h2>{ props.title.clone() }</h2>
            <figure>
                <img id={format!("{id}-image")} src={png.clone()} width="240" height="240"
                    alt={format!("{}: {}", t.qr.qr_code, props.url)} />
                <figcaption>{ t.qr.caption }<span id={format!("{id}-label")}>{ props.label.clone() }</span></figcaption>
            </figure>
            <p class="link"><a id={format!("{id}-url")} href={props.url.clone()} target="_blank" rel="noopener noreferrer">{ props.url.clone() }</a></p>
            <div class="inline">
                <button id={format!("{id}-copy")} type="button" onclick={copy}>{ t.qr.copy_link }</button>
                <Download id={format!("{id}-png")} mime="image/png" content={Content::Bytes(img.png.clone())} file={file("png")}>{ t.qr.download_png }</Download>
                <Download id={format!("{id}-svg")} mime="image/svg+xml" content={Content::Text(img.svg.clone())} file={file("svg")}>{ t.qr.download_svg }</Download>
                if *copied { <span class="ok" role="status">{ t.common.copied }</span> }
            </div>
        </section>
    }
}
