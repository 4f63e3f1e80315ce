//! Subunits and their administrators, JST roles, and EU entities' administrators and
//! representatives.

use crate::permissions_operations::internal_id;
use crate::support;

use ksef_core::auth_xml::SubjectIdentifierType;
use ksef_core::context::ContextType;
use serde_json::json;
use support::permissions::*;
use support::*;

const PERSONS: &str = "/v2/permissions/persons/grants";

#[tokio::test]
async fn subunits_their_administrators_and_jst_roles() {
    let server = Server::start().await;
    let parent = Actor::person_nip(&nip());
    let member = Actor::person_nip(&nip());
    let body = json!({"subjectNip": parent.id, "subjectType": "JST", "description": "Gmina testowa",
        "subunits": [{"subjectNip": member.id, "description": "Szkoła podstawowa"}]});
    assert_eq!(
        server.post("/v2/testdata/subject", None, body).await.status,
        200,
        "JST"
    );
    let access = parent.access(&server, &parent.id).await;
    let unit = internal_id(&parent.id, "0042");
    let admin = Actor::person_pesel(&pesel());
    assert_eq!(
        admin.login(&server, ContextType::InternalId, &unit).await,
        Err(415)
    );
    let grant_for = |kind: &str, value: &str, name: Option<&str>| {
        let mut b = json!({"subjectIdentifier": {"type": "Pesel", "value": admin.id}, "contextIdentifier": {"type": kind, "value": value},
            "description": "Administrator jednostki", "subjectDetails": person_details()});
        if let Some(n) = name {
            b["subunitName"] = json!(n);
        }
        b
    };
    let path = "/v2/permissions/subunits/grants";
    granted(
        &server,
        path,
        &access,
        grant_for("InternalId", &unit, Some("Wydział finansów")),
    )
    .await;
    granted(&server, path, &access, grant_for("Nip", &member.id, None)).await;
    // Another NIP's internal id, and a NIP that is no subordinate: refused by relation.
    let foreign = internal_id(&nip(), "0042");
    assert_eq!(
        grant(
            &server,
            path,
            &access,
            grant_for("InternalId", &foreign, Some("Obca jednostka"))
        )
        .await["code"],
        410
    );
    assert_eq!(
        grant(&server, path, &access, grant_for("Nip", &nip(), None)).await["code"],
        410
    );

    let v = query(
        &server,
        "/v2/permissions/query/subunits/grants",
        &access,
        json!({}),
    )
    .await;
    assert_eq!(scopes(&v), ["CredentialsManage", "CredentialsManage"]);
    let filter = json!({"subunitIdentifier": {"type": "InternalId", "value": unit}});
    let one = query(
        &server,
        "/v2/permissions/query/subunits/grants",
        &access,
        filter,
    )
    .await;
    assert_eq!(one["permissions"][0]["subunitName"], "Wydział finansów");
    assert_eq!(
        one["permissions"][0]["authorIdentifier"],
        json!({"type": "Nip", "value": parent.id})
    );

    // The administrator works in the new internal id and manages permissions there.
    let unit_access = admin
        .login(&server, ContextType::InternalId, &unit)
        .await
        .expect("administrator");
    let own = query(
        &server,
        "/v2/permissions/query/personal/grants",
        &unit_access,
        json!({}),
    )
    .await;
    assert_eq!(scopes(&own), ["CredentialsManage"]);
    let clerk = Actor::person_nip(&nip());
    granted(
        &server,
        PERSONS,
        &unit_access,
        person_grant("Nip", &clerk.id, &["InvoiceWrite"]),
    )
    .await;
    assert!(clerk
        .login(&server, ContextType::InternalId, &unit)
        .await
        .is_ok());
    assert!(
        admin
            .login(&server, ContextType::Nip, &member.id)
            .await
            .is_ok(),
        "subordinate NIP"
    );

    // Roles: the JST itself, its member, and an entity without one.
    let roles = server
        .get("/v2/permissions/query/entities/roles", Some(&access))
        .await
        .json();
    assert_eq!(roles["roles"][0]["role"], "LocalGovernmentUnit", "{roles}");
    assert_eq!(roles["roles"][0]["description"], "Gmina testowa");
    let sub = query(
        &server,
        "/v2/permissions/query/subordinate-entities/roles",
        &access,
        json!({}),
    )
    .await;
    assert_eq!(
        sub["roles"][0]["subordinateEntityIdentifier"],
        json!({"type": "Nip", "value": member.id})
    );
    assert_eq!(sub["roles"][0]["role"], "LocalGovernmentSubUnit");
    let none = json!({"subordinateEntityIdentifier": {"type": "Nip", "value": nip()}});
    assert_eq!(
        query(
            &server,
            "/v2/permissions/query/subordinate-entities/roles",
            &access,
            none
        )
        .await["roles"],
        json!([])
    );
    let member_access = member.access(&server, &member.id).await;
    let roles = server
        .get("/v2/permissions/query/entities/roles", Some(&member_access))
        .await
        .json();
    assert_eq!(
        roles["roles"][0]["parentEntityIdentifier"],
        json!({"type": "Nip", "value": parent.id})
    );
    // An entity without the JST or VAT-group role cannot name a subordinate NIP: 430.
    let plain = owner_session(&server).await;
    let status = grant(
        &server,
        path,
        &plain.access,
        grant_for("Nip", &member.id, None),
    )
    .await;
    assert_eq!(status["code"], 430);
}

