//! The accounting-office flow and the person flow of `/permissions/*`, end to end: grants take
//! effect when their operation ends, logins without a permission end with 415, an employee's
//! indirect grant follows the client's delegable grant to the office, and KSeF tokens carry
//! only what their creator holds now (26001).

use crate::support;

use ksef_core::context::ContextType;
use serde_json::{json, Value};
use support::permissions::*;
use support::*;

const ENTITIES: &str = "/v2/permissions/entities/grants";
const INDIRECT: &str = "/v2/permissions/indirect/grants";
const PERSONS: &str = "/v2/permissions/persons/grants";
const PERSONS_QUERY: &str = "/v2/permissions/query/persons/grants";
const PERSONAL_QUERY: &str = "/v2/permissions/query/personal/grants";
const ENTITIES_QUERY: &str = "/v2/permissions/query/entities/grants";

async fn token(server: &Server, access: &str, permissions: &[&str]) -> support::Resp {
    server
        .post(
            "/v2/tokens",
            Some(access),
            json!({"permissions": permissions, "description": "Token pracownika"}),
        )
        .await
}

fn items(v: &Value) -> Vec<Value> {
    v["permissions"].as_array().unwrap().clone()
}

#[tokio::test]
async fn office_flow_client_office_employee_and_revocation() {
    let server = Server::start().await;
    let (client, office) = (Actor::person_nip(&nip()), Actor::person_nip(&nip()));
    let employee = Actor::person_pesel(&pesel());
    let (c, o, e) = (client.id.clone(), office.id.clone(), employee.id.clone());
    assert_eq!(
        employee.login(&server, ContextType::Nip, &c).await,
        Err(415)
    );

    // 1. The client lets the office handle its invoices and pass that on.
    let client_access = client.access(&server, &c).await;
    let body = entity_grant(&o, &["InvoiceRead", "InvoiceWrite"], true);
    granted(&server, ENTITIES, &client_access, body).await;

    // 2. The office sees its client, then gives its employee InvoiceRead for that client.
    let office_access = office.access(&server, &o).await;
    let v = query(&server, ENTITIES_QUERY, &office_access, json!({})).await;
    assert_eq!(scopes(&v), ["InvoiceRead", "InvoiceWrite"]);
    for p in items(&v) {
        assert_eq!(p["contextIdentifier"], json!({"type": "Nip", "value": c}));
        assert_eq!(p["canDelegate"], true);
    }
    let filtered = query(
        &server,
        ENTITIES_QUERY,
        &office_access,
        json!({"contextIdentifier": {"type": "Nip", "value": nip()}}),
    )
    .await;
    assert_eq!(filtered["permissions"], json!([]));
    let target = json!({"type": "Nip", "value": c});
    let body = indirect_grant("Pesel", &e, Some(target.clone()), &["InvoiceRead"]);
    granted(&server, INDIRECT, &office_access, body).await;

    // 3. The employee logs in to the client with their own certificate.
    let employee_access = employee
        .login(&server, ContextType::Nip, &c)
        .await
        .expect("the indirect grant holds in the client's context");
    let own = query(&server, PERSONAL_QUERY, &employee_access, json!({})).await;
    let own = items(&own);
    assert_eq!(own.len(), 1, "{own:?}");
    assert_eq!(own[0]["permissionScope"], "InvoiceRead");
    assert_eq!(own[0]["permissionState"], "Active");
    assert_eq!(own[0]["targetIdentifier"], target);
    assert_eq!(
        token(&server, &employee_access, &["InvoiceRead"])
            .await
            .status,
        202
    );
    let r = token(&server, &employee_access, &["InvoiceWrite"]).await;
    assert_eq!((r.status, r.code()), (400, 26001));
    // The office's own context is not the client's.
    assert_eq!(
        employee.login(&server, ContextType::Nip, &o).await,
        Err(415)
    );

    let mine = json!({"queryType": "PermissionsInCurrentContext", "authorizedIdentifier": {"type": "Pesel", "value": e}});
    let v = query(&server, PERSONS_QUERY, &office_access, mine.clone()).await;
    assert_eq!(v["permissions"][0]["permissionState"], "Active", "{v}");
    assert_eq!(
        v["permissions"][0]["authorIdentifier"],
        json!({"type": "Nip", "value": o})
    );

    // 4. The client withdraws the office's rights: the employee's grant goes Inactive.
    let v = query(&server, PERSONS_QUERY, &client_access, json!({"queryType": "PermissionsInCurrentContext", "authorizedIdentifier": {"type": "Nip", "value": o}})).await;
    let ids: Vec<String> = items(&v)
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2, "{v}");
    for id in ids {
        let status = revoke(
            &server,
            &format!("/v2/permissions/common/grants/{id}"),
            &client_access,
        )
        .await;
        assert_eq!(status["code"], 200, "{status}");
    }
    let v = query(&server, ENTITIES_QUERY, &office_access, json!({})).await;
    assert_eq!(v["permissions"], json!([]));
    let v = query(&server, PERSONS_QUERY, &office_access, mine).await;
    assert_eq!(v["permissions"][0]["permissionState"], "Inactive", "{v}");
    let inactive =
        json!({"queryType": "PermissionsGrantedInCurrentContext", "permissionState": "Inactive"});
    assert_eq!(
        query(&server, PERSONS_QUERY, &office_access, inactive).await["permissions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // 5. The employee can no longer log in to the client, and the live session's new tokens
    // follow what the employee holds now.
    assert_eq!(
        employee.login(&server, ContextType::Nip, &c).await,
        Err(415)
    );
    let r = token(&server, &employee_access, &["InvoiceRead"]).await;
    assert_eq!((r.status, r.code()), (400, 26001));
    let own = query(
        &server,
        PERSONAL_QUERY,
        &employee_access,
        json!({"permissionState": "Inactive"}),
    )
    .await;
    assert_eq!(
        own["permissions"][0]["permissionState"], "Inactive",
        "{own}"
    );
}

#[tokio::test]
async fn an_indirect_grant_needs_the_clients_delegable_grant() {
    let server = Server::start().await;
    let (client, office) = (Actor::person_nip(&nip()), Actor::person_nip(&nip()));
    let employee = Actor::person_nip(&nip());
    let (c, o) = (client.id.clone(), office.id.clone());
    let client_access = client.access(&server, &c).await;
    granted(
        &server,
        ENTITIES,
        &client_access,
        entity_grant(&o, &["InvoiceRead"], false),
    )
    .await;
    let office_access = office.access(&server, &o).await;
    let v = query(&server, ENTITIES_QUERY, &office_access, json!({})).await;
    assert_eq!(v["permissions"][0]["canDelegate"], false);

    // A selective grant for a client that did not allow delegation: 440.
    let target = json!({"type": "Nip", "value": c});
    let body = indirect_grant("Nip", &employee.id, Some(target), &["InvoiceRead"]);
    let status = grant(&server, INDIRECT, &office_access, body).await;
    assert_eq!(status["code"], 440, "{status}");
    assert_eq!(
        status["description"],
        "Operacja niedozwolona dla wskazanych powiązań identyfikatorów"
    );
    assert!(status["details"][0].as_str().unwrap().contains(&c));
    // Nor for the office itself.
    let own = json!({"type": "Nip", "value": o});
    let body = indirect_grant("Nip", &employee.id, Some(own), &["InvoiceRead"]);
    assert_eq!(
        grant(&server, INDIRECT, &office_access, body).await["code"],
        450
    );

    // A general grant is accepted, but holds only where a client allowed delegation.
    let body = indirect_grant("Nip", &employee.id, None, &["InvoiceRead"]);
    granted(&server, INDIRECT, &office_access, body).await;
    assert_eq!(
        employee.login(&server, ContextType::Nip, &c).await,
        Err(415)
    );
    let v = query(&server, PERSONS_QUERY, &office_access, json!({"queryType": "PermissionsGrantedInCurrentContext", "targetIdentifier": {"type": "AllPartners"}})).await;
    assert_eq!(
        v["permissions"][0]["targetIdentifier"],
        json!({"type": "AllPartners"}),
        "{v}"
    );
    // Once the client allows it, the general grant holds in its context.
    granted(
        &server,
        ENTITIES,
        &client_access,
        entity_grant(&o, &["InvoiceRead"], true),
    )
    .await;
    let access = employee
        .login(&server, ContextType::Nip, &c)
        .await
        .expect("now delegable");
    let own = query(
        &server,
        PERSONAL_QUERY,
        &access,
        json!({"targetIdentifier": {"type": "AllPartners"}}),
    )
    .await;
    assert_eq!(scopes(&own), ["InvoiceRead"]);
    assert_eq!(
        own["permissions"][0]["contextIdentifier"],
        json!({"type": "Nip", "value": c})
    );
}

#[tokio::test]
async fn person_flow_grant_login_token_and_revoke() {
    let server = Server::start().await;
    let owner = owner_session(&server).await;
    let worker = Actor::person_nip(&nip());
    assert_eq!(
        worker.login(&server, ContextType::Nip, &owner.nip).await,
        Err(415),
        "no permission yet"
    );

    let body = person_grant("Nip", &worker.id, &["InvoiceRead", "CredentialsRead"]);
    // KSeF takes 5 s here: the grant is not in effect while its status reads 100.
    server.config(json!({"permissionDelayMs": 5000})).await;
    let reference = start(&server, "POST", PERSONS, &owner.access, Some(body)).await;
    assert_eq!(
        worker.login(&server, ContextType::Nip, &owner.nip).await,
        Err(415)
    );
    let path = format!("/v2/permissions/operations/{reference}");
    let pending = server.get(&path, Some(&owner.access)).await.json();
    assert_eq!(pending["status"]["code"], 100, "2 s of 5 passed: {pending}");
    server.advance(4).await;
    let status = server.get(&path, Some(&owner.access)).await.json()["status"].clone();
    server.config(json!({"permissionDelayMs": 1000})).await;
    assert_eq!(
        status,
        json!({"code": 200, "description": "Operacja zakończona sukcesem"})
    );
    // Granting the same again changes nothing.
    let body = person_grant("Nip", &worker.id, &["InvoiceRead"]);
    granted(&server, PERSONS, &owner.access, body).await;

    let access = worker.access(&server, &owner.nip).await;
    let own = query(&server, PERSONAL_QUERY, &access, json!({})).await;
    assert_eq!(scopes(&own), ["CredentialsRead", "InvoiceRead"]);
    assert!(own.get("ownerPermissions").is_none());
    assert_eq!(
        own["permissions"][0]["subjectPersonDetails"]["firstName"],
        "Anna"
    );
    assert_eq!(token(&server, &access, &["InvoiceRead"]).await.status, 202);
    let r = token(&server, &access, &["InvoiceRead", "InvoiceWrite"]).await;
    assert_eq!((r.status, r.code()), (400, 26001));
    assert!(r.details().contains("InvoiceWrite"), "{}", r.details());
    // CredentialsRead lets the worker read who holds what, but not grant.
    let v = query(
        &server,
        PERSONS_QUERY,
        &access,
        json!({"queryType": "PermissionsInCurrentContext"}),
    )
    .await;
    assert_eq!(scopes(&v), ["CredentialsRead", "InvoiceRead"]);
    let r = server
        .post(
            PERSONS,
            Some(&access),
            person_grant("Nip", &nip(), &["InvoiceRead"]),
        )
        .await;
    assert_eq!(r.status, 403);

    // The owner revokes both; the worker's next login ends with 415.
    for p in items(&v) {
        let id = p["id"].as_str().unwrap();
        let status = revoke(
            &server,
            &format!("/v2/permissions/common/grants/{id}"),
            &owner.access,
        )
        .await;
        assert_eq!(status["code"], 200);
    }
    assert_eq!(
        worker.login(&server, ContextType::Nip, &owner.nip).await,
        Err(415)
    );
    let v = query(
        &server,
        PERSONS_QUERY,
        &owner.access,
        json!({"queryType": "PermissionsInCurrentContext"}),
    )
    .await;
    assert_eq!(v["permissions"], json!([]));
}
