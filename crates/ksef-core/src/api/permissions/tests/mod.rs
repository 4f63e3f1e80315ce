//! Unit tests of the permission types: answers, paging, labels; every form rule in `grants` and
//! `queries`.

mod administrators;
mod grants;
mod queries;

use super::*;
use crate::context::ApiContextIdentifier;
use crate::lang::{Lang, Localized};
use crate::permissions::Permission;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test(unsupported = test)]
fn held_permissions_are_the_active_ones_of_this_context_and_the_owners() {
    let json = r#"{"permissions":[
        {"id":"0c9a72e8-f344-457f-9c16-7c640eb60242","contextIdentifier":{"type":"Nip","value":"3568707925"},
         "permissionScope":"InvoiceWrite","description":"Opis uprawnienia","permissionState":"Active",
         "startDate":"2025-06-22T10:41:11+00:00","canDelegate":false},
        {"id":"0c9a72e8-f344-457f-9c16-7c640eb60243","contextIdentifier":{"type":"Nip","value":"3568707925"},
         "permissionScope":"CredentialsManage","description":"Opis uprawnienia","permissionState":"Inactive",
         "startDate":"2025-06-22T10:41:11+00:00","canDelegate":false},
        {"id":"0c9a72e8-f344-457f-9c16-7c640eb60244","contextIdentifier":{"type":"Nip","value":"5265877635"},
         "permissionScope":"InvoiceRead","description":"Opis uprawnienia","permissionState":"Active",
         "startDate":"2025-06-22T10:41:11+00:00","canDelegate":false},
        {"id":"0c9a72e8-f344-457f-9c16-7c640eb60245","contextIdentifier":{"type":"Nip","value":"3568707925"},
         "permissionScope":"SomethingNewer","description":"Opis uprawnienia","permissionState":"Active",
         "startDate":"2025-06-22T10:41:11+00:00","canDelegate":false}],
        "ownerPermissions":["Introspection"],"hasMore":false}"#;
    let r: QueryPersonalPermissionsResponse = serde_json::from_str(json).unwrap();
    let here = ApiContextIdentifier {
        kind: crate::context::ContextType::Nip,
        value: "3568707925".into(),
    };
    assert_eq!(
        r.held_in(&here),
        vec![Permission::InvoiceWrite, Permission::Introspection]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn pages_render_and_read_the_query_string() {
    assert_eq!(Page::default().query(), "pageOffset=0&pageSize=10");
    assert_eq!(Page::largest().next().query(), "pageOffset=1&pageSize=100");
    assert_eq!(
        Page::new(3, 20).unwrap(),
        Page {
            offset: 3,
            size: 20
        }
    );
    assert!(matches!(Page::new(0, 9), Err(PageError::Size { .. })));
    assert!(matches!(Page::new(0, 101), Err(PageError::Size { .. })));
    assert!(matches!(
        Page::new(1 << 31, 10),
        Err(PageError::Offset { .. })
    ));
    assert_eq!(Page::from_query(None, None).unwrap(), Page::default());
    assert_eq!(
        Page::from_query(Some("2"), Some("100")).unwrap(),
        Page {
            offset: 2,
            size: 100
        }
    );
    for (offset, size) in [
        (Some("-1"), None),
        (Some("x"), None),
        (Some("2147483648"), None),
    ] {
        assert!(matches!(
            Page::from_query(offset, size),
            Err(PageError::Offset { .. })
        ));
    }
    for size in ["9", "101", "ten", ""] {
        assert!(matches!(
            Page::from_query(None, Some(size)),
            Err(PageError::Size { .. })
        ));
    }
    let e = Page::from_query(None, Some("5")).unwrap_err();
    assert_eq!(
        e.message(Lang::Pl),
        "pageSize: liczba od 10 do 100, podano „5”"
    );
    assert_eq!(
        e.message(Lang::En),
        "pageSize: a number from 10 to 100, “5” given"
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn a_page_slices_and_says_whether_more_follow() {
    let items: Vec<u32> = (0..25).collect();
    let page = Page::default();
    assert_eq!(page.slice(&items), (&items[..10], true));
    assert_eq!(page.next().slice(&items), (&items[10..20], true));
    assert_eq!(page.next().next().slice(&items), (&items[20..], false));
    assert_eq!(
        Page::new(9, 10).unwrap().slice(&items),
        (&items[25..], false)
    );
    let exact: Vec<u32> = (0..10).collect();
    assert_eq!(page.slice(&exact), (&exact[..], false));
}

#[wasm_bindgen_test(unsupported = test)]
fn enums_keep_their_wire_names_and_have_labels() {
    assert_eq!(
        serde_json::to_string(&AuthorizationScope::RRInvoicing).unwrap(),
        r#""RRInvoicing""#
    );
    assert_eq!(
        AuthorizationScope::SelfInvoicing.label(Lang::Pl),
        "Samofakturowanie"
    );
    assert_eq!(
        AuthorizationScope::PefInvoicing.label(Lang::En),
        "PEF invoices (Peppol)"
    );
    assert_eq!(
        SubjectDetailsType::from_name("PersonByFingerprintWithoutIdentifier"),
        Some(SubjectDetailsType::PersonByFingerprintWithoutIdentifier)
    );
    assert_eq!(
        TargetIdentifierKind::AllPartners.label(Lang::Pl),
        "wszyscy klienci"
    );
    assert_eq!(PermissionState::Inactive.label(Lang::En), "inactive");
    assert_eq!(
        EntityRoleType::VatGroupSubUnit.label(Lang::Pl),
        "Członek grupy VAT"
    );
    assert_eq!(
        PersonPermissionsQueryType::PermissionsGrantedInCurrentContext.as_str(),
        "PermissionsGrantedInCurrentContext"
    );
    assert_eq!(
        AuthorizationQueryType::Received.label(Lang::Pl),
        "Otrzymane"
    );
    // A role of a later release is kept, not an error.
    let role: EntityRole = serde_json::from_str(
        r#"{"role":"Moon","description":"Opis roli","startDate":"2025-06-22T10:41:11+00:00"}"#,
    )
    .unwrap();
    assert_eq!(role.role.name(), "Moon");
}

#[wasm_bindgen_test(unsupported = test)]
fn operation_statuses_name_the_table() {
    assert_eq!(
        OperationStatus::ALL.map(OperationStatus::code),
        [100, 200, 400, 410, 420, 430, 440, 450, 500, 550]
    );
    for s in OperationStatus::ALL {
        assert_eq!(OperationStatus::from_code(s.code()), Some(s));
        assert!(!s.label(Lang::Pl).is_empty() && s.label(Lang::Pl) != s.label(Lang::En));
    }
    let r: PermissionsOperationStatusResponse =
        serde_json::from_str(r#"{"status":{"code":440,"description":"x"}}"#).unwrap();
    assert_eq!(
        r.operation_status(),
        Some(OperationStatus::RelationNotAllowed)
    );
    assert!(OperationStatus::Accepted.is_pending() && !OperationStatus::Succeeded.is_pending());
}
