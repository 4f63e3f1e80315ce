//! A simulator on a loopback port, a client whose every `/v2` response is checked against
//! `open-api.json`, and the steps of the login flows.
#![allow(dead_code)]

pub mod openapi;
pub mod permissions;
#[path = "../../../ksef-core/tests/support/random_ids.rs"]
mod random_ids;
#[path = "../../../ksef-core/tests/support/xmlsec_sign.rs"]
pub mod xmlsec_sign;
pub use random_ids::{nip, pesel};

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use ksef_core::api::auth::ChallengeResponse;
use ksef_core::auth_xml::AuthTokenRequest;
use ksef_core::certificate::Certificate;
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::test_cert::{self_signed, TestIdentity};
use rand_core::{OsRng, RngCore};
use serde_json::{json, Value};

/// The spec every `/v2` answer is checked against; `None` (no checks) only when
/// `../shared/ksef` is missing and `KLUCZNIK_REQUIRE_TOOLS` is not set.
fn spec() -> Option<Arc<openapi::Spec>> {
    static SPEC: OnceLock<Option<Arc<openapi::Spec>>> = OnceLock::new();
    SPEC.get_or_init(|| openapi::Spec::load().map(Arc::new))
        .clone()
}

/// Whether responses are being checked against the spec (tests that exist only to check new
/// answers against it say so when they cannot).
pub fn spec_checked() -> bool {
    spec().is_some()
}

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    /// The exception code of a 400 in either shape.
    pub fn code(&self) -> i64 {
        let v = self.json();
        v["exception"]["exceptionDetailList"][0]["exceptionCode"]
            .as_i64()
            .or_else(|| v["errors"][0]["code"].as_i64())
            .unwrap_or_else(|| panic!("no exception code in {} {v}", self.status))
    }

    pub fn details(&self) -> String {
        let v = self.json();
        let list = if v["exception"].is_object() {
            &v["exception"]["exceptionDetailList"][0]["details"]
        } else {
            &v["errors"][0]["details"]
        };
        list.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub enum Body {
    Json(Value),
    Xml(Vec<u8>),
    /// Bytes sent as `application/json`, readable or not.
    RawJson(Vec<u8>),
}

#[derive(Clone)]
pub struct Server {
    pub base: String,
    http: reqwest::Client,
}

impl Server {
    /// A fresh simulator with rate limits off (tests that want them switch them on).
    pub async fn start() -> Server {
        Server::start_with(ksef_sim::Sim::new()).await
    }

    pub async fn start_with(sim: ksef_sim::Sim) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = ksef_sim::router(sim).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let server = Server {
            base: format!("http://{addr}"),
            http: reqwest::Client::new(),
        };
        server.config(json!({"rateLimits": "off"})).await;
        server
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        bearer: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Body>,
    ) -> Resp {
        let mut req = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.base));
        if let Some(b) = bearer {
            req = req.bearer_auth(b);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req = match body {
            Some(Body::Json(v)) => req
                .header("content-type", "application/json")
                .body(v.to_string()),
            Some(Body::Xml(x)) => req.header("content-type", "application/xml").body(x),
            Some(Body::RawJson(b)) => req.header("content-type", "application/json").body(b),
            None => req,
        };
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let body = r.bytes().await.unwrap().to_vec();
        if let (Some(spec), true) = (spec(), path.starts_with("/v2")) {
            let ct = headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if let Err(e) = spec.check(method, path, status, ct, &body) {
                panic!("response violates open-api.json: {e}");
            }
        }
        Resp {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, bearer: Option<&str>) -> Resp {
        self.call("GET", path, bearer, &[], None).await
    }

    pub async fn post(&self, path: &str, bearer: Option<&str>, body: Value) -> Resp {
        self.call("POST", path, bearer, &[], Some(Body::Json(body)))
            .await
    }

    pub async fn put(&self, path: &str, bearer: Option<&str>, body: Value) -> Resp {
        self.call("PUT", path, bearer, &[], Some(Body::Json(body)))
            .await
    }

    pub async fn delete(&self, path: &str, bearer: Option<&str>) -> Resp {
        self.call("DELETE", path, bearer, &[], None).await
    }

    pub async fn config(&self, patch: Value) {
        let r = self.post("/__sim/config", None, patch).await;
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    }

    pub async fn advance(&self, seconds: i64) {
        assert_eq!(
            self.post("/__sim/clock/advance", None, json!({"seconds": seconds}))
                .await
                .status,
            204
        );
    }

    pub async fn challenge(&self) -> ChallengeResponse {
        let r = self
            .call("POST", "/v2/auth/challenge", None, &[], None)
            .await;
        assert_eq!(r.status, 200);
        serde_json::from_slice(&r.body).unwrap()
    }

    pub async fn submit_xml(&self, xml: &str, query: &str) -> Resp {
        self.call(
            "POST",
            &format!("/v2/auth/xades-signature{query}"),
            None,
            &[],
            Some(Body::Xml(xml.as_bytes().to_vec())),
        )
        .await
    }

    /// 202 from a login: (operation reference, authentication token).
    pub fn accepted(r: &Resp) -> (String, String) {
        assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.body));
        let v = r.json();
        (
            v["referenceNumber"].as_str().unwrap().into(),
            v["authenticationToken"]["token"].as_str().unwrap().into(),
        )
    }

    /// Polls the operation: 100 first, then (after the clock moves) the outcome.
    pub async fn outcome(&self, reference: &str, auth_token: &str) -> Value {
        let path = format!("/v2/auth/{reference}");
        let first = self.get(&path, Some(auth_token)).await;
        assert_eq!(first.status, 200);
        assert_eq!(first.json()["status"]["code"], 100, "{}", first.json());
        self.advance(2).await;
        let r = self.get(&path, Some(auth_token)).await;
        assert_eq!(r.status, 200);
        r.json()
    }

    /// Redeems: (access token, refresh token).
    pub async fn redeem(&self, auth_token: &str) -> (String, String) {
        let r = self
            .call("POST", "/v2/auth/token/redeem", Some(auth_token), &[], None)
            .await;
        assert_eq!(r.status, 200, "{}", r.json());
        let v = r.json();
        (
            v["accessToken"]["token"].as_str().unwrap().into(),
            v["refreshToken"]["token"].as_str().unwrap().into(),
        )
    }
}

