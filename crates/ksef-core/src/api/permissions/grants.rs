//! The grant bodies of `/permissions/*/grants`, each with `validate()`: the rules of the 2.9.0
//! spec and the docs (lengths, identifiers with checksums, which permissions and subject kinds
//! each grant takes). The app checks a form with it before sending; the simulator checks what it
//! receives (21405). Relations between subjects (may this context grant that?) are KSeF's to
//! judge, asynchronously, in the operation's status.

use serde::{Deserialize, Serialize};

use super::details::{
    length, validate_description, EntityDetails, EuEntityDetails, SubjectDetails,
};
use super::error::{Field, PermissionFormError};
use super::identifiers::{require_subject_kind, Identifier, TargetIdentifier};
use super::kinds::{
    AuthorizationScope, AuthorizedEntityKind, FingerprintKind, NipKind, NipVatUeKind,
    SubjectDetailsType, SubunitKind,
};
use crate::api::{SubjectIdentifier, SubjectIdentifierKind};
use crate::permissions::Permission;

const PERSON_DETAILS: [SubjectDetailsType; 3] = [
    SubjectDetailsType::PersonByIdentifier,
    SubjectDetailsType::PersonByFingerprintWithIdentifier,
    SubjectDetailsType::PersonByFingerprintWithoutIdentifier,
];

const EU_DETAILS: [SubjectDetailsType; 3] = [
    SubjectDetailsType::PersonByFingerprintWithIdentifier,
    SubjectDetailsType::PersonByFingerprintWithoutIdentifier,
    SubjectDetailsType::EntityByFingerprint,
];

const PERSON_SUBJECTS: [SubjectIdentifierKind; 3] = [
    SubjectIdentifierKind::Nip,
    SubjectIdentifierKind::Pesel,
    SubjectIdentifierKind::Fingerprint,
];

/// A non-empty list of `allowed` permissions, each at most once.
pub fn validate_permission_list(
    permissions: &[Permission],
    allowed: &[Permission],
) -> Result<(), PermissionFormError> {
    if permissions.is_empty() {
        return Err(PermissionFormError::NoPermissions);
    }
    for (i, &p) in permissions.iter().enumerate() {
        if !allowed.contains(&p) {
            return Err(PermissionFormError::NotAllowed { permission: p });
        }
        if permissions[..i].contains(&p) {
            return Err(PermissionFormError::Duplicate { permission: p });
        }
    }
    Ok(())
}

/// `POST /permissions/persons/grants`: rights to work in the current context for a person
/// (needs CredentialsManage). EnforcementOperations only where the context is a bailiff or an
/// enforcement authority (KSeF refuses it asynchronously otherwise).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonPermissionsGrantRequest {
    pub subject_identifier: SubjectIdentifier,
    pub permissions: Vec<Permission>,
    pub description: String,
    pub subject_details: SubjectDetails,
}

impl PersonPermissionsGrantRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        require_subject_kind(
            &self.subject_identifier,
            &PERSON_SUBJECTS,
            Field::SubjectIdentifier,
        )?;
        validate_permission_list(&self.permissions, &Permission::PERSON_GRANT)?;
        validate_description(&self.description)?;
        self.subject_details
            .validate(&PERSON_DETAILS, &self.subject_identifier)
    }
}

/// One permission of an entity grant; `canDelegate` lets the grantee pass it on by indirect
/// grants (an accounting office to its staff).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityPermission {
    #[serde(rename = "type")]
    pub kind: Permission,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_delegate: Option<bool>,
}

impl EntityPermission {
    pub fn new(kind: Permission, can_delegate: bool) -> EntityPermission {
        EntityPermission {
            kind,
            can_delegate: Some(can_delegate),
        }
    }

    pub fn delegates(&self) -> bool {
        self.can_delegate == Some(true)
    }
}

/// `POST /permissions/entities/grants`: invoice handling for another entity (by NIP), e.g. a
/// client to its accounting office (needs CredentialsManage).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityPermissionsGrantRequest {
    pub subject_identifier: Identifier<NipKind>,
    pub permissions: Vec<EntityPermission>,
    pub description: String,
    pub subject_details: EntityDetails,
}

impl EntityPermissionsGrantRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        self.subject_identifier.validate(Field::SubjectIdentifier)?;
        // Delegation first: it is the more telling message for e.g. CredentialsManage.
        if let Some(p) = self
            .permissions
            .iter()
            .find(|p| p.delegates() && !p.kind.delegable())
        {
            return Err(PermissionFormError::NotDelegable { permission: p.kind });
        }
        let kinds: Vec<Permission> = self.permissions.iter().map(|p| p.kind).collect();
        validate_permission_list(&kinds, &Permission::DELEGABLE)?;
        validate_description(&self.description)?;
        self.subject_details.validate()
    }
}

