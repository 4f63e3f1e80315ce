//! One QR code as the user prints it: the image with its caption, the link with a copy button,
//! and PNG and SVG downloads.

use std::rc::Rc;

use ksef_core::lang::Localized;
use ksef_core::qr::QrImage;
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

/// The link and the caption a code is drawn for.
pub type Link = (String, String);
/// The worker's answer to a drawing.
pub type Drawn = Result<QrImage, WorkerFailure>;

/// What one card shows: its image as drawn for a link and caption, and whether the link was
/// copied (or why not).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CardState {
    /// The link and caption drawn (or being drawn), and the worker's answer once it came.
    pub image: Option<(Link, Option<Drawn>)>,
    pub copied: Option<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CardAction {
    Drawing(String, String),
    Drawn(Link, Drawn),
    /// The clipboard took the link, or refused it.
    Copied(bool),
}

impl Reducible for CardState {
    type Action = CardAction;

    fn reduce(self: Rc<Self>, action: CardAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            CardAction::Drawing(url, label) => {
                s.image = Some(((url, label), None));
                // A new link has not been copied yet.
                s.copied = None;
            }
            CardAction::Drawn(key, image) => {
                if s.image.as_ref().map(|(k, _)| k) == Some(&key) {
                    s.image = Some((key, Some(image)));
                }
                // Otherwise a newer link is being drawn: this image is of an old one.
            }
            CardAction::Copied(ok) => s.copied = Some(ok),
        }
        Rc::new(s)
    }
}

#[function_component(QrCard)]
pub fn qr_card(props: &QrCardProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let state = use_reducer(CardState::default);
    let d = state.dispatcher();
    {
        // Drawn in the worker (QR encoder, PNG and deflate stay out of the page's wasm).
        let d = d.clone();
        let key = (props.url.to_string(), props.label.to_string());
        use_effect_with(key, move |(url, label)| {
            d.dispatch(CardAction::Drawing(url.clone(), label.clone()));
            let draw = DrawQr {
                text: url.clone(),
                label: label.clone(),
            };
            let key = (url.clone(), label.clone());
            wasm_bindgen_futures::spawn_local(async move {
                d.dispatch(CardAction::Drawn(key, crate::worker::call(draw).await));
            });
        });
    }
    let copy = {
        let (url, d) = (props.url.to_string(), d.clone());
        Callback::from(move |_: MouseEvent| {
            let (url, d) = (url.clone(), d.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let clipboard = gloo_utils::window().navigator().clipboard();
                let written =
                    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&url)).await;
                d.dispatch(CardAction::Copied(written.is_ok()));
            });
        })
    };
    let img = match state.image.as_ref().and_then(|(_, i)| i.as_ref()) {
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
                if state.copied == Some(true) { <span class="ok" role="status">{ t.common.copied }</span> }
                if state.copied == Some(false) { <span class="error" role="alert">{ t.qr.copy_refused }</span> }
            </div>
        </section>
    }
}
