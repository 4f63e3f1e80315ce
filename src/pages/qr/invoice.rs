//! The invoice: pick or drop the XML, then check (or type) the seller's NIP, the issue date and,
//! once known, the KSeF number that captions code I.

use ksef_core::flow::Failure;
use ksef_core::ident::{IdError, KsefNumber, Nip};
use ksef_core::lang::{Lang, Localized};
use ksef_core::qr::{InvoiceFacts, InvoiceHash, QrError};
use time::Date;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::use_settings;
use crate::files::Picked;
use crate::i18n::texts;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct InvoiceFields {
    pub file_name: Option<String>,
    pub facts: Option<InvoiceFacts>,
    pub nip: String,
    /// `YYYY-MM-DD`, as `<input type=date>` gives it.
    pub date: String,
    pub ksef_number: String,
    pub error: Option<InvoiceProblem>,
}

/// Why a picked file gave no invoice: it could not be read, or it is not one.
#[derive(Clone, Debug, PartialEq)]
pub enum InvoiceProblem {
    File(Failure),
    NotInvoice(QrError),
}

impl Localized for InvoiceProblem {
    fn message(&self, lang: Lang) -> String {
        match self {
            InvoiceProblem::File(f) => f.message(lang),
            InvoiceProblem::NotInvoice(e) => e.message(lang),
        }
    }
}

/// Everything the codes need, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Ready {
    pub seller_nip: Nip,
    pub issue_date: Date,
    pub hash: InvoiceHash,
    pub ksef_number: Option<KsefNumber>,
}

pub fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

impl InvoiceFields {
    fn nip(&self) -> Result<Nip, IdError> {
        Nip::from_user_input(&self.nip)
    }

    fn ksef_number(&self) -> Result<Option<KsefNumber>, IdError> {
        let n = self.ksef_number.trim();
        (!n.is_empty()).then(|| n.parse()).transpose()
    }

    pub fn ready(&self) -> Option<Ready> {
        let facts = self.facts.as_ref()?;
        Some(Ready {
            seller_nip: self.nip().ok()?,
            issue_date: parse_date(&self.date)?,
            hash: facts.hash.clone(),
            ksef_number: self.ksef_number().ok()?,
        })
    }

    /// The start of downloaded file names: the invoice number, else the file name.
    pub fn stem(&self) -> String {
        let raw = self
            .facts
            .as_ref()
            .and_then(|f| f.invoice_number.clone())
            .or_else(|| {
                self.file_name
                    .as_ref()
                    .map(|n| n.trim_end_matches(".xml").to_string())
            })
            .unwrap_or_else(|| "faktura".into());
        raw.chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    }
}

/// A change to the invoice card: a file read (or not), or a field typed.
#[derive(Clone, Debug, PartialEq)]
pub enum InvoiceAction {
    Read(Result<Picked, Failure>),
    Nip(String),
    Date(String),
    KsefNumber(String),
}

