//! Every `/permissions/*` endpoint's refusals: 401 without a session, 403 `missing-permissions`
//! without the permission the spec names, 21405 for a body or parameter that breaks the rules,
//! the operation's status codes, its 30-day life, and rate-limit group `other`.

use crate::support;

use serde_json::{json, Value};
use support::permissions::*;
use support::*;

/// Every endpoint with a body that is valid for it.
fn endpoints(n: &str) -> Vec<(&'static str, String, Option<Value>)> {
    let fp = "CEB3643BAC2C111ADDE971BDA5A80163441867D65389FC0BC0DFF8B4C1CD4E59";
    let fp_details = json!({"subjectDetailsType": "PersonByFingerprintWithIdentifier",
        "personByFpWithId": {"firstName": "Adam", "lastName": "Abacki", "identifier": {"type": "Pesel", "value": "15062788702"}}});
    let id = "0c9a72e8-f344-457f-9c16-7c640eb60242";
    let p = |path: &str| format!("/v2/permissions/{path}");
    vec![
        (
            "POST",
            p("persons/grants"),
            Some(person_grant("Pesel", "15062788702", &["InvoiceRead"])),
        ),
        (
            "POST",
            p("entities/grants"),
            Some(entity_grant(&nip(), &["InvoiceRead"], true)),
        ),
        (
            "POST",
            p("authorizations/grants"),
            Some(json!({"subjectIdentifier": {"type": "Nip", "value": nip()},
            "permission": "SelfInvoicing", "description": "Samofakturowanie", "subjectDetails": {"fullName": "Firma sp. z o.o."}})),
        ),
        (
            "POST",
            p("indirect/grants"),
            Some(indirect_grant(
                "Pesel",
                "15062788702",
                None,
                &["InvoiceRead"],
            )),
        ),
        (
            "POST",
            p("subunits/grants"),
            Some(
                json!({"subjectIdentifier": {"type": "Pesel", "value": "15062788702"},
            "contextIdentifier": {"type": "Nip", "value": nip()}, "description": "Administrator", "subjectDetails": person_details()}),
            ),
        ),
        (
            "POST",
            p("eu-entities/administration/grants"),
            Some(
                json!({"subjectIdentifier": {"type": "Fingerprint", "value": fp},
            "contextIdentifier": {"type": "NipVatUe", "value": format!("{n}-DE123456789")}, "description": "Administrator",
            "euEntityName": "Firma GmbH, Berlin", "subjectDetails": fp_details, "euEntityDetails": {"fullName": "Firma GmbH", "address": "Berlin"}}),
            ),
        ),
        (
            "POST",
            p("eu-entities/grants"),
            Some(
                json!({"subjectIdentifier": {"type": "Fingerprint", "value": fp},
            "permissions": ["InvoiceRead"], "description": "Reprezentant", "subjectDetails": fp_details}),
            ),
        ),
        ("DELETE", p(&format!("common/grants/{id}")), None),
        ("DELETE", p(&format!("authorizations/grants/{id}")), None),
        ("GET", p("attachments/status"), None),
        (
            "POST",
            p("query/persons/grants"),
            Some(json!({"queryType": "PermissionsInCurrentContext"})),
        ),
        ("POST", p("query/subunits/grants"), Some(json!({}))),
        ("POST", p("query/entities/grants"), Some(json!({}))),
        ("GET", p("query/entities/roles"), None),
        (
            "POST",
            p("query/subordinate-entities/roles"),
            Some(json!({})),
        ),
        (
            "POST",
            p("query/authorizations/grants"),
            Some(json!({"queryType": "Granted"})),
        ),
        ("POST", p("query/eu-entities/grants"), Some(json!({}))),
    ]
}

