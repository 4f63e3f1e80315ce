//! The query bodies of `POST /permissions/query/*` (paged with [`super::Page`] in the query
//! string), each with `validate()` for its filters.

use serde::{Deserialize, Serialize};

use super::error::{Field, PermissionFormError};
use super::identifiers::{
    validate_context, validate_subject, AuthorIdentifier, Identifier, TargetIdentifier,
};
use super::kinds::{
    AuthorizationQueryType, AuthorizationScope, AuthorizedEntityKind, NipKind, PermissionState,
    PersonPermissionsQueryType, SubunitKind,
};
use crate::api::SubjectIdentifier;
use crate::context::{ApiContextIdentifier, ContextType};
use crate::permissions::Permission;

/// Contexts a permission lives in: an entity's NIP or one of its internal ids.
const NIP_OR_INTERNAL: [ContextType; 2] = [ContextType::Nip, ContextType::InternalId];

/// A filter list: only `allowed` permissions (an empty list filters nothing).
fn allowed_types(
    types: &Option<Vec<Permission>>,
    allowed: &[Permission],
) -> Result<(), PermissionFormError> {
    match types.iter().flatten().find(|p| !allowed.contains(p)) {
        Some(&permission) => Err(PermissionFormError::NotAllowed { permission }),
        None => Ok(()),
    }
}

/// `POST /permissions/query/personal/grants`: the caller's own permissions; every filter
/// optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalPermissionsQueryRequest {
    /// The entity that granted invoice handling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_identifier: Option<ApiContextIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_identifier: Option<TargetIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_types: Option<Vec<Permission>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_state: Option<PermissionState>,
}

impl PersonalPermissionsQueryRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        if let Some(c) = &self.context_identifier {
            validate_context(c, &NIP_OR_INTERNAL, Field::ContextIdentifier)?;
        }
        if let Some(t) = &self.target_identifier {
            t.validate(Field::TargetIdentifier)?;
        }
        Ok(())
    }
}

/// `POST /permissions/query/persons/grants`: who holds what in the current context, or what the
/// caller granted there (`queryType`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonPermissionsQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_identifier: Option<AuthorIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_identifier: Option<SubjectIdentifier>,
    /// For grants to subunit administrators: the subunit's context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_identifier: Option<ApiContextIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_identifier: Option<TargetIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_types: Option<Vec<Permission>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_state: Option<PermissionState>,
    pub query_type: PersonPermissionsQueryType,
}

impl PersonPermissionsQueryRequest {
    pub fn new(query_type: PersonPermissionsQueryType) -> PersonPermissionsQueryRequest {
        PersonPermissionsQueryRequest {
            author_identifier: None,
            authorized_identifier: None,
            context_identifier: None,
            target_identifier: None,
            permission_types: None,
            permission_state: None,
            query_type,
        }
    }

    pub fn validate(&self) -> Result<(), PermissionFormError> {
        if let Some(a) = &self.author_identifier {
            a.validate(Field::AuthorIdentifier)?;
        }
        if let Some(a) = &self.authorized_identifier {
            validate_subject(a, Field::AuthorizedIdentifier)?;
        }
        if let Some(c) = &self.context_identifier {
            validate_context(c, &NIP_OR_INTERNAL, Field::ContextIdentifier)?;
        }
        if let Some(t) = &self.target_identifier {
            t.validate(Field::TargetIdentifier)?;
        }
        allowed_types(&self.permission_types, &Permission::PERSON_GRANT)
    }
}

/// `POST /permissions/query/subunits/grants`: administrators of subunits, granted from here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubunitPermissionsQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subunit_identifier: Option<Identifier<SubunitKind>>,
}

impl SubunitPermissionsQueryRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        match &self.subunit_identifier {
            Some(s) => s.validate(Field::SubunitIdentifier),
            None => Ok(()),
        }
    }
}

/// `POST /permissions/query/entities/grants`: invoice handling the current context received
/// from other entities (an office's clients), optionally from one of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityPermissionsQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_identifier: Option<ApiContextIdentifier>,
}

impl EntityPermissionsQueryRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        match &self.context_identifier {
            Some(c) => validate_context(c, &NIP_OR_INTERNAL, Field::ContextIdentifier),
            None => Ok(()),
        }
    }
}

/// `POST /permissions/query/subordinate-entities/roles`: a parent's subordinate entities.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubordinateEntityRolesQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subordinate_entity_identifier: Option<Identifier<NipKind>>,
}

impl SubordinateEntityRolesQueryRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        match &self.subordinate_entity_identifier {
            Some(s) => s.validate(Field::SubordinateEntityIdentifier),
            None => Ok(()),
        }
    }
}

/// `POST /permissions/query/authorizations/grants`: entity rights granted to others or
/// received from them. `authorizingIdentifier` filters received ones, `authorizedIdentifier`
/// granted ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityAuthorizationPermissionsQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorizing_identifier: Option<Identifier<NipKind>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_identifier: Option<Identifier<AuthorizedEntityKind>>,
    pub query_type: AuthorizationQueryType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_types: Option<Vec<AuthorizationScope>>,
}

impl EntityAuthorizationPermissionsQueryRequest {
    pub fn new(query_type: AuthorizationQueryType) -> Self {
        EntityAuthorizationPermissionsQueryRequest {
            authorizing_identifier: None,
            authorized_identifier: None,
            query_type,
            permission_types: None,
        }
    }

    pub fn validate(&self) -> Result<(), PermissionFormError> {
        if let Some(a) = &self.authorizing_identifier {
            a.validate(Field::AuthorizingIdentifier)?;
        }
        match &self.authorized_identifier {
            Some(a) => a.validate(Field::AuthorizedIdentifier),
            None => Ok(()),
        }
    }
}

/// `POST /permissions/query/eu-entities/grants`: administrators and representatives of EU
/// entities (`vatUeIdentifier` exact, `authorizedFingerprintIdentifier` contains).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EuEntityPermissionsQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_ue_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_fingerprint_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_types: Option<Vec<Permission>>,
}

impl EuEntityPermissionsQueryRequest {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        if let Some(v) = &self.vat_ue_identifier {
            if !crate::ident::is_vat_ue_number(v) {
                return Err(PermissionFormError::Identifier {
                    field: Field::VatUeIdentifier,
                    source: crate::ident::IdError::BadFormat {
                        kind: crate::ident::IdKind::NipVatUe,
                        expected: "KKnnnnnnnn (np. DE123456789)",
                    },
                });
            }
        }
        allowed_types(&self.permission_types, &Permission::EU_ADMINISTRATOR)
    }
}
