//! A file made in the tab, offered as a `data:` link: bytes as base64, text URI-encoded (so the
//! link stays readable). One place for every download (keys, certificates, tokens, QR codes,
//! auth.xml).

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use yew::prelude::*;

/// What the file holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    Bytes(Vec<u8>),
    /// Bytes already in base64 (a `.p12` from the worker).
    Base64(String),
    Text(String),
}

/// The `data:` URL of `content` as `mime`.
pub fn href(mime: &str, content: &Content) -> String {
    match content {
        Content::Bytes(b) => format!("data:{mime};base64,{}", B64.encode(b)),
        Content::Base64(b64) => format!("data:{mime};base64,{b64}"),
        Content::Text(text) => format!("data:{mime};charset=utf-8,{}", uri_encode(text)),
    }
}

/// As JavaScript's `encodeURIComponent` (testable without a browser).
fn uri_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(b as char),
            b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct DownloadProps {
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// `button` or `button secondary`.
    #[prop_or(AttrValue::Static("button"))]
    pub class: AttrValue,
    pub mime: AttrValue,
    pub content: Content,
    pub file: AttrValue,
    /// The link's text; the file name when empty.
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Download)]
pub fn download(props: &DownloadProps) -> Html {
    let label = if props.children == Html::default() {
        html! { props.file.clone() }
    } else {
        props.children.clone()
    };
    html! {
        <a class={props.class.clone()} id={props.id.clone()} href={href(&props.mime, &props.content)} download={props.file.clone()}>{ label }</a>
    }
}

/// Starts the download at once (a key must be saved before anything else is sent).
pub fn now(mime: &str, content: &Content, file: &str) {
    use wasm_bindgen::JsCast;
    if let Ok(a) = gloo_utils::document().create_element("a") {
        let a: web_sys::HtmlElement = a.unchecked_into();
        // Setting attributes on a new element does not fail; the click is the download.
        let _ = a.set_attribute("href", &href(mime, content));
        let _ = a.set_attribute("download", file);
        a.click();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_go_as_base64_and_text_as_readable_uri() {
        assert_eq!(
            href("application/pkix-cert", &Content::Bytes(vec![1, 2, 3])),
            "data:application/pkix-cert;base64,AQID"
        );
        assert_eq!(
            href("application/x-pkcs12", &Content::Base64("AQID".into())),
            "data:application/x-pkcs12;base64,AQID"
        );
        assert_eq!(
            href("text/plain", &Content::Text("a b/ż\n(x)".into())),
            "data:text/plain;charset=utf-8,a%20b%2F%C5%BC%0A(x)"
        );
    }
}