#[tokio::test]
async fn eu_entity_administrators_and_representatives() {
    let server = Server::start().await;
    let owner = owner_session(&server).await;
    let (admin, rep) = (Actor::person_nip(&nip()), Actor::person_nip(&nip()));
    let composite = format!("{}-DE123456789", owner.nip);
    let details = |who: &Actor| {
        json!({"subjectDetailsType": "PersonByFingerprintWithIdentifier",
        "personByFpWithId": {"firstName": "Hans", "lastName": "Müller", "identifier": {"type": "Nip", "value": who.id}}})
    };
    let body = |context: &str| {
        json!({"subjectIdentifier": {"type": "Fingerprint", "value": admin.fingerprint()},
        "contextIdentifier": {"type": "NipVatUe", "value": context}, "description": "Administrator podmiotu unijnego",
        "euEntityName": "Firma GmbH, Berlin", "subjectDetails": details(&admin),
        "euEntityDetails": {"fullName": "Firma GmbH", "address": "Unter den Linden 1, Berlin"}})
    };
    let path = "/v2/permissions/eu-entities/administration/grants";
    granted(&server, path, &owner.access, body(&composite)).await;
    let other = format!("{}-DE123456789", nip());
    assert_eq!(
        grant(&server, path, &owner.access, body(&other)).await["code"],
        410
    );
    let query_path = "/v2/permissions/query/eu-entities/grants";
    let v = query(&server, query_path, &owner.access, json!({})).await;
    assert_eq!(
        scopes(&v),
        [
            "Introspection",
            "InvoiceRead",
            "InvoiceWrite",
            "VatUeManage"
        ]
    );
    assert_eq!(v["permissions"][0]["vatUeIdentifier"], "DE123456789");
    assert_eq!(
        v["permissions"][0]["authorizedFingerprintIdentifier"],
        admin.fingerprint()
    );

    // The administrator logs in to the composite context by fingerprint and adds a representative.
    let by_fp = SubjectIdentifierType::CertificateFingerprint;
    let access = admin
        .login_as(&server, ContextType::NipVatUe, &composite, by_fp)
        .await
        .expect("administrator");
    let rep_body = |permissions: &[&str]| {
        json!({"subjectIdentifier": {"type": "Fingerprint", "value": rep.fingerprint().to_lowercase()},
        "permissions": permissions, "description": "Reprezentant podmiotu unijnego", "subjectDetails": details(&rep)})
    };
    let r = server
        .post(
            "/v2/permissions/eu-entities/grants",
            Some(&access),
            rep_body(&["Introspection"]),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
    granted(
        &server,
        "/v2/permissions/eu-entities/grants",
        &access,
        rep_body(&["InvoiceRead"]),
    )
    .await;
    let all = query(&server, query_path, &access, json!({})).await;
    assert_eq!(all["permissions"].as_array().unwrap().len(), 5);
    let read = query(&server, query_path, &access, json!({"permissionTypes": ["InvoiceRead"], "authorizedFingerprintIdentifier": &rep.fingerprint()[..12]})).await;
    assert_eq!(read["permissions"].as_array().unwrap().len(), 1, "{read}");
    assert_eq!(read["permissions"][0]["euEntityName"], "Firma GmbH, Berlin");
    let other_vat = json!({"vatUeIdentifier": "DE987654321"});
    assert_eq!(
        query(&server, query_path, &access, other_vat).await["permissions"],
        json!([])
    );
    assert!(rep
        .login_as(&server, ContextType::NipVatUe, &composite, by_fp)
        .await
        .is_ok());
    // Representatives are granted in the composite context only.
    let status = grant(
        &server,
        "/v2/permissions/eu-entities/grants",
        &access,
        rep_body(&["InvoiceWrite"]),
    )
    .await;
    assert_eq!(status["code"], 200);
    // The administrator's own grant is the NIP's (CredentialsManage) to revoke: 420 here.
    let id = v["permissions"][0]["id"].as_str().unwrap();
    let status = revoke(
        &server,
        &format!("/v2/permissions/common/grants/{id}"),
        &access,
    )
    .await;
    assert_eq!(status["code"], 420, "{status}");
}
