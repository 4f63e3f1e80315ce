//! What the QR page reads from an invoice file (FA(2)/FA(3) structured invoice): the seller's NIP
//! and the issue date to prefill, and the hash of the exact bytes.

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use time::Date;

use super::{InvoiceHash, QrError};
use crate::ident::Nip;

/// Facts from an invoice file. The NIP and date are `None` when the file lacks them (or they
/// are invalid): the user then types them in; the hash is always over the file as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceFacts {
    pub hash: InvoiceHash,
    /// `Podmiot1/DaneIdentyfikacyjne/NIP`.
    pub seller_nip: Option<Nip>,
    /// `Fa/P_1`.
    pub issue_date: Option<Date>,
    /// The invoice number the seller gave it (`Fa/P_2`), to name the files.
    pub invoice_number: Option<String>,
}

const SELLER_NIP: [&str; 4] = ["Faktura", "Podmiot1", "DaneIdentyfikacyjne", "NIP"];
const ISSUE_DATE: [&str; 3] = ["Faktura", "Fa", "P_1"];
const NUMBER: [&str; 3] = ["Faktura", "Fa", "P_2"];

impl InvoiceFacts {
    /// Reads `bytes`; refuses only what is not XML at all (KSeF would refuse it too).
    pub fn read(bytes: &[u8]) -> Result<InvoiceFacts, QrError> {
        let mut facts = InvoiceFacts {
            hash: InvoiceHash::of(bytes),
            seller_nip: None,
            issue_date: None,
            invoice_number: None,
        };
        let xml = std::str::from_utf8(bytes).map_err(|_| QrError::NotXml("UTF-8".into()))?;
        let mut reader = Reader::from_str(xml);
        let mut path: Vec<String> = Vec::new();
        let mut text = String::new();
        let mut seen_root = false;
        loop {
            match reader.read_event() {
                Err(e) => return Err(QrError::NotXml(e.to_string())),
                Ok(Event::Eof) if path.is_empty() => break,
                Ok(Event::Eof) => {
                    return Err(QrError::NotXml(format!(
                        "<{}> is not closed",
                        path.join("/")
                    )))
                }
                Ok(Event::DocType(_)) => return Err(QrError::NotXml("<!DOCTYPE>".into())),
                Ok(Event::Start(e)) => {
                    seen_root = true;
                    text.clear();
                    path.push(e.local_name().into_inner().to_string());
                }
                Ok(Event::Empty(_)) => seen_root = true,
                Ok(Event::Text(t)) => text.push_str(&t.xml10_content()),
                Ok(Event::CData(c)) => text.push_str(&c.into_inner()),
                Ok(Event::GeneralRef(r)) => {
                    let entity = format!("&{};", r.as_ref());
                    text.push_str(&quick_xml::escape::unescape(&entity).unwrap_or_default());
                }
                Ok(Event::End(_)) => {
                    facts.take(&path, text.trim());
                    text.clear();
                    path.pop();
                }
                Ok(_) => {}
            }
        }
        if !seen_root {
            return Err(QrError::NotXml("no element".into()));
        }
        Ok(facts)
    }

    fn take(&mut self, path: &[String], value: &str) {
        let at = |want: &[&str]| path.iter().map(String::as_str).eq(want.iter().copied());
        if at(&SELLER_NIP) && self.seller_nip.is_none() {
            self.seller_nip = value.parse().ok();
        } else if at(&ISSUE_DATE) && self.issue_date.is_none() {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            self.issue_date = Date::parse(value, &format).ok();
        } else if at(&NUMBER) && self.invoice_number.is_none() && !value.is_empty() {
            self.invoice_number = Some(value.to_string());
        }
    }
}
