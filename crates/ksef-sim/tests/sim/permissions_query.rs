//! `POST /permissions/query/personal/grants` and the permission of API 2.9.0,
//! `CollectiveIdentifierManage`: granted by test data, held by owners, carried by tokens.
//! Access tokens name no permissions; this query is where a client reads them.

use crate::support;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use ksef_core::api::permissions::QueryPersonalPermissionsResponse;
use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::keys::KeyAlgorithm;
use ksef_core::permissions::Permission;
use serde_json::{json, Value};
use support::*;

const QUERY: &str = "/v2/permissions/query/personal/grants";

fn grant(context: &str, authorized: Value, permissions: &[&str]) -> Value {
    let list: Vec<Value> = permissions
        .iter()
        .map(|p| json!({"permissionType": p, "description": format!("Nadane: {p}")}))
        .collect();
    json!({"contextIdentifier": {"type": "Nip", "value": context},
        "authorizedIdentifier": authorized, "permissions": list})
}

async fn query(server: &Server, access: &str, path_query: &str, body: Value) -> Value {
    let r = server
        .post(&format!("{QUERY}{path_query}"), Some(access), body)
        .await;
    assert_eq!(r.status, 200, "{}", r.json());
    r.json()
}

fn scopes(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["permissionScope"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn an_owner_holds_collective_identifier_manage_and_may_put_it_in_a_token() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let v = query(&server, &s.access, "", json!({})).await;
    assert_eq!(v["hasMore"], false);
    assert_eq!(v["permissions"], json!([]));
    let owner = v["ownerPermissions"].as_array().unwrap();
    assert!(owner.contains(&json!("CollectiveIdentifierManage")), "{v}");
    assert!(!owner.contains(&json!("VatUeManage")));
    // Klucznik's reading of it.
    let parsed: QueryPersonalPermissionsResponse = serde_json::from_value(v).unwrap();
    let here = ApiContextIdentifier {
        kind: ContextType::Nip,
        value: s.nip.clone(),
    };
    let held = parsed.held_in(&here);
    assert!(Permission::TOKEN
        .iter()
        .filter(|p| **p != Permission::EnforcementOperations)
        .all(|p| held.contains(p)));

    let r = server
        .post(
            "/v2/tokens",
            Some(&s.access),
            json!({"permissions": ["CollectiveIdentifierManage", "InvoiceWrite"], "description": "Identyfikatory zbiorcze"}),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.json());
    let reference = r.json()["referenceNumber"].as_str().unwrap().to_string();
    let t = server
        .get(&format!("/v2/tokens/{reference}"), Some(&s.access))
        .await
        .json();
    assert_eq!(
        t["requestedPermissions"],
        json!(["CollectiveIdentifierManage", "InvoiceWrite"])
    );
    // A token cannot carry VatUeManage (not a TokenPermissionType).
    let r = server
        .post(
            "/v2/tokens",
            Some(&s.access),
            json!({"permissions": ["VatUeManage"], "description": "Zarządzanie UE"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
}

#[tokio::test]
async fn granted_permissions_are_listed_filtered_and_decide_26001() {
    let server = Server::start().await;
    let entity = nip();
    let person_nip = nip();
    let (key, cert) = key_and_cert(&person(&person_nip), KeyAlgorithm::EcP256);
    let me = json!({"type": "Nip", "value": person_nip});
    let r = server
        .post(
            "/v2/testdata/permissions",
            None,
            grant(
                &entity,
                me.clone(),
                &["InvoiceRead", "CollectiveIdentifierManage"],
            ),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json());
    // VatUeManage is no TestDataPermissionType.
    let r = server
        .post(
            "/v2/testdata/permissions",
            None,
            grant(&entity, me.clone(), &["VatUeManage"]),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
    let (_, access, _) = xades_login(&server, &key, &cert, &entity).await;

    let all = query(&server, &access, "?pageOffset=0&pageSize=10", json!({})).await;
    assert_eq!(scopes(&all), ["CollectiveIdentifierManage", "InvoiceRead"]);
    assert!(all.get("ownerPermissions").is_none(), "not an owner: {all}");
    let first = &all["permissions"][0];
    assert_eq!(
        first["contextIdentifier"],
        json!({"type": "Nip", "value": entity})
    );
    assert_eq!(first["permissionState"], "Active");
    assert_eq!(first["id"].as_str().unwrap().len(), 36);
    assert!(
        first.get("authorizedIdentifier").is_none(),
        "it is the caller's own"
    );
    assert!(first["description"]
        .as_str()
        .unwrap()
        .starts_with("Nadane: "));

    // Filters.
    let v = query(
        &server,
        &access,
        "",
        json!({"permissionTypes": ["CollectiveIdentifierManage"]}),
    )
    .await;
    assert_eq!(scopes(&v), ["CollectiveIdentifierManage"]);
    let v = query(&server, &access, "", json!({"permissionState": "Inactive"})).await;
    assert_eq!(v["permissions"], json!([]));
    let v = query(
        &server,
        &access,
        "",
        json!({"contextIdentifier": {"type": "Nip", "value": entity}, "permissionState": "Active"}),
    )
    .await;
    assert_eq!(scopes(&v).len(), 2);
    let v = query(
        &server,
        &access,
        "",
        json!({"contextIdentifier": {"type": "Nip", "value": nip()}}),
    )
    .await;
    assert_eq!(v["permissions"], json!([]));
    let v = query(
        &server,
        &access,
        "",
        json!({"targetIdentifier": {"type": "AllPartners"}}),
    )
    .await;
    assert_eq!(v["permissions"], json!([]));

    // What the query lists is what a token may carry.
    let r = server
        .post(
            "/v2/tokens",
            Some(&access),
            json!({"permissions": ["CollectiveIdentifierManage"], "description": "Zbiorcze"}),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.json());
    let r = server
        .post(
            "/v2/tokens",
            Some(&access),
            json!({"permissions": ["InvoiceWrite"], "description": "Wystawianie"}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 26001));
    assert!(r.details().contains("InvoiceWrite"));
}

#[tokio::test]
async fn access_tokens_name_no_permissions() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    for token in [&s.access, &s.refresh] {
        let claims = token.split('.').nth(1).unwrap();
        let claims: Value = serde_json::from_slice(&B64URL.decode(claims).unwrap()).unwrap();
        assert!(claims.get("per").is_none(), "{claims}");
        assert!(claims.get("operation-reference-number").is_some());
    }
}

#[tokio::test]
async fn an_owner_sees_what_other_entities_granted_its_entity_page_by_page() {
    let server = Server::start().await;
    // A person (PESEL) who owns the entity's NIP context.
    let (entity_nip, pesel) = (nip(), pesel());
    let r = server
        .post(
            "/v2/testdata/person",
            None,
            json!({"nip": entity_nip, "pesel": pesel, "isBailiff": false, "description": "Właściciel JDG"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let identity = ksef_core::test_cert::TestIdentity::PersonPesel {
        given_name: "Jan".into(),
        surname: "Kowalski".into(),
        pesel: pesel.parse().unwrap(),
    };
    let (key, cert) = key_and_cert(&identity, KeyAlgorithm::EcP256);
    let (_, access, _) = xades_login(&server, &key, &cert, &entity_nip).await;
    let s = Session {
        nip: entity_nip,
        reference: String::new(),
        access,
        refresh: String::new(),
        key,
        cert,
    };
    let entity = json!({"type": "Nip", "value": s.nip});
    let mut granting = vec![];
    for _ in 0..12 {
        let other = nip();
        let r = server
            .post(
                "/v2/testdata/permissions",
                None,
                grant(&other, entity.clone(), &["InvoiceRead"]),
            )
            .await;
        assert_eq!(r.status, 200);
        granting.push(other);
        server.advance(1).await;
    }
    let first = query(&server, &s.access, "?pageSize=10", json!({})).await;
    assert_eq!(first["permissions"].as_array().unwrap().len(), 10);
    assert_eq!(first["hasMore"], true);
    // Newest first; the grant is the entity's, not the person's own.
    assert_eq!(
        first["permissions"][0]["contextIdentifier"]["value"],
        granting[11].as_str()
    );
    assert_eq!(first["permissions"][0]["authorizedIdentifier"], entity);
    let second = query(&server, &s.access, "?pageOffset=1&pageSize=10", json!({})).await;
    assert_eq!(second["permissions"].as_array().unwrap().len(), 2);
    assert_eq!(second["hasMore"], false);
    assert_eq!(
        second["permissions"][1]["contextIdentifier"]["value"],
        granting[0].as_str()
    );
    assert!(second["ownerPermissions"].is_array());
    // One granting entity only; and none of them holds in the session's context.
    let one = query(
        &server,
        &s.access,
        "",
        json!({"contextIdentifier": {"type": "Nip", "value": granting[3]}}),
    )
    .await;
    assert_eq!(one["permissions"].as_array().unwrap().len(), 1);
    assert!(one.get("ownerPermissions").is_none());
    let listed: Vec<&str> = first["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["permissions"].as_array().unwrap())
        .map(|p| p["contextIdentifier"]["value"].as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = granting.iter().rev().map(String::as_str).collect();
    assert_eq!(
        listed, expected,
        "newest first, each with the granting context"
    );
    expected.sort();
    expected.dedup();
    assert_eq!(expected.len(), 12, "each page shows different grants");
}

#[tokio::test]
async fn query_refusals() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    for q in [
        "?pageSize=5",
        "?pageSize=101",
        "?pageOffset=-1",
        "?pageOffset=x",
    ] {
        let r = server
            .post(&format!("{QUERY}{q}"), Some(&s.access), json!({}))
            .await;
        assert_eq!((r.status, r.code()), (400, 21405), "{q}");
    }
    for body in [
        json!({"permissionTypes": ["Nope"]}),
        json!({"permissionState": "Sleeping"}),
        json!({"contextIdentifier": {"type": "NipVatUe", "value": format!("{}-DE123456789", s.nip)}}),
        json!({"contextIdentifier": {"type": "Nip", "value": "123"}}),
        json!({"targetIdentifier": {"type": "AllPartners", "value": s.nip}}),
        json!({"targetIdentifier": {"type": "Nip"}}),
    ] {
        let r = server.post(QUERY, Some(&s.access), body.clone()).await;
        assert_eq!((r.status, r.code()), (400, 21405), "{body}");
    }
    let r = server
        .call(
            "POST",
            QUERY,
            Some(&s.access),
            &[("x-error-format", "problem-details")],
            Some(Body::RawJson(b"{\"permissionTypes\": [".to_vec())),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21001));
    assert_eq!(server.post(QUERY, None, json!({})).await.status, 401);
    let empty = server.call("POST", QUERY, Some(&s.access), &[], None).await;
    assert_eq!(empty.status, 200, "no body: no filters");
}

#[tokio::test]
async fn a_token_session_sees_only_what_its_token_carries() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let r = server
        .post(
            "/v2/tokens",
            Some(&s.access),
            json!({"permissions": ["InvoiceRead", "CollectiveIdentifierManage"], "description": "Token ERP"}),
        )
        .await;
    let token = r.json()["token"].as_str().unwrap().to_string();
    server.advance(2).await;
    let access = crate::api_errors::token_session(&server, &token, &s.nip).await;
    let v = query(&server, &access, "", json!({})).await;
    let mut owner: Vec<&str> = v["ownerPermissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    owner.sort();
    assert_eq!(owner, ["CollectiveIdentifierManage", "InvoiceRead"]);
}

#[tokio::test]
async fn future_values_switch_adds_an_unknown_permission() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    server.config(json!({"futureValues": true})).await;
    // Outside the 2.9.0 enum on purpose: read without the spec check.
    let r = reqwest::Client::new()
        .post(format!("{}{QUERY}", server.base))
        .bearer_auth(&s.access)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let parsed: QueryPersonalPermissionsResponse =
        serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
    let unknown: Vec<&str> = parsed
        .permissions
        .iter()
        .filter(|p| p.permission_scope.known().is_none())
        .map(|p| p.permission_scope.name())
        .collect();
    assert_eq!(unknown, ["InvoiceArchiveManage"]);
    let here = ApiContextIdentifier {
        kind: ContextType::Nip,
        value: s.nip.clone(),
    };
    assert!(parsed.held_in(&here).contains(&Permission::InvoiceRead));
}