impl InvoiceFields {
    pub fn apply(&mut self, action: InvoiceAction) {
        match action {
            InvoiceAction::Read(Ok(p)) => match InvoiceFacts::read(&p.bytes) {
                Ok(facts) => {
                    // What the file says fills the fields; what it lacks stays as typed.
                    if let Some(n) = &facts.seller_nip {
                        self.nip = n.to_string();
                    }
                    if let Some(d) = facts.issue_date {
                        self.date = d.to_string();
                    }
                    self.facts = Some(facts);
                    self.file_name = Some(p.name);
                    self.error = None;
                }
                Err(e) => {
                    self.facts = None;
                    self.file_name = Some(p.name);
                    self.error = Some(InvoiceProblem::NotInvoice(e));
                }
            },
            InvoiceAction::Read(Err(e)) => self.error = Some(InvoiceProblem::File(e)),
            InvoiceAction::Nip(v) => self.nip = v,
            InvoiceAction::Date(v) => self.date = v,
            InvoiceAction::KsefNumber(v) => self.ksef_number = v,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct InvoiceProps {
    pub fields: InvoiceFields,
    pub on_action: Callback<InvoiceAction>,
}

#[function_component(InvoiceCard)]
pub fn invoice_card(props: &InvoiceProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let f = &props.fields;
    let load = {
        let on_action = props.on_action.clone();
        Callback::from(move |file: web_sys::File| {
            let on_action = on_action.clone();
            wasm_bindgen_futures::spawn_local(async move {
                on_action.emit(InvoiceAction::Read(crate::files::read(file).await));
            });
        })
    };
    let on_pick = {
        let load = load.clone();
        Callback::from(move |e: Event| {
            // Cancelling the file dialog picks nothing and changes nothing.
            if let Some(file) = crate::files::from_input(&e) {
                load.emit(file);
            }
        })
    };
    let on_drop = {
        let load = load.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = crate::files::from_drop(&e) {
                load.emit(file);
            }
        })
    };
    // `input` for typing, `change` for autofill and cleared fields.
    let edit = |action: fn(String) -> InvoiceAction| {
        props
            .on_action
            .reform(move |e: Event| action(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let nip_error = (f.facts.is_some()).then(|| f.nip().err()).flatten();
    let number_error = f.ksef_number().err();
    let number_mismatch = match (f.ksef_number(), f.nip()) {
        (Ok(Some(n)), Ok(nip)) => !n.as_str().starts_with(nip.as_str()),
        _ => false,
    };
    html! {
        <section class="card" id="qr-invoice">
            <h2>{ t.qr.invoice }</h2>
            <label for="qr-invoice-file" class="dropzone" ondrop={on_drop} ondragover={Callback::from(|e: DragEvent| e.prevent_default())}>
                { match &f.file_name {
                    Some(n) => format!("{} {n}", t.qr.invoice_loaded),
                    None => t.qr.pick_invoice.to_string(),
                } }
            </label>
            <input id="qr-invoice-file" class="visually-hidden" type="file" accept=".xml,application/xml,text/xml" onchange={on_pick} />
            if let Some(e) = &f.error { <p id="qr-invoice-error" class="error" role="alert">{ e.message(lang) }</p> }
            if let Some(facts) = &f.facts {
                <p class="help" id="qr-invoice-hash">{ format!("SHA-256: {}", facts.hash.as_str()) }</p>
                <form onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <label for="qr-nip">{ t.qr.seller_nip }</label>
                    <input id="qr-nip" inputmode="numeric" value={f.nip.clone()} oninput={edit(InvoiceAction::Nip).reform(|e: InputEvent| Event::from(e))} onchange={edit(InvoiceAction::Nip)} />
                    if let Some(e) = nip_error { <p class="error" role="alert" id="qr-nip-error">{ e.message(lang) }</p> }
                    <label for="qr-date">{ t.qr.issue_date }</label>
                    <input id="qr-date" type="date" value={f.date.clone()} oninput={edit(InvoiceAction::Date).reform(|e: InputEvent| Event::from(e))} onchange={edit(InvoiceAction::Date)} />
                    if parse_date(&f.date).is_none() { <p class="error" role="alert" id="qr-date-error">{ t.qr.enter_issue_date }</p> }
                    <label for="qr-ksef-number">{ t.qr.ksef_number }</label>
                    <input id="qr-ksef-number" value={f.ksef_number.clone()} oninput={edit(InvoiceAction::KsefNumber).reform(|e: InputEvent| Event::from(e))} onchange={edit(InvoiceAction::KsefNumber)} />
                    if let Some(e) = number_error { <p class="error" role="alert" id="qr-ksef-number-error">{ e.message(lang) }</p> }
                    if number_mismatch { <p class="error" role="alert">{ t.qr.number_of_other_nip }</p> }
                </form>
            }
        </section>
    }
}
