//! Reading an uploaded `auth.xml` back into [`AuthTokenRequest`].

use quick_xml::events::Event;
use quick_xml::reader::NsReader;

use super::{
    namespace_of, AuthTokenRequest, SchemaVersion, SubjectIdentifierType, MAX_DOCUMENT_BYTES,
    NS_XMLDSIG,
};
use crate::context::{ContextIdentifier, ContextType};
use crate::ident::IdError;
use crate::ip_policy::{AllowedIps, IpPolicyError};
use crate::lang::{Lang, Localized};

/// A parsed request and what else the file carried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedAuthTokenRequest {
    pub request: AuthTokenRequest,
    /// How many `ds:Signature` elements the document contains (KSeF wants exactly one).
    pub signature_count: usize,
    /// A context identifier that fits the schema but has a wrong check digit.
    pub checksum_warning: Option<IdError>,
}

impl ParsedAuthTokenRequest {
    pub fn is_signed(&self) -> bool {
        self.signature_count > 0
    }
}

/// Why a file is not well-formed XML, in terms a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XmlSyntax {
    /// The file ends inside the document: it was cut short (an unfinished download or copy).
    Truncated,
    /// No element at all: an empty file, or only a declaration or comments.
    NoElement,
    /// A second element after the root one.
    AfterRoot,
    /// A closing tag that does not close the element open there.
    MismatchedEndTag { expected: String, found: String },
    /// Anything else the XML reader refused, at a byte offset (its words, in English).
    Other { position: u64, detail: String },
}

impl XmlSyntax {
    fn what(&self, lang: Lang) -> String {
        use XmlSyntax::*;
        match (self, lang) {
            (Truncated, Lang::Pl) => "urywa się w połowie dokumentu – wygląda na ucięty (np. przerwane pobieranie lub kopiowanie). Wczytaj cały podpisany plik".into(),
            (Truncated, Lang::En) => "it stops in the middle of the document – it looks cut short (e.g. an interrupted download or copy). Load the whole signed file".into(),
            (NoElement, Lang::Pl) => "nie zawiera żadnego elementu (czy plik jest pusty?)".into(),
            (NoElement, Lang::En) => "it contains no element (is the file empty?)".into(),
            (AfterRoot, Lang::Pl) => "po elemencie głównym jest drugi element".into(),
            (AfterRoot, Lang::En) => "a second element follows the root element".into(),
            (MismatchedEndTag { expected, found }, Lang::Pl) => format!("znacznik zamykający </{found}> nie pasuje do otwartego <{expected}>"),
            (MismatchedEndTag { expected, found }, Lang::En) => format!("the closing tag </{found}> does not match the open <{expected}>"),
            (Other { position, .. }, Lang::Pl) => format!("błąd składni w bajcie {position}"),
            (Other { position, detail }, Lang::En) => format!("syntax error at byte {position}: {detail}"),
        }
    }

