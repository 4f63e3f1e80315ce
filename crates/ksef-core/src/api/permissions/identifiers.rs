//! The `{type, value}` identifiers of `/permissions/*`. Each body allows its own set of types, so
//! the type is a small enum per use (`Identifier<NipKind>`, `Identifier<SubunitKind>`…), and the
//! value is checked by the identifier newtypes of [`crate::ident`] (checksums included).

use serde::{Deserialize, Serialize};

use super::error::{Field, PermissionFormError};
use super::kinds::{
    AuthorIdentifierKind, AuthorizedEntityKind, FingerprintKind, NipKind, NipVatUeKind,
    PersonIdentifierKind, SubunitKind, TargetIdentifierKind,
};
use crate::api::{SubjectIdentifier, SubjectIdentifierKind};
use crate::context::{ApiContextIdentifier, ContextType};
use crate::extensible::KnownName;
use crate::ident::{CertFingerprint, IdError, InternalId, Nip, NipVatUe, PeppolId, Pesel};

/// What an identifier type's value must be; `None` for types without a value.
pub trait IdentifierKind: Copy {
    fn value_kind(self) -> Option<crate::ident::IdKind>;
    fn name(self) -> &'static str;
}

macro_rules! known_kinds {
    ($($t:ty),+) => {$(
        impl IdentifierKind for $t {
            fn value_kind(self) -> Option<crate::ident::IdKind> {
                id_kind(KnownName::as_str(self))
            }
            fn name(self) -> &'static str {
                KnownName::as_str(self)
            }
        }
    )+};
}

known_kinds!(
    AuthorIdentifierKind,
    AuthorizedEntityKind,
    FingerprintKind,
    NipKind,
    NipVatUeKind,
    PersonIdentifierKind,
    SubunitKind,
    TargetIdentifierKind
);

impl IdentifierKind for SubjectIdentifierKind {
    fn value_kind(self) -> Option<crate::ident::IdKind> {
        id_kind(self.as_str())
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

impl IdentifierKind for ContextType {
    fn value_kind(self) -> Option<crate::ident::IdKind> {
        id_kind(self.as_str())
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}

/// Every type name of the spec maps to one identifier kind (or to none: AllPartners, System).
fn id_kind(name: &str) -> Option<crate::ident::IdKind> {
    use crate::ident::IdKind as K;
    Some(match name {
        "Nip" => K::Nip,
        "Pesel" => K::Pesel,
        "Fingerprint" => K::Fingerprint,
        "InternalId" => K::InternalId,
        "NipVatUe" => K::NipVatUe,
        "PeppolId" => K::PeppolId,
        _ => return None,
    })
}

/// Parses `value` as `kind` demands (NIP/PESEL checksums, 64 hex for a fingerprint…).
pub fn check_value(kind: crate::ident::IdKind, value: &str) -> Result<(), IdError> {
    use crate::ident::IdKind as K;
    match kind {
        K::Nip => value.parse::<Nip>().map(drop),
        K::Pesel => value.parse::<Pesel>().map(drop),
        K::Fingerprint => value.parse::<CertFingerprint>().map(drop),
        K::InternalId => value.parse::<InternalId>().map(drop),
        K::NipVatUe => value.parse::<NipVatUe>().map(drop),
        K::PeppolId => value.parse::<PeppolId>().map(drop),
        // No `/permissions/*` identifier is of the other kinds.
        _ => Ok(()),
    }
}

fn checked<K: IdentifierKind>(
    kind: K,
    value: Option<&str>,
    field: Field,
) -> Result<(), PermissionFormError> {
    match (kind.value_kind(), value) {
        (None, None) => Ok(()),
        (None, Some(_)) => Err(PermissionFormError::UnexpectedValue { field }),
        (Some(_), None) => Err(PermissionFormError::MissingValue { field }),
        (Some(k), Some(v)) => {
            check_value(k, v).map_err(|source| PermissionFormError::Identifier { field, source })
        }
    }
}

/// `{type, value}` with a value every type of `K` has.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Identifier<K> {
    #[serde(rename = "type")]
    pub kind: K,
    pub value: String,
}

impl<K: IdentifierKind> Identifier<K> {
    pub fn new(kind: K, value: impl Into<String>) -> Identifier<K> {
        Identifier {
            kind,
            value: value.into(),
        }
    }

    pub fn validate(&self, field: Field) -> Result<(), PermissionFormError> {
        checked(self.kind, Some(&self.value), field)
    }
}

impl Identifier<NipKind> {
    pub fn nip(nip: &Nip) -> Self {
        Identifier::new(NipKind::Nip, nip.as_str())
    }
}

impl Identifier<FingerprintKind> {
    pub fn fingerprint(fp: &CertFingerprint) -> Self {
        Identifier::new(FingerprintKind::Fingerprint, fp.as_str())
    }
}

/// `{type, value?}` where some types (`AllPartners`, `System`) have no value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OptionalIdentifier<K> {
    #[serde(rename = "type")]
    pub kind: K,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl<K: IdentifierKind> OptionalIdentifier<K> {
    pub fn validate(&self, field: Field) -> Result<(), PermissionFormError> {
        checked(self.kind, self.value.as_deref(), field)
    }
}

/// The client of an indirect grant: one NIP or internal id, or all partners.
pub type TargetIdentifier = OptionalIdentifier<TargetIdentifierKind>;
/// Who granted a permission (`System` has no value).
pub type AuthorIdentifier = OptionalIdentifier<AuthorIdentifierKind>;
/// A person's own NIP or PESEL, given with a fingerprint.
pub type PersonIdentifier = Identifier<PersonIdentifierKind>;

impl TargetIdentifier {
    pub fn all_partners() -> TargetIdentifier {
        OptionalIdentifier {
            kind: TargetIdentifierKind::AllPartners,
            value: None,
        }
    }

    pub fn nip(nip: &Nip) -> TargetIdentifier {
        OptionalIdentifier {
            kind: TargetIdentifierKind::Nip,
            value: Some(nip.to_string()),
        }
    }

    pub fn internal_id(id: &InternalId) -> TargetIdentifier {
        OptionalIdentifier {
            kind: TargetIdentifierKind::InternalId,
            value: Some(id.to_string()),
        }
    }

    /// The one client's identifier, `None` for all partners.
    pub fn client(&self) -> Option<&str> {
        match self.kind {
            TargetIdentifierKind::AllPartners => None,
            _ => self.value.as_deref(),
        }
    }
}

/// A grantee (`{type: Nip|Pesel|Fingerprint, value}`) with a valid value.
pub fn validate_subject(id: &SubjectIdentifier, field: Field) -> Result<(), PermissionFormError> {
    checked(id.kind, Some(&id.value), field)
}

/// A context identifier of one of `allowed` types, with a valid value.
pub fn validate_context(
    id: &ApiContextIdentifier,
    allowed: &[ContextType],
    field: Field,
) -> Result<(), PermissionFormError> {
    if !allowed.contains(&id.kind) {
        return Err(PermissionFormError::IdentifierKind {
            field,
            kind: id.kind.as_str(),
        });
    }
    checked(id.kind, Some(&id.value), field)
}

/// A subject identifier of one of `allowed` types.
pub fn require_subject_kind(
    id: &SubjectIdentifier,
    allowed: &[SubjectIdentifierKind],
    field: Field,
) -> Result<(), PermissionFormError> {
    if !allowed.contains(&id.kind) {
        return Err(PermissionFormError::IdentifierKind {
            field,
            kind: id.kind.as_str(),
        });
    }
    validate_subject(id, field)
}
