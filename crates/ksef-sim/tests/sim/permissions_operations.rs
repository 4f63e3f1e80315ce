//! The life of a permission operation (100, its end, forced ends, 30 days, then 410), who may
//! revoke what (420), and rate-limit group `other`.

use crate::support;

use ksef_core::context::ContextType;
use serde_json::json;
use support::permissions::*;
use support::*;

#[tokio::test]
async fn operations_run_100_then_their_end_and_are_gone_after_30_days() {
    let server = Server::start().await;
    let owner = Actor::person_nip(&nip());
    let access = owner.access(&server, &owner.id).await;
    let body = person_grant("Nip", &nip(), &["InvoiceRead"]);
    let reference = start(
        &server,
        "POST",
        "/v2/permissions/persons/grants",
        &access,
        Some(body),
    )
    .await;
    assert_eq!(&reference[9..11], "EG", "as the spec's example");
    assert_eq!(finish(&server, &access, &reference).await["code"], 200);

    // Another context cannot read it.
    let other = owner_session(&server).await;
    let path = format!("/v2/permissions/operations/{reference}");
    let r = server.get(&path, Some(&other.access)).await;
    assert_eq!((r.status, r.code()), (400, 21405));

    // Forced ends, as KSeF's table describes them; nothing is granted.
    for code in [400, 420, 430, 500, 550] {
        server.config(json!({"forcePermissionStatus": code})).await;
        let status = grant(
            &server,
            "/v2/permissions/persons/grants",
            &access,
            person_grant("Nip", &nip(), &["InvoiceWrite"]),
        )
        .await;
        assert_eq!(status["code"], code, "{status}");
    }
    let status = grant(
        &server,
        "/v2/permissions/persons/grants",
        &access,
        person_grant("Nip", &nip(), &["InvoiceWrite"]),
    )
    .await;
    assert_eq!(status["code"], 200, "the switch is one-shot");
    server.config(json!({"forcePermissionStatus": 550})).await;
    let status = grant(
        &server,
        "/v2/permissions/persons/grants",
        &access,
        person_grant("Nip", &nip(), &["InvoiceWrite"]),
    )
    .await;
    assert_eq!(
        status["description"],
        "Operacja została anulowana przez system"
    );
    assert!(status["details"][0]
        .as_str()
        .unwrap()
        .starts_with("Przetwarzanie zostało przerwane"));
    let v = query(
        &server,
        "/v2/permissions/query/persons/grants",
        &access,
        json!({"queryType": "PermissionsInCurrentContext"}),
    )
    .await;
    assert_eq!(
        scopes(&v),
        ["InvoiceRead", "InvoiceWrite"],
        "only the two that ended 200"
    );

    // A revoke of an id unknown here ends 400.
    let id = "0c9a72e8-f344-457f-9c16-7c640eb60242";
    let status = revoke(
        &server,
        &format!("/v2/permissions/common/grants/{id}"),
        &access,
    )
    .await;
    assert_eq!(status["code"], 400);
    assert!(status["details"][0].as_str().unwrap().contains(id));

    // Kept 30 days by the simulator's clock, then 410 (a fresh login: access tokens expire).
    server.advance(29 * 24 * 3600).await;
    let access = owner.access(&server, &owner.id).await;
    assert_eq!(
        server.get(&path, Some(&access)).await.json()["status"]["code"],
        200
    );
    server.advance(24 * 3600).await;
    let access = owner.access(&server, &owner.id).await;
    let r = server.get(&path, Some(&access)).await;
    assert_eq!(r.status, 410, "{}", r.json());
    assert_eq!(
        r.json()["detail"],
        "Operacja wygasła i nie jest już dostępna."
    );
}

#[tokio::test]
async fn revoking_needs_the_permission_of_the_grants_kind() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let admin = Actor::person_nip(&nip());
    let body = person_grant("Nip", &admin.id, &["CredentialsManage"]);
    granted(&server, "/v2/permissions/persons/grants", &s.access, body).await;
    let admin_access = admin.access(&server, &s.nip).await;
    // The administrator grants and revokes within the context.
    let worker = nip();
    granted(
        &server,
        "/v2/permissions/persons/grants",
        &admin_access,
        person_grant("Nip", &worker, &["InvoiceRead"]),
    )
    .await;
    let v = query(
        &server,
        "/v2/permissions/query/persons/grants",
        &admin_access,
        json!({"queryType": "PermissionsGrantedInCurrentContext"}),
    )
    .await;
    assert_eq!(
        v["permissions"].as_array().unwrap().len(),
        1,
        "only what the administrator granted: {v}"
    );
    assert_eq!(
        v["permissions"][0]["authorizedIdentifier"]["value"],
        worker.as_str()
    );
    let id = v["permissions"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(id, id.to_lowercase(), "permission ids are lower-case UUIDs");
    let status = revoke(
        &server,
        &format!("/v2/permissions/common/grants/{id}"),
        &admin_access,
    )
    .await;
    assert_eq!(status["code"], 200);
    // A subunit administrator's grant is the parent's SubunitManage business: an administrator
    // holding only CredentialsManage in the parent may not touch it (420).
    let unit = internal_id(&s.nip, "0001");
    let unit_admin = Actor::person_nip(&nip());
    let body = json!({"subjectIdentifier": {"type": "Nip", "value": unit_admin.id}, "contextIdentifier": {"type": "InternalId", "value": unit},
        "description": "Administrator jednostki", "subunitName": "Oddział pierwszy", "subjectDetails": person_details()});
    granted(&server, "/v2/permissions/subunits/grants", &s.access, body).await;
    assert!(unit_admin
        .login(&server, ContextType::InternalId, &unit)
        .await
        .is_ok());
    let v = query(
        &server,
        "/v2/permissions/query/subunits/grants",
        &s.access,
        json!({}),
    )
    .await;
    let id = v["permissions"][0]["id"].as_str().unwrap().to_string();
    let status = revoke(
        &server,
        &format!("/v2/permissions/common/grants/{id}"),
        &admin_access,
    )
    .await;
    assert_eq!(status["code"], 420, "{status}");
    let status = revoke(
        &server,
        &format!("/v2/permissions/common/grants/{id}"),
        &s.access,
    )
    .await;
    assert_eq!(status["code"], 200);
    assert_eq!(
        unit_admin
            .login(&server, ContextType::InternalId, &unit)
            .await,
        Err(415)
    );
}

/// `{nip}-{four digits}{check digit}`, as KSeF builds internal ids.
pub fn internal_id(nip: &str, four: &str) -> String {
    let digits: Vec<u32> = format!("{nip}{four}")
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    let check = ksef_core::ident::InternalId::check_digit(&digits);
    format!("{nip}-{four}{check}")
}

#[tokio::test]
async fn permissions_count_in_rate_limit_group_other() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    server.config(json!({"rateLimits": "prd"})).await;
    let path = "/v2/permissions/query/entities/roles";
    for _ in 0..10 {
        assert_eq!(server.get(path, Some(&s.access)).await.status, 200);
    }
    let r = server.get(path, Some(&s.access)).await;
    assert_eq!(r.status, 429, "other: 10 per second");
    assert!(r.header("retry-after").is_some());
}
