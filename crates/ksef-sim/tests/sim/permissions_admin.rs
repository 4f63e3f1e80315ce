//! The administrators' side of `/permissions/*`: paging with `hasMore`, the two lists of the
//! persons query, entity authorizations and the attachment consent.

use crate::support;

use serde_json::{json, Value};
use support::permissions::*;
use support::*;

const PERSONS: &str = "/v2/permissions/persons/grants";
const PERSONS_QUERY: &str = "/v2/permissions/query/persons/grants";

fn ids(v: &Value) -> Vec<String> {
    v["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn persons_query_pages_with_has_more_newest_first() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let six = [
        "InvoiceRead",
        "InvoiceWrite",
        "CredentialsRead",
        "CredentialsManage",
        "Introspection",
        "CollectiveIdentifierManage",
    ];
    let (first, second) = (nip(), nip());
    granted(
        &server,
        PERSONS,
        &s.access,
        person_grant("Nip", &first, &six),
    )
    .await;
    granted(
        &server,
        PERSONS,
        &s.access,
        person_grant("Nip", &second, &six),
    )
    .await;
    let body = json!({"queryType": "PermissionsInCurrentContext"});
    let p0 = query(
        &server,
        &format!("{PERSONS_QUERY}?pageOffset=0&pageSize=10"),
        &s.access,
        body.clone(),
    )
    .await;
    let p1 = query(
        &server,
        &format!("{PERSONS_QUERY}?pageOffset=1&pageSize=10"),
        &s.access,
        body.clone(),
    )
    .await;
    let p2 = query(
        &server,
        &format!("{PERSONS_QUERY}?pageOffset=2&pageSize=10"),
        &s.access,
        body.clone(),
    )
    .await;
    assert_eq!((ids(&p0).len(), p0["hasMore"].clone()), (10, json!(true)));
    assert_eq!((ids(&p1).len(), p1["hasMore"].clone()), (2, json!(false)));
    assert_eq!((ids(&p2).len(), p2["hasMore"].clone()), (0, json!(false)));
    // Newest first: the second person's six lead; the last two are the first person's.
    assert!(p0["permissions"].as_array().unwrap()[..6]
        .iter()
        .all(|p| p["authorizedIdentifier"]["value"] == second.as_str()));
    assert!(p1["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["authorizedIdentifier"]["value"] == first.as_str()));
    let mut all = [ids(&p0), ids(&p1)].concat();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 12, "no item twice");
    let page = query(&server, PERSONS_QUERY, &s.access, json!({"queryType": "PermissionsInCurrentContext", "authorizedIdentifier": {"type": "Nip", "value": first}, "permissionTypes": ["InvoiceRead", "Introspection"]})).await;
    assert_eq!(scopes(&page), ["Introspection", "InvoiceRead"]);
    let by_system =
        json!({"queryType": "PermissionsInCurrentContext", "authorIdentifier": {"type": "System"}});
    assert_eq!(
        query(&server, PERSONS_QUERY, &s.access, by_system).await["permissions"],
        json!([])
    );
}

#[tokio::test]
async fn in_force_here_or_granted_by_me() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    // Test data (author System) is in force here but granted by no one logged in.
    let person = nip();
    let body = json!({"contextIdentifier": {"type": "Nip", "value": s.nip}, "authorizedIdentifier": {"type": "Nip", "value": person},
        "permissions": [{"permissionType": "Introspection", "description": "Z danych testowych"}]});
    assert_eq!(
        server
            .post("/v2/testdata/permissions", None, body)
            .await
            .status,
        200
    );
    granted(
        &server,
        PERSONS,
        &s.access,
        person_grant("Nip", &person, &["InvoiceRead"]),
    )
    .await;
    let here = query(
        &server,
        PERSONS_QUERY,
        &s.access,
        json!({"queryType": "PermissionsInCurrentContext"}),
    )
    .await;
    assert_eq!(scopes(&here), ["Introspection", "InvoiceRead"]);
    let system = here["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["permissionScope"] == "Introspection")
        .unwrap()
        .clone();
    assert_eq!(system["authorIdentifier"], json!({"type": "System"}));
    let mine = query(
        &server,
        PERSONS_QUERY,
        &s.access,
        json!({"queryType": "PermissionsGrantedInCurrentContext"}),
    )
    .await;
    assert_eq!(scopes(&mine), ["InvoiceRead"]);
    // The test-data grant can be revoked through the API too.
    let id = system["id"].as_str().unwrap();
    assert_eq!(
        revoke(
            &server,
            &format!("/v2/permissions/common/grants/{id}"),
            &s.access
        )
        .await["code"],
        200
    );
    let here = query(
        &server,
        PERSONS_QUERY,
        &s.access,
        json!({"queryType": "PermissionsInCurrentContext"}),
    )
    .await;
    assert_eq!(scopes(&here), ["InvoiceRead"]);
}

#[tokio::test]
async fn entity_authorizations_granted_received_and_revoked() {
    let server = Server::start().await;
    let (a, b) = (Actor::person_nip(&nip()), Actor::person_nip(&nip()));
    let a_access = a.access(&server, &a.id).await;
    let body = |to: &str, scope: &str| {
        json!({"subjectIdentifier": {"type": "Nip", "value": to}, "permission": scope,
        "description": "Samofakturowanie przez odbiorcę", "subjectDetails": {"fullName": "Odbiorca sp. z o.o."}})
    };
    let path = "/v2/permissions/authorizations/grants";
    granted(&server, path, &a_access, body(&b.id, "SelfInvoicing")).await;
    granted(&server, path, &a_access, body(&b.id, "RRInvoicing")).await;
    assert_eq!(
        grant(&server, path, &a_access, body(&a.id, "SelfInvoicing")).await["code"],
        450
    );
    let query_path = "/v2/permissions/query/authorizations/grants";
    let granted_list = query(
        &server,
        query_path,
        &a_access,
        json!({"queryType": "Granted"}),
    )
    .await;
    assert_eq!(
        granted_list["authorizationGrants"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let filtered =
        json!({"queryType": "Granted", "authorizedIdentifier": {"type": "Nip", "value": nip()}});
    assert_eq!(
        query(&server, query_path, &a_access, filtered).await["authorizationGrants"],
        json!([])
    );
    assert_eq!(
        query(
            &server,
            query_path,
            &a_access,
            json!({"queryType": "Received"})
        )
        .await["authorizationGrants"],
        json!([])
    );

    let b_access = b.access(&server, &b.id).await;
    let received = json!({"queryType": "Received", "permissionTypes": ["SelfInvoicing"]});
    let v = query(&server, query_path, &b_access, received.clone()).await;
    let grants = v["authorizationGrants"].as_array().unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(
        grants[0]["authorizingEntityIdentifier"],
        json!({"type": "Nip", "value": a.id})
    );
    assert_eq!(grants[0]["authorizationScope"], "SelfInvoicing");
    let id = grants[0]["id"].as_str().unwrap().to_string();
    // Only the authorizing entity revokes.
    let revoke_path = format!("/v2/permissions/authorizations/grants/{id}");
    assert_eq!(revoke(&server, &revoke_path, &b_access).await["code"], 400);
    assert_eq!(revoke(&server, &revoke_path, &a_access).await["code"], 200);
    assert_eq!(
        query(&server, query_path, &b_access, received).await["authorizationGrants"],
        json!([])
    );
}

#[tokio::test]
async fn attachment_consent_follows_the_test_data() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let path = "/v2/permissions/attachments/status";
    assert_eq!(
        server.get(path, Some(&s.access)).await.json(),
        json!({"isAttachmentAllowed": false})
    );
    assert_eq!(
        server
            .post("/v2/testdata/attachment", None, json!({"nip": s.nip}))
            .await
            .status,
        200
    );
    assert_eq!(
        server.get(path, Some(&s.access)).await.json(),
        json!({"isAttachmentAllowed": true})
    );
    let end = (time::OffsetDateTime::now_utc() + time::Duration::days(3)).date();
    let body = json!({"nip": s.nip, "expectedEndDate": end.to_string()});
    assert_eq!(
        server
            .post("/v2/testdata/attachment/revoke", None, body)
            .await
            .status,
        200
    );
    let v = server.get(path, Some(&s.access)).await.json();
    assert_eq!(v["isAttachmentAllowed"], true, "until the end date");
    assert!(v["revokedDate"]
        .as_str()
        .unwrap()
        .starts_with(&end.to_string()));
    server.advance(4 * 24 * 3600).await;
    let access = Actor::person_nip(&s.nip).access(&server, &s.nip).await;
    assert_eq!(
        server.get(path, Some(&access)).await.json()["isAttachmentAllowed"],
        false
    );
}
