//! Steps of the `/permissions/*` tests: logins into any context (with the outcome code, so a
//! 415 can be asserted), grants polled to their end, and the bodies the grants take.

use ksef_core::auth_xml::SubjectIdentifierType;
use ksef_core::certificate::Certificate;
use ksef_core::context::ContextType;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::test_cert::TestIdentity;
use serde_json::{json, Value};

use super::{key_and_cert, our_signed, person, request, Server};

/// Someone with a self-signed certificate: a person with a NIP or PESEL, or a company seal.
pub struct Actor {
    pub key: PrivateKey,
    pub cert: Certificate,
    /// The identifier the certificate names (NIP or PESEL).
    pub id: String,
}

impl Actor {
    pub fn person_nip(nip: &str) -> Actor {
        let (key, cert) = key_and_cert(&person(nip), KeyAlgorithm::EcP256);
        Actor {
            key,
            cert,
            id: nip.into(),
        }
    }

    pub fn person_pesel(pesel: &str) -> Actor {
        let identity = TestIdentity::PersonPesel {
            given_name: "Anna".into(),
            surname: "Pracownicka".into(),
            pesel: pesel.parse().unwrap(),
        };
        let (key, cert) = key_and_cert(&identity, KeyAlgorithm::EcP256);
        Actor {
            key,
            cert,
            id: pesel.into(),
        }
    }

    pub fn fingerprint(&self) -> String {
        self.cert.fingerprint().to_string()
    }

    /// Logs in to `context` and reads the outcome: `Ok(access token)` for 200, else the code.
    pub async fn login(
        &self,
        server: &Server,
        kind: ContextType,
        context: &str,
    ) -> Result<String, i64> {
        self.login_as(
            server,
            kind,
            context,
            SubjectIdentifierType::CertificateSubject,
        )
        .await
    }

    pub async fn login_as(
        &self,
        server: &Server,
        kind: ContextType,
        context: &str,
        subject: SubjectIdentifierType,
    ) -> Result<String, i64> {
        let challenge = server.challenge().await;
        let mut req = request(&challenge.challenge, kind, context);
        req.subject_type = subject;
        let xml = our_signed(&req, &self.key, &self.cert);
        let (reference, auth) = Server::accepted(&server.submit_xml(&xml, "").await);
        let status = server.outcome(&reference, &auth).await;
        match status["status"]["code"].as_i64().unwrap() {
            200 => Ok(server.redeem(&auth).await.0),
            code => Err(code),
        }
    }

    /// A login into a NIP context that must succeed.
    pub async fn access(&self, server: &Server, nip: &str) -> String {
        self.login(server, ContextType::Nip, nip)
            .await
            .unwrap_or_else(|code| panic!("login to {nip} ended with {code}"))
    }
}

/// 202 from a grant or revoke: the operation's reference.
pub async fn start(
    server: &Server,
    method: &str,
    path: &str,
    access: &str,
    body: Option<Value>,
) -> String {
    let r = server
        .call(method, path, Some(access), &[], body.map(super::Body::Json))
        .await;
    assert_eq!(r.status, 202, "{method} {path}: {}", r.json());
    r.json()["referenceNumber"].as_str().unwrap().to_string()
}

/// Polls an operation: 100 at first, then (the clock moved on) its end.
pub async fn finish(server: &Server, access: &str, reference: &str) -> Value {
    let path = format!("/v2/permissions/operations/{reference}");
    let first = server.get(&path, Some(access)).await;
    assert_eq!(first.status, 200, "{}", first.json());
    assert_eq!(first.json()["status"]["code"], 100, "{}", first.json());
    server.advance(2).await;
    let end = server.get(&path, Some(access)).await;
    assert_eq!(end.status, 200, "{}", end.json());
    end.json()["status"].clone()
}

/// A grant (POST `path`) polled to its end: the final status.
pub async fn grant(server: &Server, path: &str, access: &str, body: Value) -> Value {
    let reference = start(server, "POST", path, access, Some(body)).await;
    finish(server, access, &reference).await
}

/// A grant that must succeed.
pub async fn granted(server: &Server, path: &str, access: &str, body: Value) {
    let status = grant(server, path, access, body.clone()).await;
    assert_eq!(status["code"], 200, "{path} {body}: {status}");
}

/// A revoke (DELETE `path`) polled to its end.
pub async fn revoke(server: &Server, path: &str, access: &str) -> Value {
    let reference = start(server, "DELETE", path, access, None).await;
    finish(server, access, &reference).await
}

pub fn person_details() -> Value {
    json!({"subjectDetailsType": "PersonByIdentifier",
        "personById": {"firstName": "Anna", "lastName": "Pracownicka"}})
}

pub fn person_grant(kind: &str, value: &str, permissions: &[&str]) -> Value {
    json!({"subjectIdentifier": {"type": kind, "value": value}, "permissions": permissions,
        "description": "Uprawnienia pracownika", "subjectDetails": person_details()})
}

/// `entities/grants` of invoice handling, each permission with `canDelegate`.
pub fn entity_grant(nip: &str, permissions: &[&str], can_delegate: bool) -> Value {
    let list: Vec<Value> = permissions
        .iter()
        .map(|p| json!({"type": p, "canDelegate": can_delegate}))
        .collect();
    json!({"subjectIdentifier": {"type": "Nip", "value": nip}, "permissions": list,
        "description": "Obsługa faktur przez biuro", "subjectDetails": {"fullName": "Biuro Rachunkowe sp. z o.o."}})
}

/// `indirect/grants` for an employee; `target` `None` leaves it out (all partners).
pub fn indirect_grant(
    kind: &str,
    value: &str,
    target: Option<Value>,
    permissions: &[&str],
) -> Value {
    let mut body = person_grant(kind, value, permissions);
    body["description"] = json!("Praca dla klientów biura");
    if let Some(t) = target {
        body["targetIdentifier"] = t;
    }
    body
}

/// One page of a query answered 200.
pub async fn query(server: &Server, path: &str, access: &str, body: Value) -> Value {
    let r = server.post(path, Some(access), body).await;
    assert_eq!(r.status, 200, "{path}: {}", r.json());
    r.json()
}

/// The `permissionScope`s of a query's items, sorted.
pub fn scopes(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["permissionScope"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}