pub fn person(nip: &str) -> TestIdentity {
    TestIdentity::PersonNip {
        given_name: "Zażółć".into(),
        surname: "Gęślą".into(),
        nip: nip.parse().unwrap(),
    }
}

pub fn key_and_cert(identity: &TestIdentity, alg: KeyAlgorithm) -> (PrivateKey, Certificate) {
    let key = PrivateKey::generate(alg, &mut OsRng).unwrap();
    let cert = self_signed(identity, &key, time::OffsetDateTime::now_utc(), &mut OsRng).unwrap();
    (key, cert)
}

pub fn request(challenge: &str, kind: ContextType, value: &str) -> AuthTokenRequest {
    AuthTokenRequest::new(
        challenge.parse().unwrap(),
        ContextIdentifier::parse(kind, value).unwrap(),
    )
}

/// Signed by xmlsec1, a general XML-DSig implementation (not Klucznik's signer).
pub fn xmlsec_signed(req: &AuthTokenRequest, key: &PrivateKey, cert: &Certificate) -> String {
    let method = match key.algorithm() {
        KeyAlgorithm::EcP256 => "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        KeyAlgorithm::Rsa2048 => "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    };
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sim-xmlsec");
    let time = ksef_core::datetime::format_ksef(
        time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
    );
    xmlsec_sign::sign(
        &req.to_xml(ksef_core::auth_xml::XmlStyle::Pretty),
        key,
        cert,
        method,
        &time,
        &dir,
    )
}

/// Signed by Klucznik's own signer (what the app does).
pub fn our_signed(req: &AuthTokenRequest, key: &PrivateKey, cert: &Certificate) -> String {
    ksef_core::xades::sign(req, key, cert, time::OffsetDateTime::now_utc())
}

/// A session from a XAdES login by a self-signed person certificate whose NIP is the context.
pub struct Session {
    pub nip: String,
    pub reference: String,
    pub access: String,
    pub refresh: String,
    pub key: PrivateKey,
    pub cert: Certificate,
}

pub async fn owner_session(server: &Server) -> Session {
    let nip = nip();
    let (key, cert) = key_and_cert(&person(&nip), KeyAlgorithm::EcP256);
    let (reference, access, refresh) = xades_login(server, &key, &cert, &nip).await;
    Session {
        nip,
        reference,
        access,
        refresh,
        key,
        cert,
    }
}

/// A XAdES login into the NIP context `context` that must succeed: (operation, access, refresh).
pub async fn xades_login(
    server: &Server,
    key: &PrivateKey,
    cert: &Certificate,
    context: &str,
) -> (String, String, String) {
    let challenge = server.challenge().await;
    let xml = our_signed(
        &request(&challenge.challenge, ContextType::Nip, context),
        key,
        cert,
    );
    let (reference, auth) = Server::accepted(&server.submit_xml(&xml, "").await);
    let status = server.outcome(&reference, &auth).await;
    assert_eq!(status["status"]["code"], 200, "{status}");
    let (access, refresh) = server.redeem(&auth).await;
    (reference, access, refresh)
}

