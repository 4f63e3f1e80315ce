//! `AuthTokenRequest`: the document a user signs to log in to KSeF with XAdES.
//!
//! Built with quick-xml for namespace 2.0 or 2.1 and parsed back from an uploaded file
//! (signed or not), refusing DTDs, unknown entities and oversized input.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::name::ResolveResult;
use quick_xml::writer::Writer;

use crate::context::ContextIdentifier;
use crate::ident::Challenge;
use crate::ip_policy::AllowedIps;

mod parse;
pub use parse::{AuthXmlError, ParsedAuthTokenRequest, XmlSyntax};

pub const NS_2_0: &str = "http://ksef.mf.gov.pl/auth/token/2.0";
pub const NS_2_1: &str = "http://ksef.mf.gov.pl/auth/token/2.1";
pub const NS_XMLDSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
/// Larger uploads are refused before parsing; a real auth.xml is a few kilobytes.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// The namespace version of the document (2.1 accepted by KSeF since API 2.5.0).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SchemaVersion {
    V2_0,
    #[default]
    V2_1,
}

impl SchemaVersion {
    pub fn namespace(self) -> &'static str {
        match self {
            SchemaVersion::V2_0 => NS_2_0,
            SchemaVersion::V2_1 => NS_2_1,
        }
    }

    pub fn from_namespace(ns: &str) -> Option<SchemaVersion> {
        match ns {
            NS_2_0 => Some(SchemaVersion::V2_0),
            NS_2_1 => Some(SchemaVersion::V2_1),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SchemaVersion::V2_0 => "2.0",
            SchemaVersion::V2_1 => "2.1",
        }
    }
}

/// How KSeF reads the signer's identity from the certificate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SubjectIdentifierType {
    /// PESEL/NIP from `serialNumber`, or NIP from `organizationIdentifier` for seals.
    #[default]
    CertificateSubject,
    /// SHA-256 fingerprint of the certificate (permissions granted to the fingerprint).
    CertificateFingerprint,
}

impl SubjectIdentifierType {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectIdentifierType::CertificateSubject => "certificateSubject",
            SubjectIdentifierType::CertificateFingerprint => "certificateFingerprint",
        }
    }

    pub fn from_name(s: &str) -> Option<SubjectIdentifierType> {
        match s {
            "certificateSubject" => Some(SubjectIdentifierType::CertificateSubject),
            "certificateFingerprint" => Some(SubjectIdentifierType::CertificateFingerprint),
            _ => None,
        }
    }
}

/// Indented for a person to read, or compact (what the in-tab signer digests).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XmlStyle {
    Pretty,
    Compact,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthTokenRequest {
    pub version: SchemaVersion,
    pub challenge: Challenge,
    pub context: ContextIdentifier,
    pub subject_type: SubjectIdentifierType,
    pub allowed_ips: Option<AllowedIps>,
}

impl AuthTokenRequest {
    pub fn new(challenge: Challenge, context: ContextIdentifier) -> AuthTokenRequest {
        AuthTokenRequest {
            version: SchemaVersion::default(),
            challenge,
            context,
            subject_type: SubjectIdentifierType::default(),
            allowed_ips: None,
        }
    }

    /// The document with an XML declaration, UTF-8, no BOM.
    pub fn to_xml(&self, style: XmlStyle) -> String {
        let mut w = match style {
            XmlStyle::Pretty => Writer::new_with_indent(Vec::new(), b' ', 2),
            XmlStyle::Compact => Writer::new(Vec::new()),
        };
        self.write(&mut w).expect("writing to a Vec cannot fail");
        let mut xml = String::from_utf8(w.into_inner()).expect("quick-xml writes UTF-8");
        if style == XmlStyle::Pretty {
            xml.push('\n');
        }
        xml
    }

    /// Only the root element, compact: the exact bytes an enveloped signature digests.
    pub fn to_canonical_root(&self) -> String {
        let xml = self.to_xml(XmlStyle::Compact);
        let start = xml.find("<AuthTokenRequest").expect("root element written");
        xml[start..].to_string()
    }

    fn write(&self, w: &mut Writer<Vec<u8>>) -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        w.create_element("AuthTokenRequest")
            .with_attribute(("xmlns", self.version.namespace()))
            .write_inner_content(|w| {
                text_element(w, "Challenge", self.challenge.as_str())?;
                w.create_element("ContextIdentifier")
                    .write_inner_content(|w| {
                        text_element(w, self.context.kind().as_str(), self.context.value())
                    })?;
                text_element(w, "SubjectIdentifierType", self.subject_type.as_str())?;
                match &self.allowed_ips {
                    Some(ips) if !ips.is_empty() => write_policy(w, ips),
                    _ => Ok(()),
                }
            })?;
        Ok(())
    }

    /// Parses an uploaded document; see [`ParsedAuthTokenRequest`].
    pub fn parse(bytes: &[u8]) -> Result<ParsedAuthTokenRequest, AuthXmlError> {
        parse::parse(bytes)
    }
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn write_policy(w: &mut Writer<Vec<u8>>, ips: &AllowedIps) -> std::io::Result<()> {
    w.create_element("AuthorizationPolicy")
        .write_inner_content(|w| {
            w.create_element("AllowedIps").write_inner_content(|w| {
                for a in &ips.addresses {
                    text_element(w, "Ip4Address", &a.to_string())?;
                }
                for r in &ips.ranges {
                    text_element(w, "Ip4Range", &r.to_string())?;
                }
                for m in &ips.masks {
                    text_element(w, "Ip4Mask", &m.to_string())?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

/// Namespace URI of a resolved name, if bound.
fn namespace_of(r: &ResolveResult<'_>) -> Option<String> {
    match r {
        ResolveResult::Bound(ns) => Some(ns.as_ref().to_string()),
        _ => None,
    }
}
