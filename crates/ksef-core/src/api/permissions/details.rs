//! Who a grant is for, in words (`subjectDetails`, required on every grant), and the details the
//! queries answer with.

use serde::{Deserialize, Serialize};

use super::error::{Field, PermissionFormError};
use super::identifiers::PersonIdentifier;
use super::kinds::SubjectDetailsType;
use crate::api::{SubjectIdentifier, SubjectIdentifierKind};
use crate::extensible::Extensible;

/// Counts characters, as the spec's `minLength`/`maxLength` do.
pub(super) fn length(
    text: &str,
    field: Field,
    min: usize,
    max: usize,
) -> Result<(), PermissionFormError> {
    let got = text.chars().count();
    if (min..=max).contains(&got) {
        Ok(())
    } else {
        Err(PermissionFormError::Length {
            field,
            min,
            max,
            got,
        })
    }
}

/// `description` of every grant: 5..256 characters.
pub fn validate_description(description: &str) -> Result<(), PermissionFormError> {
    length(description, Field::Description, 5, 256)
}

/// A person's name (`PersonDetails`): first 2..30, last 2..81 characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonName {
    pub first_name: String,
    pub last_name: String,
}

impl PersonName {
    pub fn new(first: impl Into<String>, last: impl Into<String>) -> PersonName {
        PersonName {
            first_name: first.into(),
            last_name: last.into(),
        }
    }

    pub fn validate(&self) -> Result<(), PermissionFormError> {
        length(&self.first_name, Field::FirstName, 2, 30)?;
        length(&self.last_name, Field::LastName, 2, 81)
    }
}

/// A person known by a fingerprint who has a NIP or PESEL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonByFingerprintWithIdentifier {
    pub first_name: String,
    pub last_name: String,
    pub identifier: PersonIdentifier,
}

/// An identity document: type and number up to 20 characters, an ISO 3166-1 alpha-2 country.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdDocument {
    #[serde(rename = "type")]
    pub kind: String,
    pub number: String,
    pub country: String,
}

impl IdDocument {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        length(&self.kind, Field::IdDocumentType, 1, 20)?;
        length(&self.number, Field::IdDocumentNumber, 1, 20)?;
        let c = self.country.as_bytes();
        if c.len() != 2 || !c.iter().all(u8::is_ascii_uppercase) {
            return Err(PermissionFormError::BadCountry);
        }
        Ok(())
    }
}

/// A person known by a fingerprint who has neither NIP nor PESEL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonByFingerprintWithoutIdentifier {
    pub first_name: String,
    pub last_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub id_document: IdDocument,
}

/// An entity known by its seal's fingerprint (`EntityByFingerprintDetails`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityByFingerprint {
    pub full_name: String,
    pub address: String,
}

/// `subjectDetails` of the person and EU-entity grants: the type, and the one part it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectDetails {
    pub subject_details_type: SubjectDetailsType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_by_id: Option<PersonName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_by_fp_with_id: Option<PersonByFingerprintWithIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_by_fp_no_id: Option<PersonByFingerprintWithoutIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_by_fp: Option<EntityByFingerprint>,
}

impl SubjectDetails {
    fn of(kind: SubjectDetailsType) -> SubjectDetails {
        SubjectDetails {
            subject_details_type: kind,
            person_by_id: None,
            person_by_fp_with_id: None,
            person_by_fp_no_id: None,
            entity_by_fp: None,
        }
    }

    /// A person whose NIP or PESEL is the grant's subject identifier.
    pub fn person(name: PersonName) -> SubjectDetails {
        SubjectDetails {
            person_by_id: Some(name),
            ..SubjectDetails::of(SubjectDetailsType::PersonByIdentifier)
        }
    }

    pub fn person_by_fingerprint(name: PersonName, identifier: PersonIdentifier) -> Self {
        SubjectDetails {
            person_by_fp_with_id: Some(PersonByFingerprintWithIdentifier {
                first_name: name.first_name,
                last_name: name.last_name,
                identifier,
            }),
            ..SubjectDetails::of(SubjectDetailsType::PersonByFingerprintWithIdentifier)
        }
    }

    pub fn person_without_identifier(
        name: PersonName,
        birth_date: impl Into<String>,
        id_document: IdDocument,
    ) -> SubjectDetails {
        SubjectDetails {
            person_by_fp_no_id: Some(PersonByFingerprintWithoutIdentifier {
                first_name: name.first_name,
                last_name: name.last_name,
                birth_date: birth_date.into(),
                id_document,
            }),
            ..SubjectDetails::of(SubjectDetailsType::PersonByFingerprintWithoutIdentifier)
        }
    }

    pub fn entity_by_fingerprint(full_name: impl Into<String>, address: impl Into<String>) -> Self {
        SubjectDetails {
            entity_by_fp: Some(EntityByFingerprint {
                full_name: full_name.into(),
                address: address.into(),
            }),
            ..SubjectDetails::of(SubjectDetailsType::EntityByFingerprint)
        }
    }

