//! Every form rule of the grant bodies: a valid body, then one broken field at a time.

use super::*;
use crate::api::{SubjectIdentifier, SubjectIdentifierKind};
use crate::ident::{IdError, IdKind};
use crate::permissions::Permission;

const NIP: &str = "5265877635";
const PESEL: &str = "15062788702";
const FP: &str = "CEB3643BAC2C111ADDE971BDA5A80163441867D65389FC0BC0DFF8B4C1CD4E59";

fn subject(kind: SubjectIdentifierKind, value: &str) -> SubjectIdentifier {
    SubjectIdentifier {
        kind,
        value: value.into(),
    }
}

fn adam() -> SubjectDetails {
    SubjectDetails::person(PersonName::new("Adam", "Abacki"))
}

fn person_grant() -> PersonPermissionsGrantRequest {
    PersonPermissionsGrantRequest {
        subject_identifier: subject(SubjectIdentifierKind::Pesel, PESEL),
        permissions: vec![Permission::InvoiceRead, Permission::CredentialsRead],
        description: "Księgowa".into(),
        subject_details: adam(),
    }
}

fn entity_grant() -> EntityPermissionsGrantRequest {
    EntityPermissionsGrantRequest {
        subject_identifier: Identifier::new(NipKind::Nip, NIP),
        permissions: vec![
            EntityPermission::new(Permission::InvoiceRead, true),
            EntityPermission::new(Permission::InvoiceWrite, false),
        ],
        description: "Biuro rachunkowe".into(),
        subject_details: EntityDetails::new("Biuro Rachunkowe sp. z o.o."),
    }
}

fn indirect_grant() -> IndirectPermissionsGrantRequest {
    IndirectPermissionsGrantRequest {
        subject_identifier: subject(SubjectIdentifierKind::Nip, "7762811692"),
        target_identifier: Some(TargetIdentifier::nip(&NIP.parse().unwrap())),
        permissions: vec![Permission::InvoiceRead],
        description: "Praca dla klienta".into(),
        subject_details: adam(),
    }
}

fn eu_representative() -> EuEntityPermissionsGrantRequest {
    EuEntityPermissionsGrantRequest {
        subject_identifier: Identifier::new(FingerprintKind::Fingerprint, FP),
        permissions: vec![Permission::InvoiceWrite],
        description: "Reprezentant".into(),
        subject_details: SubjectDetails::person_by_fingerprint(
            PersonName::new("Adam", "Abacki"),
            Identifier::new(PersonIdentifierKind::Pesel, PESEL),
        ),
    }
}

fn invalid(field: Field, kind: IdKind) -> PermissionFormError {
    PermissionFormError::Identifier {
        field,
        source: IdError::BadChecksum { kind },
    }
}

