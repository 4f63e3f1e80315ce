//! `POST /permissions/query/personal/grants`: what the logged-in subject itself may do.
//!
//! The access token of real KSeF does not list permissions, so this query is how a client learns
//! which token permissions it may ask for (26001 otherwise). Also the answers of the
//! asynchronous grant and revoke operations.

use serde::{Deserialize, Serialize};

use super::StatusInfo;
use crate::context::ApiContextIdentifier;
use crate::datetime::{serde_ksef, DateTime};
use crate::extensible::Extensible;
use crate::ident::ReferenceNumber;
use crate::permissions::Permission;

crate::ksef_enum! {
    pub enum PermissionState {
        Active,
        Inactive,
    }
}

/// `{type, value?}`; `AllPartners` has no value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionsIdentifier {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Request body; every filter optional. Page with `pageOffset`/`pageSize` in the query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalPermissionsQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_identifier: Option<ApiContextIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_identifier: Option<PermissionsIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_types: Option<Vec<Permission>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_state: Option<PermissionState>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonDetails {
    pub subject_details_type: String,
    pub first_name: String,
    pub last_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EntityDetails {
    pub subject_details_type: String,
    pub full_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// One of the subject's own permissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalPermission {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_identifier: Option<ApiContextIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_identifier: Option<PermissionsIdentifier>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_identifier: Option<PermissionsIdentifier>,
    pub permission_scope: Extensible<Permission>,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_person_details: Option<PersonDetails>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_entity_details: Option<EntityDetails>,
    pub permission_state: Extensible<PermissionState>,
    #[serde(with = "serde_ksef")]
    pub start_date: DateTime,
    pub can_delegate: bool,
}

/// `200` of the query.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryPersonalPermissionsResponse {
    pub permissions: Vec<PersonalPermission>,
    /// The owner's permissions, when the subject owns the context.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_permissions: Option<Vec<Extensible<Permission>>>,
    pub has_more: bool,
}

impl QueryPersonalPermissionsResponse {
    /// The permissions held in `context`: the owner's, plus the active grants there (a grant
    /// without a context identifier is one in the context of the session).
    pub fn held_in(&self, context: &ApiContextIdentifier) -> Vec<Permission> {
        let granted = self
            .permissions
            .iter()
            .filter(|p| p.permission_state.is(PermissionState::Active))
            .filter(|p| p.context_identifier.as_ref().is_none_or(|c| c == context))
            .filter_map(|p| p.permission_scope.known());
        let owned = self
            .owner_permissions
            .iter()
            .flatten()
            .filter_map(Extensible::known);
        let mut held: Vec<Permission> = granted.chain(owned).collect();
        held.sort();
        held.dedup();
        held
    }
}

/// Every grant and revoke → 202: the operation to poll.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionsOperationResponse {
    pub reference_number: ReferenceNumber,
}

/// `GET /permissions/operations/{referenceNumber}` → 200: 100 accepted, 200 done, 400..550
/// refused (kept 30 days, then 410 Gone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionsOperationStatusResponse {
    pub status: StatusInfo,
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