/// `POST /permissions/authorizations/grants`: one entity right (self-billing, VAT RR, tax
/// representative, PEF) for an entity or a Peppol provider (needs CredentialsManage).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityAuthorizationPermissionsGrantRequest {
    pub subject_identifier: Identifier<AuthorizedEntityKind>,
    pub permission: AuthorizationScope,
    pub description: String,
    pub subject_details: EntityDetails,
}

impl EntityAuthorizationPermissionsGrantRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        self.subject_identifier.validate(Field::SubjectIdentifier)?;
        validate_description(&self.description)?;
        self.subject_details.validate()
    }
}

/// `POST /permissions/indirect/grants`: an office gives its employee invoice handling for one
/// client (only one that allowed delegation) or, without a target or with `AllPartners`, for
/// every client (needs CredentialsManage).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndirectPermissionsGrantRequest {
    pub subject_identifier: SubjectIdentifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_identifier: Option<TargetIdentifier>,
    pub permissions: Vec<Permission>,
    pub description: String,
    pub subject_details: SubjectDetails,
}

impl IndirectPermissionsGrantRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        require_subject_kind(
            &self.subject_identifier,
            &PERSON_SUBJECTS,
            Field::SubjectIdentifier,
        )?;
        if let Some(t) = &self.target_identifier {
            t.validate(Field::TargetIdentifier)?;
        }
        validate_permission_list(&self.permissions, &Permission::DELEGABLE)?;
        validate_description(&self.description)?;
        self.subject_details
            .validate(&PERSON_DETAILS, &self.subject_identifier)
    }

    /// The one client this grant is for; `None` means all of the office's clients.
    pub fn client(&self) -> Option<&str> {
        self.target_identifier.as_ref().and_then(|t| t.client())
    }
}

/// `POST /permissions/subunits/grants`: an administrator (CredentialsManage) of a subunit — an
/// internal id `{NIP}-{5 digits}` of the current entity (named by `subunitName`), or a
/// subordinate entity's NIP (needs SubunitManage).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubunitPermissionsGrantRequest {
    pub subject_identifier: SubjectIdentifier,
    pub context_identifier: Identifier<SubunitKind>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subunit_name: Option<String>,
    pub subject_details: SubjectDetails,
}

impl SubunitPermissionsGrantRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        require_subject_kind(
            &self.subject_identifier,
            &PERSON_SUBJECTS,
            Field::SubjectIdentifier,
        )?;
        self.context_identifier.validate(Field::ContextIdentifier)?;
        validate_description(&self.description)?;
        match (&self.subunit_name, self.context_identifier.kind) {
            (Some(name), _) => length(name, Field::SubunitName, 5, 256)?,
            // "W przypadku jednostki podrzędnej z identyfikatorem wewnętrznym pole jest wymagane."
            (None, SubunitKind::InternalId) => {
                return Err(PermissionFormError::Missing {
                    field: Field::SubunitName,
                })
            }
            (None, SubunitKind::Nip) => {}
        }
        self.subject_details
            .validate(&PERSON_DETAILS, &self.subject_identifier)
    }
}

/// `POST /permissions/eu-entities/administration/grants`: an administrator of the composite
/// context `{NIP}-{VAT UE}` (VatUeManage, InvoiceWrite, InvoiceRead, Introspection, all given
/// at once) for a qualified certificate's fingerprint (needs CredentialsManage).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EuEntityAdministrationPermissionsGrantRequest {
    pub subject_identifier: Identifier<FingerprintKind>,
    pub context_identifier: Identifier<NipVatUeKind>,
    pub description: String,
    pub eu_entity_name: String,
    pub subject_details: SubjectDetails,
    pub eu_entity_details: EuEntityDetails,
}

impl EuEntityAdministrationPermissionsGrantRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        self.subject_identifier.validate(Field::SubjectIdentifier)?;
        self.context_identifier.validate(Field::ContextIdentifier)?;
        validate_description(&self.description)?;
        length(&self.eu_entity_name, Field::EuEntityName, 5, 256)?;
        self.subject_details
            .validate(&EU_DETAILS, &fingerprint_subject(&self.subject_identifier))?;
        self.eu_entity_details.validate()
    }
}

/// `POST /permissions/eu-entities/grants`: a representative of the EU entity of the current
/// composite context, InvoiceWrite and/or InvoiceRead (needs VatUeManage).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EuEntityPermissionsGrantRequest {
    pub subject_identifier: Identifier<FingerprintKind>,
    pub permissions: Vec<Permission>,
    pub description: String,
    pub subject_details: SubjectDetails,
}

impl EuEntityPermissionsGrantRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        self.subject_identifier.validate(Field::SubjectIdentifier)?;
        validate_permission_list(&self.permissions, &Permission::EU_REPRESENTATIVE)?;
        validate_description(&self.description)?;
        self.subject_details
            .validate(&EU_DETAILS, &fingerprint_subject(&self.subject_identifier))
    }
}

fn fingerprint_subject(id: &Identifier<FingerprintKind>) -> SubjectIdentifier {
    SubjectIdentifier {
        kind: SubjectIdentifierKind::Fingerprint,
        value: id.value.clone(),
    }
}