fn length(field: Field, min: usize, max: usize, got: usize) -> PermissionFormError {
    PermissionFormError::Length {
        field,
        min,
        max,
        got,
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn valid_bodies_pass() {
    assert_eq!(person_grant().validate(), Ok(()));
    assert_eq!(entity_grant().validate(), Ok(()));
    assert_eq!(indirect_grant().validate(), Ok(()));
    assert_eq!(eu_representative().validate(), Ok(()));
}

#[wasm_bindgen_test(unsupported = test)]
fn nip_and_pesel_checksums() {
    let mut g = entity_grant();
    g.subject_identifier.value = "5265877636".into();
    assert_eq!(
        g.validate(),
        Err(invalid(Field::SubjectIdentifier, IdKind::Nip))
    );
    let mut g = person_grant();
    g.subject_identifier.value = "15062788703".into();
    assert_eq!(
        g.validate(),
        Err(invalid(Field::SubjectIdentifier, IdKind::Pesel))
    );
    let e = g.validate().unwrap_err();
    assert_eq!(
        e.message(Lang::Pl),
        "Identyfikator uprawnianego: Błędna suma kontrolna PESEL"
    );
    assert_eq!(
        e.message(Lang::En),
        "Grantee identifier: Invalid PESEL checksum"
    );
    assert_eq!(e.field(), Some(Field::SubjectIdentifier));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_fingerprint_is_64_hex() {
    let mut g = eu_representative();
    g.subject_identifier.value = FP[..63].into();
    assert!(matches!(
        g.validate(),
        Err(PermissionFormError::Identifier {
            source: IdError::WrongLength {
                expected: 64,
                got: 63,
                ..
            },
            ..
        })
    ));
    g.subject_identifier.value = format!("{}G", &FP[..63]);
    assert!(matches!(
        g.validate(),
        Err(PermissionFormError::Identifier {
            source: IdError::BadFormat { .. },
            ..
        })
    ));
    g.subject_identifier.value = FP.to_lowercase();
    assert_eq!(g.validate(), Ok(()));
}

#[wasm_bindgen_test(unsupported = test)]
fn description_is_5_to_256_characters() {
    let mut g = person_grant();
    g.description = "Opis".into();
    assert_eq!(g.validate(), Err(length(Field::Description, 5, 256, 4)));
    g.description = "ąęłńó".into(); // characters, not bytes
    assert_eq!(g.validate(), Ok(()));
    g.description = "x".repeat(256);
    assert_eq!(g.validate(), Ok(()));
    g.description = "x".repeat(257);
    assert_eq!(g.validate(), Err(length(Field::Description, 5, 256, 257)));
    assert_eq!(
        g.validate().unwrap_err().message(Lang::Pl),
        "Opis: od 5 do 256 znaków, podano 257"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn names_are_2_to_30_and_2_to_81() {
    let mut g = person_grant();
    g.subject_details = SubjectDetails::person(PersonName::new("A", "Abacki"));
    assert_eq!(g.validate(), Err(length(Field::FirstName, 2, 30, 1)));
    g.subject_details = SubjectDetails::person(PersonName::new("A".repeat(31), "Abacki"));
    assert_eq!(g.validate(), Err(length(Field::FirstName, 2, 30, 31)));
    g.subject_details = SubjectDetails::person(PersonName::new("Adam", "A".repeat(82)));
    assert_eq!(g.validate(), Err(length(Field::LastName, 2, 81, 82)));
    g.subject_details = SubjectDetails::person(PersonName::new("Al", "A".repeat(81)));
    assert_eq!(g.validate(), Ok(()));
}

#[wasm_bindgen_test(unsupported = test)]
fn full_name_is_5_to_90() {
    let mut g = entity_grant();
    g.subject_details = EntityDetails::new("Firm");
    assert_eq!(g.validate(), Err(length(Field::FullName, 5, 90, 4)));
    g.subject_details = EntityDetails::new("F".repeat(91));
    assert_eq!(g.validate(), Err(length(Field::FullName, 5, 90, 91)));
    let mut a = EntityAuthorizationPermissionsGrantRequest {
        subject_identifier: Identifier::new(AuthorizedEntityKind::PeppolId, "PAB123456"),
        permission: AuthorizationScope::PefInvoicing,
        description: "Dostawca Peppol".into(),
        subject_details: EntityDetails::new("Firma"),
    };
    assert_eq!(a.validate(), Ok(()));
    a.subject_details = EntityDetails::new("Fir");
    assert_eq!(a.validate(), Err(length(Field::FullName, 5, 90, 3)));
    a.subject_details = EntityDetails::new("Firma");
    a.subject_identifier.value = "pab123456".into();
    assert!(matches!(
        a.validate(),
        Err(PermissionFormError::Identifier { .. })
    ));
}

#[wasm_bindgen_test(unsupported = test)]
fn permission_lists_are_non_empty_once_each_and_of_the_grants_kinds() {
    let mut g = person_grant();
    g.permissions = vec![];
    assert_eq!(g.validate(), Err(PermissionFormError::NoPermissions));
    g.permissions = vec![Permission::VatUeManage];
    let not = |permission| Err(PermissionFormError::NotAllowed { permission });
    assert_eq!(g.validate(), not(Permission::VatUeManage));
    g.permissions = vec![Permission::InvoiceRead, Permission::InvoiceRead];
    let twice = Err(PermissionFormError::Duplicate {
        permission: Permission::InvoiceRead,
    });
    assert_eq!(g.validate(), twice);
    g.permissions = Permission::PERSON_GRANT.to_vec();
    assert_eq!(g.validate(), Ok(()));

    let mut i = indirect_grant();
    i.permissions = vec![Permission::InvoiceWrite, Permission::CredentialsManage];
    assert_eq!(i.validate(), not(Permission::CredentialsManage));
    i.permissions = vec![];
    assert_eq!(i.validate(), Err(PermissionFormError::NoPermissions));

    let mut e = eu_representative();
    e.permissions = vec![Permission::Introspection];
    assert_eq!(e.validate(), not(Permission::Introspection));

    let mut en = entity_grant();
    en.permissions = vec![EntityPermission::new(Permission::Introspection, false)];
    assert_eq!(en.validate(), not(Permission::Introspection));
    en.permissions = vec![];
    assert_eq!(en.validate(), Err(PermissionFormError::NoPermissions));
    let e = PermissionFormError::NotAllowed {
        permission: Permission::Introspection,
    };
    assert_eq!(
        e.message(Lang::Pl),
        "Uprawnienie „Przeglądanie historii sesji” jest tu niedozwolone"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn only_invoice_handling_can_be_delegated() {
    let mut g = entity_grant();
    g.permissions = vec![EntityPermission::new(Permission::CredentialsManage, true)];
    let want = PermissionFormError::NotDelegable {
        permission: Permission::CredentialsManage,
    };
    assert_eq!(g.validate(), Err(want.clone()));
    assert!(want.message(Lang::En).contains("cannot be delegated"));
    for p in Permission::DELEGABLE {
        g.permissions = vec![EntityPermission::new(p, true)];
        assert_eq!(g.validate(), Ok(()));
        assert!(p.delegable());
    }
    assert!(!Permission::CredentialsRead.delegable());
}

#[wasm_bindgen_test(unsupported = test)]
fn target_rules() {
    let mut g = indirect_grant();
    assert_eq!(g.client(), Some(NIP));
    g.target_identifier = None;
    assert_eq!((g.validate(), g.client()), (Ok(()), None));
    g.target_identifier = Some(TargetIdentifier::all_partners());
    assert_eq!((g.validate(), g.client()), (Ok(()), None));
    g.target_identifier = Some(OptionalIdentifier {
        kind: TargetIdentifierKind::AllPartners,
        value: Some(NIP.into()),
    });
    let field = Field::TargetIdentifier;
    assert_eq!(
        g.validate(),
        Err(PermissionFormError::UnexpectedValue { field })
    );
    g.target_identifier = Some(OptionalIdentifier {
        kind: TargetIdentifierKind::Nip,
        value: None,
    });
    assert_eq!(
        g.validate(),
        Err(PermissionFormError::MissingValue { field })
    );
    g.target_identifier = Some(OptionalIdentifier {
        kind: TargetIdentifierKind::Nip,
        value: Some("5265877636".into()),
    });
    assert_eq!(g.validate(), Err(invalid(field, IdKind::Nip)));
    g.target_identifier = Some(TargetIdentifier::internal_id(
        &"6824515772-12343".parse().unwrap(),
    ));
    assert_eq!(g.validate(), Ok(()));
}

#[wasm_bindgen_test(unsupported = test)]
fn subject_details_fit_the_grant_and_the_identifier() {
    let mut g = person_grant();
    g.subject_details = SubjectDetails::entity_by_fingerprint("Firma", "Warszawa");
    let kind = SubjectDetailsType::EntityByFingerprint;
    assert_eq!(g.validate(), Err(PermissionFormError::DetailsType { kind }));
    g.subject_details = eu_representative().subject_details;
    let mismatch = PermissionFormError::DetailsMismatch {
        subject: SubjectIdentifierKind::Pesel,
        details: SubjectDetailsType::PersonByFingerprintWithIdentifier,
    };
    assert_eq!(g.validate(), Err(mismatch.clone()));
    assert_eq!(
        mismatch.message(Lang::Pl),
        "Identyfikator (PESEL) nie pasuje do rodzaju danych „Osoba (odcisk certyfikatu), mająca NIP lub PESEL”"
    );
    g.subject_identifier = subject(SubjectIdentifierKind::Fingerprint, FP);
    assert_eq!(g.validate(), Ok(()));
    g.subject_details = adam();
    assert!(matches!(
        g.validate(),
        Err(PermissionFormError::DetailsMismatch { .. })
    ));
    // The type names a part that is absent.
    let mut g = person_grant();
    g.subject_details.person_by_id = None;
    let field = Field::SubjectDetails;
    assert_eq!(g.validate(), Err(PermissionFormError::Missing { field }));
}

#[wasm_bindgen_test(unsupported = test)]
fn fingerprint_persons_identifier_birth_date_and_document() {
    let mut g = eu_representative();
    g.subject_details = SubjectDetails::person_by_fingerprint(
        PersonName::new("Adam", "Abacki"),
        Identifier::new(PersonIdentifierKind::Pesel, "15062788703"),
    );
    assert_eq!(
        g.validate(),
        Err(invalid(Field::PersonIdentifier, IdKind::Pesel))
    );
    let doc = IdDocument {
        kind: "Paszport".into(),
        number: "AB123456".into(),
        country: "DE".into(),
    };
    let without = |birth: &str, doc: &IdDocument| {
        SubjectDetails::person_without_identifier(
            PersonName::new("Hans", "Müller"),
            birth,
            doc.clone(),
        )
    };
    g.subject_details = without("1980-02-29", &doc);
    assert_eq!(g.validate(), Ok(()));
    g.subject_details = without("1981-02-29", &doc);
    let field = Field::BirthDate;
    assert_eq!(g.validate(), Err(PermissionFormError::BadDate { field }));
    g.subject_details = without("29.02.1980", &doc);
    assert_eq!(g.validate(), Err(PermissionFormError::BadDate { field }));
    let lower = IdDocument {
        country: "de".into(),
        ..doc.clone()
    };
    g.subject_details = without("1980-02-29", &lower);
    assert_eq!(g.validate(), Err(PermissionFormError::BadCountry));
    let long = IdDocument {
        kind: "D".repeat(21),
        ..doc.clone()
    };
    g.subject_details = without("1980-02-29", &long);
    assert_eq!(g.validate(), Err(length(Field::IdDocumentType, 1, 20, 21)));
    let long = IdDocument {
        number: "1".repeat(21),
        ..doc
    };
    g.subject_details = without("1980-02-29", &long);
    assert_eq!(
        g.validate(),
        Err(length(Field::IdDocumentNumber, 1, 20, 21))
    );
    g.subject_details = SubjectDetails::entity_by_fingerprint("F".repeat(101), "Berlin");
    assert_eq!(g.validate(), Err(length(Field::FullName, 1, 100, 101)));
    g.subject_details = SubjectDetails::entity_by_fingerprint("Firma GmbH", "B".repeat(513));
    assert_eq!(g.validate(), Err(length(Field::Address, 1, 512, 513)));
}
