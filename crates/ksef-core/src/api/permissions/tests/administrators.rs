//! The subunit and EU-entity administrator grants.

use super::*;
use crate::api::{SubjectIdentifier, SubjectIdentifierKind};
use crate::ident::{IdError, IdKind};

const PESEL: &str = "15062788702";
const FP: &str = "CEB3643BAC2C111ADDE971BDA5A80163441867D65389FC0BC0DFF8B4C1CD4E59";

fn adam() -> SubjectDetails {
    SubjectDetails::person(PersonName::new("Adam", "Abacki"))
}

fn length(field: Field, min: usize, max: usize, got: usize) -> PermissionFormError {
    PermissionFormError::Length {
        field,
        min,
        max,
        got,
    }
}

fn subunit_grant() -> SubunitPermissionsGrantRequest {
    SubunitPermissionsGrantRequest {
        subject_identifier: SubjectIdentifier {
            kind: SubjectIdentifierKind::Pesel,
            value: PESEL.into(),
        },
        context_identifier: Identifier::new(SubunitKind::InternalId, "6824515772-12343"),
        description: "Administrator oddziału".into(),
        subunit_name: Some("Oddział Kraków".into()),
        subject_details: adam(),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn a_subunit_with_an_internal_id_needs_its_name() {
    let mut g = subunit_grant();
    assert_eq!(g.validate(), Ok(()));
    g.subunit_name = None;
    let field = Field::SubunitName;
    assert_eq!(g.validate(), Err(PermissionFormError::Missing { field }));
    g.subunit_name = Some("Oddz".into());
    assert_eq!(g.validate(), Err(length(field, 5, 256, 4)));
    g.subunit_name = None;
    g.context_identifier = Identifier::new(SubunitKind::Nip, "5265877635");
    assert_eq!(g.validate(), Ok(()));
    g.context_identifier = Identifier::new(SubunitKind::InternalId, "6824515772-12344");
    assert_eq!(
        g.validate(),
        Err(PermissionFormError::Identifier {
            field: Field::ContextIdentifier,
            source: IdError::BadChecksum {
                kind: IdKind::InternalId
            }
        })
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn an_eu_administrator_grant() {
    let mut g = EuEntityAdministrationPermissionsGrantRequest {
        subject_identifier: Identifier::new(FingerprintKind::Fingerprint, FP),
        context_identifier: Identifier::new(NipVatUeKind::NipVatUe, "5265877635-DE123456789"),
        description: "Administrator".into(),
        eu_entity_name: "Firma GmbH, Berlin".into(),
        subject_details: SubjectDetails::entity_by_fingerprint("Firma GmbH", "Berlin"),
        eu_entity_details: EuEntityDetails {
            full_name: "Firma GmbH".into(),
            address: "Berlin".into(),
        },
    };
    assert_eq!(g.validate(), Ok(()));
    g.eu_entity_name = "Fir".into();
    assert_eq!(g.validate(), Err(length(Field::EuEntityName, 5, 256, 3)));
    g.eu_entity_name = "Firma GmbH, Berlin".into();
    g.eu_entity_details.address = String::new();
    assert_eq!(g.validate(), Err(length(Field::EuEntityAddress, 1, 512, 0)));
    g.eu_entity_details.address = "Berlin".into();
    g.context_identifier.value = "5265877635-XX123".into();
    assert!(matches!(
        g.validate(),
        Err(PermissionFormError::Identifier { .. })
    ));
    g.context_identifier.value = "5265877635-DE123456789".into();
    g.subject_details = adam();
    let kind = SubjectDetailsType::PersonByIdentifier;
    assert_eq!(g.validate(), Err(PermissionFormError::DetailsType { kind }));
}