/// A KSeF certificate of `kind` (`Authentication`, `Offline`) for the session's subject, issued
/// by the simulator: (serial, its key, the certificate).
pub async fn issue_certificate(
    server: &Server,
    access: &str,
    kind: &str,
) -> (String, PrivateKey, Certificate) {
    use base64::Engine;
    let data: ksef_core::api::certificates::CertificateEnrollmentDataResponse =
        serde_json::from_slice(
            &server
                .get("/v2/certificates/enrollments/data", Some(access))
                .await
                .body,
        )
        .unwrap();
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let csr = ksef_core::csr::build(&data, &key, &mut OsRng)
        .unwrap()
        .to_base64();
    let r = server
        .post(
            "/v2/certificates/enrollments",
            Some(access),
            json!({"certificateName": "Certyfikat testowy", "certificateType": kind, "csr": csr}),
        )
        .await;
    assert_eq!(r.status, 202, "{}", r.json());
    let reference = r.json()["referenceNumber"].as_str().unwrap().to_string();
    server.advance(2).await;
    let done = server
        .get(
            &format!("/v2/certificates/enrollments/{reference}"),
            Some(access),
        )
        .await
        .json();
    let serial = done["certificateSerialNumber"]
        .as_str()
        .unwrap()
        .to_string();
    let got = server
        .post(
            "/v2/certificates/retrieve",
            Some(access),
            json!({"certificateSerialNumbers": [serial]}),
        )
        .await
        .json();
    let der = base64::engine::general_purpose::STANDARD
        .decode(got["certificates"][0]["certificate"].as_str().unwrap())
        .unwrap();
    (serial, key, Certificate::from_der(&der).unwrap())
}

/// An EC certificate for `key` naming `subject`, signed by `issuer` (DN and key) or self-signed,
/// valid from `from` for a year: for subjects and issuers `TestIdentity` cannot express.
pub fn custom_cert(
    subject: &ksef_core::api::certificates::CertificateEnrollmentDataResponse,
    key: &p256::SecretKey,
    issuer: Option<(&str, &p256::SecretKey)>,
    from: time::OffsetDateTime,
) -> Certificate {
    use std::str::FromStr;
    use x509_cert::builder::{Builder, CertificateBuilder, Profile};
    let name = ksef_core::csr::subject_name(subject).unwrap();
    let issuer_name = issuer.map_or(name.clone(), |(dn, _)| {
        x509_cert::name::Name::from_str(dn).unwrap()
    });
    let signer = p256::ecdsa::SigningKey::from(issuer.map_or(key, |(_, k)| k));
    let utc = |t: time::OffsetDateTime| {
        x509_cert::time::Time::UtcTime(
            der::asn1::UtcTime::from_unix_duration(std::time::Duration::from_secs(
                t.unix_timestamp() as u64,
            ))
            .unwrap(),
        )
    };
    let validity = x509_cert::time::Validity {
        not_before: utc(from),
        not_after: utc(from + time::Duration::days(365)),
    };
    let profile = Profile::Leaf {
        issuer: issuer_name,
        enable_key_agreement: false,
        enable_key_encipherment: false,
        include_subject_key_identifier: true,
    };
    let spki = spki::SubjectPublicKeyInfoOwned::from_key(key.public_key()).unwrap();
    let serial =
        x509_cert::serial_number::SerialNumber::new(&[0x11, OsRng.next_u32() as u8]).unwrap();
    let builder = CertificateBuilder::new(profile, serial, validity, name, spki, &signer).unwrap();
    let cert = builder.build::<p256::ecdsa::DerSignature>().unwrap();
    Certificate::from_der(&der::Encode::to_der(&cert).unwrap()).unwrap()
}

/// The shared generators (the end-to-end tests use them too) make only valid identifiers.
#[test]
fn random_identifiers_are_valid() {
    for _ in 0..2000 {
        nip().parse::<ksef_core::ident::Nip>().unwrap();
        pesel().parse::<ksef_core::ident::Pesel>().unwrap();
    }
}

/// CI sets `KLUCZNIK_REQUIRE_TOOLS`: then every answer must be checked against open-api.json.
#[test]
fn responses_are_checked_against_the_spec_when_required() {
    if std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_some() {
        assert!(spec_checked(), "open-api.json could not be read");
    }
}