#[tokio::test]
async fn without_the_named_permission_every_endpoint_answers_403() {
    let server = Server::start().await;
    let owner = owner_session(&server).await;
    // A reader: InvoiceRead only, by test data.
    let reader = Actor::person_nip(&nip());
    let body = json!({"contextIdentifier": {"type": "Nip", "value": owner.nip},
        "authorizedIdentifier": {"type": "Nip", "value": reader.id},
        "permissions": [{"permissionType": "InvoiceRead", "description": "Tylko odczyt"}]});
    assert_eq!(
        server
            .post("/v2/testdata/permissions", None, body)
            .await
            .status,
        200
    );
    let access = reader.access(&server, &owner.nip).await;
    for (method, path, body) in endpoints(&owner.nip) {
        let r = server
            .call(
                method,
                &path,
                Some(&access),
                &[],
                body.clone().map(Body::Json),
            )
            .await;
        assert_eq!(r.status, 403, "{method} {path}: {}", r.json());
        let v = r.json();
        assert_eq!(v["reasonCode"], "missing-permissions", "{v}");
        assert_eq!(v["security"]["presentPermissions"], json!(["InvoiceRead"]));
        assert!(!v["security"]["requiredAnyOfPermissions"]
            .as_array()
            .unwrap()
            .is_empty());
        let anonymous = server
            .call(method, &path, None, &[], body.map(Body::Json))
            .await;
        assert_eq!(anonymous.status, 401, "{method} {path}");
    }
    // The named permissions: an owner lacks only VatUeManage.
    let r = server
        .post(
            "/v2/permissions/eu-entities/grants",
            Some(&owner.access),
            endpoints(&owner.nip)[6].2.clone().unwrap(),
        )
        .await;
    assert_eq!(
        r.json()["security"]["requiredAnyOfPermissions"],
        json!(["VatUeManage"])
    );
    // Reading one's own permissions and an operation's status needs none.
    assert_eq!(
        server
            .post(
                "/v2/permissions/query/personal/grants",
                Some(&access),
                json!({})
            )
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn bad_bodies_and_parameters_are_21405_with_the_rule_broken() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let mut short = person_grant("Pesel", "15062788702", &["InvoiceRead"]);
    short["description"] = json!("Opis");
    let cases: Vec<(&str, Value, &str)> = vec![
        ("persons/grants", short, "Opis: od 5 do 256 znaków"),
        (
            "persons/grants",
            person_grant("Pesel", "15062788703", &["InvoiceRead"]),
            "suma kontrolna PESEL",
        ),
        (
            "persons/grants",
            person_grant("Nip", &nip(), &[]),
            "co najmniej jedno uprawnienie",
        ),
        (
            "persons/grants",
            person_grant("Nip", &nip(), &["VatUeManage"]),
            "niedozwolone",
        ),
        (
            "entities/grants",
            entity_grant(&nip(), &["CredentialsManage"], true),
            "nie można przekazywać",
        ),
        (
            "entities/grants",
            entity_grant("5265877636", &["InvoiceRead"], true),
            "suma kontrolna NIP",
        ),
        (
            "authorizations/grants",
            json!({"subjectIdentifier": {"type": "Nip", "value": nip()}, "permission": "Nope",
            "description": "Opis uprawnienia", "subjectDetails": {"fullName": "Firma"}}),
            "Nope",
        ),
        (
            "indirect/grants",
            indirect_grant(
                "Nip",
                &nip(),
                Some(json!({"type": "AllPartners", "value": s.nip})),
                &["InvoiceRead"],
            ),
            "ten typ nie ma wartości",
        ),
        (
            "indirect/grants",
            indirect_grant("Nip", &nip(), None, &["CredentialsRead"]),
            "niedozwolone",
        ),
        (
            "subunits/grants",
            json!({"subjectIdentifier": {"type": "Nip", "value": nip()},
            "contextIdentifier": {"type": "InternalId", "value": "6824515772-12343"}, "description": "Administrator",
            "subjectDetails": person_details()}),
            "Nazwa jednostki: pole wymagane",
        ),
        (
            "eu-entities/administration/grants",
            json!({"subjectIdentifier": {"type": "Fingerprint", "value": "ABC"},
            "contextIdentifier": {"type": "NipVatUe", "value": format!("{}-DE123456789", s.nip)}, "description": "Administrator",
            "euEntityName": "Firma GmbH", "subjectDetails": {"subjectDetailsType": "EntityByFingerprint", "entityByFp": {"fullName": "Firma", "address": "Berlin"}},
            "euEntityDetails": {"fullName": "Firma GmbH", "address": "Berlin"}}),
            "Odcisk certyfikatu ma 64 znaków",
        ),
        ("query/persons/grants", json!({}), "queryType"),
        (
            "query/persons/grants",
            json!({"queryType": "PermissionsInCurrentContext", "permissionTypes": ["VatUeManage"]}),
            "niedozwolone",
        ),
        (
            "query/subunits/grants",
            json!({"subunitIdentifier": {"type": "InternalId", "value": "6824515772-12344"}}),
            "suma kontrolna",
        ),
        (
            "query/entities/grants",
            json!({"contextIdentifier": {"type": "NipVatUe", "value": format!("{}-DE123456789", s.nip)}}),
            "NipVatUe",
        ),
        (
            "query/subordinate-entities/roles",
            json!({"subordinateEntityIdentifier": {"type": "Nip", "value": "123"}}),
            "NIP ma 10 cyfr",
        ),
        (
            "query/authorizations/grants",
            json!({"queryType": "Sideways"}),
            "Sideways",
        ),
        (
            "query/eu-entities/grants",
            json!({"vatUeIdentifier": "DE123456789012"}),
            "Numer VAT UE",
        ),
    ];
    for (path, body, why) in cases {
        let r = server
            .post(
                &format!("/v2/permissions/{path}"),
                Some(&s.access),
                body.clone(),
            )
            .await;
        assert_eq!((r.status, r.code()), (400, 21405), "{path} {body}");
        assert!(
            r.details().contains(why),
            "{path}: {} lacks {why}",
            r.details()
        );
    }
    let r = server
        .call(
            "POST",
            "/v2/permissions/persons/grants",
            Some(&s.access),
            &[],
            Some(Body::RawJson(b"{\"permissions\": [".to_vec())),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21001));
    for path in [
        "common/grants/abc",
        "authorizations/grants/0c9a72e8-f344-457f-9c16-7c640eb6024",
    ] {
        let r = server
            .delete(&format!("/v2/permissions/{path}"), Some(&s.access))
            .await;
        assert_eq!((r.status, r.code()), (400, 21405), "{path}");
    }
    // Paging: pageSize 10..100, pageOffset ≥ 0, on every query.
    for (method, path, body) in endpoints(&s.nip)
        .into_iter()
        .filter(|e| e.1.contains("/query/"))
    {
        for q in [
            "?pageSize=9",
            "?pageSize=101",
            "?pageOffset=-1",
            "?pageSize=x",
        ] {
            let r = server
                .call(
                    method,
                    &format!("{path}{q}"),
                    Some(&s.access),
                    &[],
                    body.clone().map(Body::Json),
                )
                .await;
            assert_eq!((r.status, r.code()), (400, 21405), "{path}{q}");
        }
        let r = server
            .call(
                method,
                &format!("{path}?pageOffset=0&pageSize=100"),
                Some(&s.access),
                &[],
                body.map(Body::Json),
            )
            .await;
        assert_eq!(r.status, 200, "{path}");
    }
    let r = server
        .get("/v2/permissions/operations/nie-numer", Some(&s.access))
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
    let unknown = "20250626-EG-333C814000-C529F710D8-D2";
    let r = server
        .get(
            &format!("/v2/permissions/operations/{unknown}"),
            Some(&s.access),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
}