    /// The details are of an `allowed` type, the part that type needs is there and valid, and
    /// they fit `subject` (a NIP/PESEL with `PersonByIdentifier`, a fingerprint otherwise).
    pub fn validate(
        &self,
        allowed: &[SubjectDetailsType],
        subject: &SubjectIdentifier,
    ) -> Result<(), PermissionFormError> {
        use SubjectDetailsType as T;
        let kind = self.subject_details_type;
        if !allowed.contains(&kind) {
            return Err(PermissionFormError::DetailsType { kind });
        }
        let by_fp = subject.kind == SubjectIdentifierKind::Fingerprint;
        if by_fp != kind.by_fingerprint() {
            return Err(PermissionFormError::DetailsMismatch {
                subject: subject.kind,
                details: kind,
            });
        }
        let missing = PermissionFormError::Missing {
            field: Field::SubjectDetails,
        };
        match kind {
            T::PersonByIdentifier => self.person_by_id.as_ref().ok_or(missing)?.validate(),
            T::PersonByFingerprintWithIdentifier => {
                let p = self.person_by_fp_with_id.as_ref().ok_or(missing)?;
                PersonName::new(&p.first_name, &p.last_name).validate()?;
                p.identifier.validate(Field::PersonIdentifier)
            }
            T::PersonByFingerprintWithoutIdentifier => {
                let p = self.person_by_fp_no_id.as_ref().ok_or(missing)?;
                PersonName::new(&p.first_name, &p.last_name).validate()?;
                validate_date(&p.birth_date, Field::BirthDate)?;
                p.id_document.validate()
            }
            T::EntityByFingerprint => {
                let e = self.entity_by_fp.as_ref().ok_or(missing)?;
                length(&e.full_name, Field::FullName, 1, 100)?;
                length(&e.address, Field::Address, 1, 512)
            }
            T::EntityByIdentifier => Err(PermissionFormError::DetailsType { kind }),
        }
    }

    /// The person's or entity's name as one line, for lists.
    pub fn display_name(&self) -> Option<String> {
        let join = |f: &str, l: &str| format!("{f} {l}");
        self.person_by_id
            .as_ref()
            .map(|p| join(&p.first_name, &p.last_name))
            .or_else(|| {
                self.person_by_fp_with_id
                    .as_ref()
                    .map(|p| join(&p.first_name, &p.last_name))
            })
            .or_else(|| {
                self.person_by_fp_no_id
                    .as_ref()
                    .map(|p| join(&p.first_name, &p.last_name))
            })
            .or_else(|| self.entity_by_fp.as_ref().map(|e| e.full_name.clone()))
    }
}

/// A calendar date `YYYY-MM-DD`.
pub(super) fn validate_date(text: &str, field: Field) -> Result<(), PermissionFormError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format)
        .map(drop)
        .map_err(|_| PermissionFormError::BadDate { field })
}

/// `subjectDetails` of entity and authorization grants: the entity's name, 5..90 characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityDetails {
    pub full_name: String,
}

impl EntityDetails {
    pub fn new(full_name: impl Into<String>) -> EntityDetails {
        EntityDetails {
            full_name: full_name.into(),
        }
    }

    pub fn validate(&self) -> Result<(), PermissionFormError> {
        length(&self.full_name, Field::FullName, 5, 90)
    }
}

/// The EU entity an administrator is granted for: name up to 100, address up to 512.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EuEntityDetails {
    pub full_name: String,
    pub address: String,
}

impl EuEntityDetails {
    pub fn validate(&self) -> Result<(), PermissionFormError> {
        length(&self.full_name, Field::EuEntityFullName, 1, 100)?;
        length(&self.address, Field::EuEntityAddress, 1, 512)
    }
}

/// A grantee person as the queries describe them (`PermissionsSubjectPersonDetails`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectPersonDetails {
    pub subject_details_type: Extensible<SubjectDetailsType>,
    pub first_name: String,
    pub last_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_identifier: Option<PersonIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_document: Option<IdDocument>,
}

/// A grantee entity as the queries describe them (`PermissionsSubjectEntityDetails`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectEntityDetails {
    pub subject_details_type: Extensible<SubjectDetailsType>,
    pub full_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl SubjectDetails {
    /// The same person as a query answers with it (`None` for an entity).
    pub fn person_answer(&self) -> Option<SubjectPersonDetails> {
        let answer = |first: &str, last: &str| SubjectPersonDetails {
            subject_details_type: self.subject_details_type.into(),
            first_name: first.into(),
            last_name: last.into(),
            person_identifier: None,
            birth_date: None,
            id_document: None,
        };
        if let Some(p) = &self.person_by_id {
            return Some(answer(&p.first_name, &p.last_name));
        }
        if let Some(p) = &self.person_by_fp_with_id {
            return Some(SubjectPersonDetails {
                person_identifier: Some(p.identifier.clone()),
                ..answer(&p.first_name, &p.last_name)
            });
        }
        self.person_by_fp_no_id
            .as_ref()
            .map(|p| SubjectPersonDetails {
                birth_date: Some(p.birth_date.clone()),
                id_document: Some(p.id_document.clone()),
                ..answer(&p.first_name, &p.last_name)
            })
    }

    /// The same entity as a query answers with it (`None` for a person).
    pub fn entity_answer(&self) -> Option<SubjectEntityDetails> {
        self.entity_by_fp.as_ref().map(|e| SubjectEntityDetails {
            subject_details_type: SubjectDetailsType::EntityByFingerprint.into(),
            full_name: e.full_name.clone(),
            address: Some(e.address.clone()),
        })
    }
}
