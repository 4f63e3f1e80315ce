//! On whose behalf a session acts: the context identifier of KSeF.

use serde::{Deserialize, Serialize};

use crate::ident::{IdError, InternalId, Nip, NipVatUe, PeppolId};

/// The four kinds of context KSeF knows (XML element names and JSON `type` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContextType {
    Nip,
    InternalId,
    NipVatUe,
    PeppolId,
}

impl ContextType {
    pub const ALL: [ContextType; 4] = [
        ContextType::Nip,
        ContextType::InternalId,
        ContextType::NipVatUe,
        ContextType::PeppolId,
    ];

    /// The element name in `AuthTokenRequest` and the JSON `type` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ContextType::Nip => "Nip",
            ContextType::InternalId => "InternalId",
            ContextType::NipVatUe => "NipVatUe",
            ContextType::PeppolId => "PeppolId",
        }
    }

    pub fn from_name(name: &str) -> Option<ContextType> {
        ContextType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// A validated context identifier.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ContextIdentifier {
    Nip(Nip),
    InternalId(InternalId),
    NipVatUe(NipVatUe),
    PeppolId(PeppolId),
}

impl ContextIdentifier {
    pub fn parse(kind: ContextType, value: &str) -> Result<ContextIdentifier, IdError> {
        Ok(match kind {
            ContextType::Nip => ContextIdentifier::Nip(value.parse()?),
            ContextType::InternalId => ContextIdentifier::InternalId(value.parse()?),
            ContextType::NipVatUe => ContextIdentifier::NipVatUe(value.parse()?),
            ContextType::PeppolId => ContextIdentifier::PeppolId(value.parse()?),
        })
    }

    /// As KSeF's schema sees it: the pattern must hold, a wrong check digit is only reported
    /// (the XSD checks patterns, and KSeF enforces NIP checksums only in invoices on PRD).
    pub fn parse_lenient(
        kind: ContextType,
        value: &str,
    ) -> Result<(ContextIdentifier, Option<IdError>), IdError> {
        match ContextIdentifier::parse(kind, value) {
            Ok(c) => Ok((c, None)),
            // The checksum is always the last check, so the pattern holds here.
            Err(e @ IdError::BadChecksum { .. }) => {
                let v = value.to_string();
                let c = match kind {
                    ContextType::Nip => ContextIdentifier::Nip(Nip(v)),
                    ContextType::InternalId => ContextIdentifier::InternalId(InternalId(v)),
                    ContextType::NipVatUe => ContextIdentifier::NipVatUe(NipVatUe(v)),
                    ContextType::PeppolId => return Err(e),
                };
                Ok((c, Some(e)))
            }
            Err(e) => Err(e),
        }
    }

    pub fn kind(&self) -> ContextType {
        match self {
            ContextIdentifier::Nip(_) => ContextType::Nip,
            ContextIdentifier::InternalId(_) => ContextType::InternalId,
            ContextIdentifier::NipVatUe(_) => ContextType::NipVatUe,
            ContextIdentifier::PeppolId(_) => ContextType::PeppolId,
        }
    }

    pub fn value(&self) -> &str {
        match self {
            ContextIdentifier::Nip(v) => v.as_str(),
            ContextIdentifier::InternalId(v) => v.as_str(),
            ContextIdentifier::NipVatUe(v) => v.as_str(),
            ContextIdentifier::PeppolId(v) => v.as_str(),
        }
    }

    /// The JSON shape `{type, value}` used by the API.
    pub fn to_api(&self) -> ApiContextIdentifier {
        ApiContextIdentifier {
            kind: self.kind(),
            value: self.value().to_string(),
        }
    }
}

/// `{"type": "Nip", "value": "…"}` as it travels in JSON; the value is validated on conversion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiContextIdentifier {
    #[serde(rename = "type")]
    pub kind: ContextType,
    pub value: String,
}

impl TryFrom<&ApiContextIdentifier> for ContextIdentifier {
    type Error = IdError;
    fn try_from(c: &ApiContextIdentifier) -> Result<Self, IdError> {
        ContextIdentifier::parse(c.kind, &c.value)
    }
}

impl std::fmt::Display for ContextIdentifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind().as_str(), self.value())
    }
}
