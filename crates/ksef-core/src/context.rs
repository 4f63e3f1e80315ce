//! On whose behalf a session acts: the context identifier of KSeF.

use serde::{Deserialize, Serialize};

use crate::ident::{IdError, InternalId, Nip, NipVatUe, PeppolId};
use crate::lang::Lang;

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

    /// The name a user reads (`as_str` is the API's name, never UI text).
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ContextType::Nip => "NIP",
            ContextType::InternalId => lang.pick("identyfikator wewnętrzny", "internal ID"),
            ContextType::NipVatUe => lang.pick("NIP VAT UE", "EU VAT number (NIP VAT UE)"),
            ContextType::PeppolId => "Peppol ID",
        }
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

    /// "NIP 5265877635", for the user (`Display` keeps the API's names).
    pub fn label(&self, lang: Lang) -> String {
        format!("{} {}", self.kind().label(lang), self.value())
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

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn users_read_labels_not_api_names() {
        let label = |k: ContextType, lang| k.label(lang);
        assert_eq!(label(ContextType::Nip, Lang::Pl), "NIP");
        assert_eq!(
            label(ContextType::InternalId, Lang::Pl),
            "identyfikator wewnętrzny"
        );
        assert_eq!(label(ContextType::NipVatUe, Lang::Pl), "NIP VAT UE");
        assert_eq!(label(ContextType::PeppolId, Lang::En), "Peppol ID");
        let nip = ContextIdentifier::parse(ContextType::Nip, "5265877635").unwrap();
        assert_eq!(nip.label(Lang::Pl), "NIP 5265877635");
        // The API's names stay what KSeF expects.
        assert_eq!(nip.to_string(), "Nip 5265877635");
        assert_eq!(
            ContextType::from_name("NipVatUe"),
            Some(ContextType::NipVatUe)
        );
        use crate::api::SubjectIdentifierKind as S;
        assert_eq!(
            [S::Nip, S::Pesel, S::Fingerprint].map(|k| k.label(Lang::Pl)),
            ["NIP", "PESEL", "odcisk certyfikatu"]
        );
    }
}
