//! The query filters' rules and the query bodies' shapes.

use super::*;
use crate::api::{SubjectIdentifier, SubjectIdentifierKind};
use crate::context::{ApiContextIdentifier, ContextType};
use crate::permissions::Permission;

fn context(kind: ContextType, value: &str) -> ApiContextIdentifier {
    ApiContextIdentifier {
        kind,
        value: value.into(),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn contexts_are_a_nip_or_an_internal_id() {
    let mut q = PersonalPermissionsQueryRequest {
        context_identifier: Some(context(ContextType::Nip, "5265877635")),
        ..Default::default()
    };
    assert_eq!(q.validate(), Ok(()));
    q.context_identifier = Some(context(ContextType::NipVatUe, "5265877635-DE123456789"));
    let e = PermissionFormError::IdentifierKind {
        field: Field::ContextIdentifier,
        kind: "NipVatUe",
    };
    assert_eq!(q.validate(), Err(e.clone()));
    assert_eq!(
        e.message(Lang::Pl),
        "Kontekst: typ NipVatUe jest tu niedozwolony"
    );
    q.context_identifier = Some(context(ContextType::Nip, "5265877636"));
    assert!(matches!(
        q.validate(),
        Err(PermissionFormError::Identifier { .. })
    ));
    let e = EntityPermissionsQueryRequest {
        context_identifier: Some(context(ContextType::InternalId, "6824515772-12343")),
    };
    assert_eq!(e.validate(), Ok(()));
    let e = EntityPermissionsQueryRequest {
        context_identifier: Some(context(ContextType::PeppolId, "PAB123456")),
    };
    assert!(matches!(
        e.validate(),
        Err(PermissionFormError::IdentifierKind { .. })
    ));
}

#[wasm_bindgen_test(unsupported = test)]
fn persons_query_filters() {
    let mut q =
        PersonPermissionsQueryRequest::new(PersonPermissionsQueryType::PermissionsInCurrentContext);
    assert_eq!(q.validate(), Ok(()));
    assert_eq!(
        serde_json::to_string(&q).unwrap(),
        r#"{"queryType":"PermissionsInCurrentContext"}"#
    );
    q.author_identifier = Some(OptionalIdentifier {
        kind: AuthorIdentifierKind::System,
        value: None,
    });
    assert_eq!(q.validate(), Ok(()));
    q.author_identifier = Some(OptionalIdentifier {
        kind: AuthorIdentifierKind::System,
        value: Some("5265877635".into()),
    });
    let field = Field::AuthorIdentifier;
    assert_eq!(
        q.validate(),
        Err(PermissionFormError::UnexpectedValue { field })
    );
    q.author_identifier = None;
    q.authorized_identifier = Some(SubjectIdentifier {
        kind: SubjectIdentifierKind::Pesel,
        value: "15062788703".into(),
    });
    assert!(matches!(
        q.validate(),
        Err(PermissionFormError::Identifier {
            field: Field::AuthorizedIdentifier,
            ..
        })
    ));
    q.authorized_identifier = None;
    q.permission_types = Some(vec![Permission::VatUeManage]);
    let permission = Permission::VatUeManage;
    assert_eq!(
        q.validate(),
        Err(PermissionFormError::NotAllowed { permission })
    );
    // The query type is required.
    assert!(serde_json::from_str::<PersonPermissionsQueryRequest>("{}").is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn subunit_subordinate_and_authorization_filters() {
    let s = SubunitPermissionsQueryRequest {
        subunit_identifier: Some(Identifier::new(SubunitKind::InternalId, "6824515772-12344")),
    };
    assert!(matches!(
        s.validate(),
        Err(PermissionFormError::Identifier {
            field: Field::SubunitIdentifier,
            ..
        })
    ));
    assert_eq!(SubunitPermissionsQueryRequest::default().validate(), Ok(()));
    let s = SubordinateEntityRolesQueryRequest {
        subordinate_entity_identifier: Some(Identifier::new(NipKind::Nip, "123")),
    };
    assert!(matches!(
        s.validate(),
        Err(PermissionFormError::Identifier { .. })
    ));
    let mut a = EntityAuthorizationPermissionsQueryRequest::new(AuthorizationQueryType::Received);
    a.authorizing_identifier = Some(Identifier::new(NipKind::Nip, "5265877635"));
    a.permission_types = Some(vec![AuthorizationScope::SelfInvoicing]);
    assert_eq!(a.validate(), Ok(()));
    a.authorized_identifier = Some(Identifier::new(AuthorizedEntityKind::PeppolId, "XAB123456"));
    assert!(matches!(
        a.validate(),
        Err(PermissionFormError::Identifier {
            field: Field::AuthorizedIdentifier,
            ..
        })
    ));
    // A scope the spec does not list is refused when read.
    let unknown = r#"{"queryType":"Granted","permissionTypes":["Anything"]}"#;
    assert!(serde_json::from_str::<EntityAuthorizationPermissionsQueryRequest>(unknown).is_err());
}

#[wasm_bindgen_test(unsupported = test)]
fn eu_entity_filters() {
    let mut q = EuEntityPermissionsQueryRequest {
        vat_ue_identifier: Some("DE123456789".into()),
        authorized_fingerprint_identifier: Some("CEB3".into()),
        permission_types: Some(vec![Permission::VatUeManage, Permission::Introspection]),
    };
    assert_eq!(q.validate(), Ok(()));
    q.vat_ue_identifier = Some("DE12345".into());
    assert!(matches!(
        q.validate(),
        Err(PermissionFormError::Identifier {
            field: Field::VatUeIdentifier,
            ..
        })
    ));
    q.vat_ue_identifier = None;
    q.permission_types = Some(vec![Permission::CredentialsManage]);
    let permission = Permission::CredentialsManage;
    assert_eq!(
        q.validate(),
        Err(PermissionFormError::NotAllowed { permission })
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn answers_keep_unknown_scopes_and_details() {
    let json = r#"{"permissions":[{"id":"0c9a72e8-f344-457f-9c16-7c640eb60242",
        "authorizedIdentifier":{"type":"Pesel","value":"15062788702"},
        "targetIdentifier":{"type":"AllPartners"},
        "authorIdentifier":{"type":"System"},
        "permissionScope":"Teleport","description":"Opis uprawnienia",
        "subjectPersonDetails":{"subjectDetailsType":"PersonByIdentifier","firstName":"Adam","lastName":"Abacki"},
        "permissionState":"Inactive","startDate":"2025-06-22T10:41:11+00:00","canDelegate":false}],
        "hasMore":true}"#;
    let r: QueryPersonPermissionsResponse = serde_json::from_str(json).unwrap();
    let p = &r.permissions[0];
    assert_eq!(p.permission_scope.name(), "Teleport");
    assert!(p.permission_state.is(PermissionState::Inactive));
    assert_eq!(p.target_identifier, Some(TargetIdentifier::all_partners()));
    assert_eq!(p.author_identifier.kind, AuthorIdentifierKind::System);
    assert!(r.has_more);
    let back = serde_json::to_value(&r).unwrap();
    let again: QueryPersonPermissionsResponse = serde_json::from_value(back).unwrap();
    assert_eq!(again, r);
}

#[wasm_bindgen_test(unsupported = test)]
fn details_answer_as_the_grant_described_them() {
    let d = SubjectDetails::person_by_fingerprint(
        PersonName::new("Adam", "Abacki"),
        Identifier::new(PersonIdentifierKind::Nip, "5265877635"),
    );
    let a = d.person_answer().unwrap();
    assert_eq!(
        (a.first_name.as_str(), a.last_name.as_str()),
        ("Adam", "Abacki")
    );
    assert_eq!(a.person_identifier.unwrap().value, "5265877635");
    assert!(d.entity_answer().is_none());
    assert_eq!(d.display_name().as_deref(), Some("Adam Abacki"));
    let e = SubjectDetails::entity_by_fingerprint("Firma GmbH", "Berlin");
    assert_eq!(
        e.entity_answer().unwrap().address.as_deref(),
        Some("Berlin")
    );
    assert!(e.person_answer().is_none());
}