    fn from_reader(e: &quick_xml::Error, position: u64) -> XmlSyntax {
        use quick_xml::errors::{IllFormedError, SyntaxError};
        match e {
            // Every other syntax error is "… not found before end of input".
            quick_xml::Error::Syntax(s) if *s != SyntaxError::InvalidBangMarkup => {
                XmlSyntax::Truncated
            }
            quick_xml::Error::IllFormed(
                IllFormedError::MissingEndTag(_) | IllFormedError::UnclosedReference,
            ) => XmlSyntax::Truncated,
            quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
                XmlSyntax::MismatchedEndTag {
                    expected: expected.clone(),
                    found: found.clone(),
                }
            }
            other => XmlSyntax::Other {
                position,
                detail: other.to_string(),
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Pl))]
pub enum AuthXmlError {
    TooLarge {
        size: usize,
    },
    NotUtf8,
    /// Not well-formed XML; checked before anything the schema says.
    Malformed(XmlSyntax),
    DtdForbidden,
    UnknownEntity(String),
    WrongRoot(String),
    UnknownNamespace(String),
    Unexpected(String),
    Missing(&'static str),
    Invalid {
        field: &'static str,
        error: IdError,
    },
    BadSubjectType(String),
    Ip(#[from] IpPolicyError),
}

impl Localized for AuthXmlError {
    fn message(&self, lang: Lang) -> String {
        use AuthXmlError::*;
        match (self, lang) {
            (TooLarge { size }, Lang::Pl) => format!("Plik ma {size} bajtów; dopuszczalne jest najwyżej {MAX_DOCUMENT_BYTES} (1 MiB)"),
            (TooLarge { size }, Lang::En) => format!("The file has {size} bytes; at most {MAX_DOCUMENT_BYTES} (1 MiB) is allowed"),
            (NotUtf8, Lang::Pl) => "Plik nie jest zapisany w kodowaniu UTF-8 (KSeF: błąd 21217)".into(),
            (NotUtf8, Lang::En) => "The file is not UTF-8 encoded (KSeF: error 21217)".into(),
            (Malformed(e), Lang::Pl) => format!("Plik nie jest poprawnym dokumentem XML: {}", e.what(lang)),
            (Malformed(e), Lang::En) => format!("The file is not well-formed XML: {}", e.what(lang)),
            (DtdForbidden, Lang::Pl) => "Dokument zawiera deklarację DTD (<!DOCTYPE>), której ze względów bezpieczeństwa nie przyjmujemy".into(),
            (DtdForbidden, Lang::En) => "The document contains a DTD (<!DOCTYPE>), which is refused for security reasons".into(),
            (UnknownEntity(e), Lang::Pl) => format!("Dokument używa nieznanej encji &{e};"),
            (UnknownEntity(e), Lang::En) => format!("The document uses an unknown entity &{e};"),
            (WrongRoot(r), Lang::Pl) => format!("To nie jest AuthTokenRequest (główny element: {r})"),
            (WrongRoot(r), Lang::En) => format!("This is not an AuthTokenRequest (root element: {r})"),
            (UnknownNamespace(n), Lang::Pl) => format!("Nieznana przestrzeń nazw „{n}”; KSeF przyjmuje auth/token/2.0 i 2.1"),
            (UnknownNamespace(n), Lang::En) => format!("Unknown namespace '{n}'; KSeF accepts auth/token/2.0 and 2.1"),
            (Unexpected(e), Lang::Pl) => format!("Nieoczekiwany element {e} (niezgodny ze schematem, KSeF: błąd 21401)"),
            (Unexpected(e), Lang::En) => format!("Unexpected element {e} (not valid against the schema, KSeF: error 21401)"),
            (Missing(e), Lang::Pl) => format!("Brak elementu {e}"),
            (Missing(e), Lang::En) => format!("Element {e} is missing"),
            (Invalid { field, error }, _) => format!("{field}: {}", error.message(lang)),
            (BadSubjectType(v), Lang::Pl) => format!("SubjectIdentifierType „{v}” – dozwolone: certificateSubject, certificateFingerprint"),
            (BadSubjectType(v), Lang::En) => format!("SubjectIdentifierType '{v}' – allowed: certificateSubject, certificateFingerprint"),
            (Ip(e), _) => e.message(lang),
        }
    }
}

/// The children of the root in schema order.
const ROOT_CHILDREN: [&str; 4] = [
    "Challenge",
    "ContextIdentifier",
    "SubjectIdentifierType",
    "AuthorizationPolicy",
];
const IP_CHILDREN: [&str; 3] = ["Ip4Address", "Ip4Range", "Ip4Mask"];

#[derive(Default)]
struct Collected {
    version: Option<SchemaVersion>,
    root_done: bool,
    last_root_child: Option<usize>,
    last_ip_child: Option<usize>,
    challenge: Option<String>,
    context: Option<(ContextType, String)>,
    subject: Option<String>,
    ips: Option<[Vec<String>; 3]>,
    signatures: usize,
}

/// An open element: namespace URI and local name.
type Open = (Option<String>, String);

impl Collected {
    fn in_signature(stack: &[Open]) -> bool {
        stack
            .iter()
            .any(|(ns, n)| ns.as_deref() == Some(NS_XMLDSIG) && n == "Signature")
    }

    fn ours(&self, ns: &Option<String>) -> bool {
        self.version.map(SchemaVersion::namespace) == ns.as_deref()
    }

    fn open(
        &mut self,
        stack: &[Open],
        ns: &Option<String>,
        name: &str,
    ) -> Result<(), AuthXmlError> {
        if ns.as_deref() == Some(NS_XMLDSIG) && name == "Signature" {
            self.signatures += 1;
        }
        if stack.is_empty() {
            return self.open_root(ns, name);
        }
        if Self::in_signature(stack)
            || (stack.len() == 1 && ns.as_deref() == Some(NS_XMLDSIG) && name == "Signature")
        {
            return Ok(());
        }
        let unexpected = || AuthXmlError::Unexpected(name.to_string());
        if !self.ours(ns) {
            return Err(unexpected());
        }
        let parent = stack.last().map(|(_, n)| n.as_str()).unwrap_or_default();
        match (stack.len(), parent) {
            (1, _) => {
                let idx = ROOT_CHILDREN
                    .iter()
                    .position(|c| *c == name)
                    .ok_or_else(unexpected)?;
                if self.last_root_child.is_some_and(|last| idx <= last) {
                    return Err(unexpected());
                }
                self.last_root_child = Some(idx);
                if idx == 3 {
                    self.ips = Some(Default::default());
                }
                Ok(())
            }
            (2, "ContextIdentifier")
                if ContextType::from_name(name).is_some() && self.context.is_none() =>
            {
                Ok(())
            }
            (2, "AuthorizationPolicy") if name == "AllowedIps" => Ok(()),
            (3, "AllowedIps") => {
                let idx = IP_CHILDREN
                    .iter()
                    .position(|c| *c == name)
                    .ok_or_else(unexpected)?;
                if self.last_ip_child.is_some_and(|last| idx < last) {
                    return Err(unexpected());
                }
                self.last_ip_child = Some(idx);
                Ok(())
            }
            _ => Err(unexpected()),
        }
    }

    fn open_root(&mut self, ns: &Option<String>, name: &str) -> Result<(), AuthXmlError> {
        if self.root_done {
            return Err(AuthXmlError::Malformed(XmlSyntax::AfterRoot));
        }
        if name != "AuthTokenRequest" {
            return Err(AuthXmlError::WrongRoot(name.to_string()));
        }
        let ns = ns.clone().unwrap_or_default();
        self.version =
            Some(SchemaVersion::from_namespace(&ns).ok_or(AuthXmlError::UnknownNamespace(ns))?);
        Ok(())
    }

    /// Records a finished element's text; `stack` no longer holds the element.
    fn close(&mut self, stack: &[Open], name: &str, text: String) {
        if stack.is_empty() {
            self.root_done = true;
        }
        if Self::in_signature(stack) {
            return;
        }
        let parent = stack.last().map(|(_, n)| n.as_str()).unwrap_or_default();
        match (stack.len(), parent, name) {
            (1, _, "Challenge") => self.challenge = Some(text),
            (1, _, "SubjectIdentifierType") => self.subject = Some(text),
            (2, "ContextIdentifier", _) => {
                self.context = ContextType::from_name(name).map(|t| (t, text))
            }
            (3, "AllowedIps", _) => {
                if let (Some(ips), Some(i)) = (
                    self.ips.as_mut(),
                    IP_CHILDREN.iter().position(|c| *c == name),
                ) {
                    ips[i].push(text);
                }
            }
            _ => {}
        }
    }

    fn finish(self) -> Result<ParsedAuthTokenRequest, AuthXmlError> {
        // The root always sets the version (or fails): without it there was no element at all.
        let version = self
            .version
            .ok_or(AuthXmlError::Malformed(XmlSyntax::NoElement))?;
        // Challenge and SubjectIdentifierType are xsd:token (whitespace collapses); ids are strings.
        let challenge = self.challenge.ok_or(AuthXmlError::Missing("Challenge"))?;
        let challenge = challenge
            .trim()
            .parse()
            .map_err(|error| AuthXmlError::Invalid {
                field: "Challenge",
                error,
            })?;
        let (kind, value) = self
            .context
            .ok_or(AuthXmlError::Missing("ContextIdentifier"))?;
        let (context, checksum_warning) =
            ContextIdentifier::parse_lenient(kind, &value).map_err(|error| {
                AuthXmlError::Invalid {
                    field: "ContextIdentifier",
                    error,
                }
            })?;
        let subject = self
            .subject
            .ok_or(AuthXmlError::Missing("SubjectIdentifierType"))?;
        let subject_type = SubjectIdentifierType::from_name(subject.trim())
            .ok_or(AuthXmlError::BadSubjectType(subject))?;
        let allowed_ips = match self.ips {
            Some([a, r, m]) => Some(AllowedIps::parse(&a, &r, &m)?),
            None => None,
        };
        Ok(ParsedAuthTokenRequest {
            request: AuthTokenRequest {
                version,
                challenge,
                context,
                subject_type,
                allowed_ips,
            },
            signature_count: self.signatures,
            checksum_warning,
        })
    }
}

/// The five entities XML predefines; anything else would need a DTD, which we refuse.
fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

pub(super) fn parse(bytes: &[u8]) -> Result<ParsedAuthTokenRequest, AuthXmlError> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(AuthXmlError::TooLarge { size: bytes.len() });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| match e.error_len() {
        // A character cut in two at the very end: the file was cut, not wrongly encoded.
        None => AuthXmlError::Malformed(XmlSyntax::Truncated),
        Some(_) => AuthXmlError::NotUtf8,
    })?;
    let mut reader = NsReader::from_str(text);
    let mut doc = Collected::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut buf = String::new();
    loop {
        let (resolved, event) = match reader.read_resolved_event() {
            Ok(read) => read,
            Err(e) => {
                let at = reader.error_position();
                return Err(AuthXmlError::Malformed(XmlSyntax::from_reader(&e, at)));
            }
        };
        let ns = namespace_of(&resolved);
        match event {
            Event::DocType(_) => return Err(AuthXmlError::DtdForbidden),
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_string();
                doc.open(&stack, &ns, &name)?;
                stack.push((ns, name));
                buf.clear();
            }
            Event::Empty(e) => {
                let name = e.local_name().as_ref().to_string();
                doc.open(&stack, &ns, &name)?;
                doc.close(&stack, &name, String::new());
            }
            Event::End(_) => {
                // quick-xml checks end tags, so there is always an element to close.
                let (_, name) = stack.pop().ok_or_else(|| {
                    AuthXmlError::Malformed(XmlSyntax::Other {
                        position: reader.buffer_position(),
                        detail: "end tag without a start tag".into(),
                    })
                })?;
                doc.close(&stack, &name, std::mem::take(&mut buf));
            }
            Event::Text(t) => buf.push_str(&t.xml10_content()),
            Event::CData(c) => buf.push_str(&c.into_inner()),
            Event::GeneralRef(r) => {
                let name = r.as_ref().to_string();
                let ch = match r.resolve_char_ref() {
                    Ok(Some(ch)) => ch,
                    _ => predefined_entity(&name).ok_or(AuthXmlError::UnknownEntity(name))?,
                };
                buf.push(ch);
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(AuthXmlError::Malformed(XmlSyntax::Truncated));
    }
    doc.finish()
}
