//! `qr code1` and `qr code2`: the links (and images) for an invoice issued offline.

use std::path::{Path, PathBuf};

use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::environment::Environment;
use ksef_core::lang::{Lang, Localized};
use ksef_core::qr::{
    check_offline_type, offline_signer, render, Code1, Code2, InvoiceFacts, CODE2_LABEL,
};
use rand_core::OsRng;
use time::{Date, OffsetDateTime};

use super::keys::{load_cert, load_key, read, write};
use crate::{EnvArg, QrInvoiceArgs, QrOutArgs};

fn env(e: EnvArg) -> Environment {
    match e {
        EnvArg::Test => Environment::Test,
        EnvArg::Demo => Environment::Demo,
        EnvArg::Prod => Environment::Prod,
    }
}

/// The seller NIP and issue date as given, else as the invoice says.
fn invoice(
    a: &QrInvoiceArgs,
    lang: Lang,
) -> Result<(InvoiceFacts, ksef_core::ident::Nip, Date), String> {
    let facts = InvoiceFacts::read(&read(&a.invoice, lang)?).map_err(|e| e.message(lang))?;
    let nip = match &a.nip {
        Some(n) => n
            .parse()
            .map_err(|e: ksef_core::ident::IdError| e.message(lang))?,
        None => facts.seller_nip.clone().ok_or_else(|| {
            lang.pick(
                "Faktura nie podaje NIP sprzedawcy (Podmiot1): użyj --nip",
                "The invoice has no seller NIP (Podmiot1): use --nip",
            )
            .to_string()
        })?,
    };
    let date = match &a.date {
        Some(d) => Date::parse(d, time::macros::format_description!("[day]-[month]-[year]"))
            .map_err(|_| {
                lang.pick(
                    format!("Data „{d}” nie ma postaci DD-MM-RRRR"),
                    format!("Date '{d}' is not DD-MM-YYYY"),
                )
            })?,
        None => facts.issue_date.ok_or_else(|| {
            lang.pick(
                "Faktura nie podaje daty wystawienia (P_1): użyj --date",
                "The invoice has no issue date (P_1): use --date",
            )
            .to_string()
        })?,
    };
    Ok((facts, nip, date))
}

fn save(url: &str, label: &str, out: &QrOutArgs, lang: Lang) -> Result<String, String> {
    if out.png.is_some() || out.svg.is_some() {
        let img = render(url, label).map_err(|e| e.message(lang))?;
        let files: [(&Option<PathBuf>, &[u8]); 2] =
            [(&out.png, &img.png), (&out.svg, img.svg.as_bytes())];
        for (path, bytes) in files {
            if let Some(p) = path {
                write(p, bytes)?;
            }
        }
    }
    Ok(format!("{url}\n"))
}

pub fn code1(
    a: QrInvoiceArgs,
    ksef_number: Option<&str>,
    out: QrOutArgs,
    lang: Lang,
) -> Result<String, String> {
    let (facts, seller_nip, issue_date) = invoice(&a, lang)?;
    let number = ksef_number
        .map(|n| {
            n.parse()
                .map_err(|e: ksef_core::ident::IdError| e.message(lang))
        })
        .transpose()?;
    let code = Code1 {
        env: env(a.env),
        seller_nip,
        issue_date,
        hash: facts.hash,
    };
    save(&code.url(), &Code1::label(number.as_ref()), &out, lang)
}

pub fn code2(
    a: QrInvoiceArgs,
    context_type: &str,
    context: &str,
    key: &Path,
    cert: &Path,
    out: QrOutArgs,
    lang: Lang,
) -> Result<String, String> {
    let (facts, seller_nip, _) = invoice(&a, lang)?;
    let kind = ContextType::from_name(context_type).ok_or_else(|| {
        format!("--context-type: Nip, InternalId, NipVatUe, PeppolId ({context_type}?)")
    })?;
    let context = ContextIdentifier::parse(kind, context).map_err(|e| e.message(lang))?;
    let cert = load_cert(cert, lang)?;
    // Refuse an Authentication certificate before asking for the key's password.
    check_offline_type(&cert).map_err(|e| e.message(lang))?;
    let key = load_key(key, lang)?;
    let serial =
        offline_signer(&cert, &key, OffsetDateTime::now_utc()).map_err(|e| e.message(lang))?;
    let code = Code2 {
        env: env(a.env),
        context,
        seller_nip,
        serial,
        hash: facts.hash,
    };
    save(&code.sign(&key, &mut OsRng), CODE2_LABEL, &out, lang)
}
