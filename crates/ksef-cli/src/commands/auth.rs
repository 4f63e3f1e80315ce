//! `auth-xml`, `check-id`, `parse-token`.

use ksef_core::auth_xml::{AuthTokenRequest, SchemaVersion, SubjectIdentifierType, XmlStyle};
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::ident::{CertFingerprint, CertSerial, InternalId, Nip, NipVatUe, PeppolId, Pesel};
use ksef_core::ip_policy::AllowedIps;
use ksef_core::ksef_token::KsefToken;
use ksef_core::lang::{Lang, Localized};

use crate::{AuthXmlArgs, IdKindArg, SchemaArg, SubjectArg};

pub fn check_id_command(kind: IdKindArg, value: &str, lang: Lang) -> Result<String, String> {
    check_id(kind, value).map_err(|e| e.message(lang))?;
    Ok(lang.pick("poprawny\n", "valid\n").to_string())
}

pub fn parse_token(token: &str, lang: Lang) -> Result<String, String> {
    let t: KsefToken = token
        .parse()
        .map_err(|e: ksef_core::ksef_token::TokenFormatError| e.message(lang))?;
    Ok(format!(
        "referenceNumber: {}\ncontext: {} {}\n",
        t.reference(),
        t.context_type().context_type().as_str(),
        t.context_value()
    ))
}

fn check_id(kind: IdKindArg, value: &str) -> Result<(), ksef_core::ident::IdError> {
    match kind {
        IdKindArg::Nip => value.parse::<Nip>().map(drop),
        IdKindArg::Pesel => value.parse::<Pesel>().map(drop),
        IdKindArg::InternalId => value.parse::<InternalId>().map(drop),
        IdKindArg::NipVatUe => value.parse::<NipVatUe>().map(drop),
        IdKindArg::PeppolId => value.parse::<PeppolId>().map(drop),
        IdKindArg::Fingerprint => value.parse::<CertFingerprint>().map(drop),
        IdKindArg::CertSerial => value.parse::<CertSerial>().map(drop),
    }
}

pub fn auth_xml(a: AuthXmlArgs, lang: Lang) -> Result<String, String> {
    let c = &a.context;
    let (kind, value) = [
        (ContextType::Nip, &c.nip),
        (ContextType::InternalId, &c.internal_id),
        (ContextType::NipVatUe, &c.nip_vat_ue),
        (ContextType::PeppolId, &c.peppol_id),
    ]
    .into_iter()
    .find_map(|(k, v)| v.as_ref().map(|v| (k, v.clone())))
    .expect("clap requires one context");
    let context = ContextIdentifier::parse(kind, &value).map_err(|e| e.message(lang))?;
    let challenge = a
        .challenge
        .parse()
        .map_err(|e: ksef_core::ident::IdError| e.message(lang))?;
    let mut req = AuthTokenRequest::new(challenge, context);
    req.version = match a.schema {
        SchemaArg::V20 => SchemaVersion::V2_0,
        SchemaArg::V21 => SchemaVersion::V2_1,
    };
    req.subject_type = match a.subject {
        SubjectArg::CertificateSubject => SubjectIdentifierType::CertificateSubject,
        SubjectArg::CertificateFingerprint => SubjectIdentifierType::CertificateFingerprint,
    };
    let ips = AllowedIps::parse(&a.ips, &a.ranges, &a.masks).map_err(|e| e.message(lang))?;
    req.allowed_ips = (!ips.is_empty()).then_some(ips);
    Ok(req.to_xml(XmlStyle::Pretty))
}
