//! What the login tests need besides the browser: identities, an outside signer (xmlsec1),
//! and a KSeF token made through the relay as another client would.
#![allow(dead_code)]

mod drive;
#[path = "../../../crates/ksef-core/tests/support/random_ids.rs"]
mod random_ids;
#[path = "../../../crates/ksef-core/tests/support/xmlsec_sign.rs"]
pub mod xmlsec_sign;
pub use random_ids::nip;

use ksef_core::api::certificates::EnrollCertificateRequest;
use ksef_core::api::tokens::GenerateTokenRequest;
use ksef_core::context::{ContextIdentifier, ContextType};
use ksef_core::flow::enroll::{EnrollNeed, EnrollOutcome, Enrollment};
use ksef_core::flow::login::{Login, LoginNeed};
use ksef_core::flow::token::{TokenGeneration, TokenOutcome};
use ksef_core::flow::Step;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::permissions::Permission;
use ksef_core::test_cert::{self_signed, TestIdentity};
use rand_core::{OsRng, RngCore};
use serde_json::{json, Value};

pub fn person(nip: &str) -> TestIdentity {
    TestIdentity::PersonNip {
        given_name: "Anna".into(),
        surname: "Testowa".into(),
        nip: nip.parse().unwrap(),
    }
}

pub fn key_and_cert(nip: &str) -> (PrivateKey, ksef_core::certificate::Certificate) {
    let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
    let cert = self_signed(
        &person(nip),
        &key,
        time::OffsetDateTime::now_utc(),
        &mut OsRng,
    )
    .unwrap();
    (key, cert)
}

pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("e2e-{name}-{}", OsRng.next_u32()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Signs `unsigned` with xmlsec1 as an outside tool would (C# SDK shape).
pub fn sign_outside(
    unsigned: &str,
    key: &PrivateKey,
    cert: &ksef_core::certificate::Certificate,
    dir: &std::path::Path,
) -> String {
    let time = ksef_core::datetime::format_ksef(
        time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
    );
    xmlsec_sign::sign(
        unsigned,
        key,
        cert,
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
        &time,
        dir,
    )
}

/// A KSeF API client through the relay's `/sim/v2`, standing in for another program.
pub struct Api {
    pub base: String,
    http: reqwest::Client,
    /// The clock the flow machines run on.
    epoch: std::time::Instant,
}

impl Api {
    pub fn new(relay: &klucznik_e2e::Relay) -> Api {
        Api {
            base: relay.url("/sim/v2"),
            http: reqwest::Client::new(),
            epoch: std::time::Instant::now(),
        }
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        bearer: Option<&str>,
        body: Option<String>,
        xml: bool,
    ) -> (u16, Value) {
        let mut r = self
            .http
            .request(method.parse().unwrap(), format!("{}{path}", self.base))
            .header("origin", self.base.split("/sim").next().unwrap());
        if let Some(b) = bearer {
            r = r.bearer_auth(b);
        }
        if let Some(b) = body {
            r = r
                .header(
                    "content-type",
                    if xml {
                        "application/xml"
                    } else {
                        "application/json"
                    },
                )
                .body(b);
        }
        let resp = r.send().await.unwrap();
        let status = resp.status().as_u16();
        let bytes = resp.bytes().await.unwrap_or_default();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    /// Logs in as the owner of `nip` (self-signed certificate) and returns the access token.
    pub async fn owner_access(&self, nip: &str) -> String {
        self.access_as(nip, nip).await
    }

    /// Whether the person whose NIP is `subject` can log in to the context `nip` (KSeF ends a
    /// login without a permission there with status 415).
    pub async fn can_log_in(&self, subject: &str, nip: &str) -> bool {
        let (key, cert) = key_and_cert(subject);
        let mut login = Login::xades();
        let challenge = match self.drive(&mut login).await {
            Step::Need(LoginNeed::SignedXml { challenge }) => challenge.challenge,
            other => panic!("login before signing: {other:?}"),
        };
        let req = ksef_core::auth_xml::AuthTokenRequest::new(
            challenge.parse().unwrap(),
            ContextIdentifier::parse(ContextType::Nip, nip).unwrap(),
        );
        let now = time::OffsetDateTime::now_utc();
        login.signed(ksef_core::xades::sign(&req, &key, &cert, now));
        match self.drive(&mut login).await {
            Step::Done(_) => true,
            Step::Failed(ksef_core::flow::Failure::AuthStatus { code: 415, .. }) => false,
            other => panic!("login: {other:?}"),
        }
    }

    /// Logs in to the context `nip` as the person whose NIP is `subject`.
    pub async fn access_as(&self, subject: &str, nip: &str) -> String {
        let (key, cert) = key_and_cert(subject);
        let mut login = Login::xades();
        let challenge = match self.drive(&mut login).await {
            Step::Need(LoginNeed::SignedXml { challenge }) => challenge.challenge,
            other => panic!("login before signing: {other:?}"),
        };
        let req = ksef_core::auth_xml::AuthTokenRequest::new(
            challenge.parse().unwrap(),
            ContextIdentifier::parse(ContextType::Nip, nip).unwrap(),
        );
        login.signed(ksef_core::xades::sign(
            &req,
            &key,
            &cert,
            time::OffsetDateTime::now_utc(),
        ));
        match self.drive(&mut login).await {
            Step::Done(l) => l.tokens.access_token.token,
            other => panic!("login: {other:?}"),
        }
    }

    /// What KSeF answers when `subject`, logged in to `nip`, asks for a token with `permission`
    /// (the error body as text).
    pub async fn token_refusal(&self, subject: &str, nip: &str, permission: &str) -> String {
        let access = self.access_as(subject, nip).await;
        let body = json!({"permissions": [permission], "description": "Ponad uprawnienia"});
        let (status, answer) = self
            .call(
                "POST",
                "/tokens",
                Some(&access),
                Some(body.to_string()),
                false,
            )
            .await;
        assert_eq!(status, 400, "{answer}");
        answer.to_string()
    }

    /// The owner of `client` lets the entity `office` handle its invoices (read and write,
    /// with delegation), as KSeF does it: a grant, then its operation until status 200.
    pub async fn grant_office(&self, client: &str, office: &str) {
        use ksef_core::api::permissions::*;
        use ksef_core::flow::operation::{OperationOutcome, PermissionOperation};
        let access = self.owner_access(client).await;
        let request = EntityPermissionsGrantRequest {
            subject_identifier: Identifier::new(NipKind::Nip, office),
            permissions: vec![
                EntityPermission::new(Permission::InvoiceRead, true),
                EntityPermission::new(Permission::InvoiceWrite, true),
            ],
            description: "Biuro rachunkowe e2e".into(),
            subject_details: EntityDetails::new("Biuro Rachunkowe e2e"),
        };
        let call = ksef_core::flow::Call::json("/permissions/entities/grants", &request);
        let mut op = PermissionOperation::start(call.bearer(&access));
        match self.drive(&mut op).await {
            Step::Done(OperationOutcome::Completed { .. }) => {}
            other => panic!("grant to the office: {other:?}"),
        }
    }

    /// The owner of `client` takes back every permission it gave the entity `office`.
    pub async fn withdraw_office(&self, client: &str, office: &str) {
        use ksef_core::flow::operation::{OperationOutcome, PermissionOperation};
        let access = self.owner_access(client).await;
        let query = json!({"queryType": "PermissionsInCurrentContext",
            "authorizedIdentifier": {"type": "Nip", "value": office}});
        let (status, list) = self
            .call(
                "POST",
                "/permissions/query/persons/grants?pageSize=100",
                Some(&access),
                Some(query.to_string()),
                false,
            )
            .await;
        assert_eq!(status, 200, "{list}");
        let ids: Vec<String> = list["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect();
        assert!(!ids.is_empty(), "{client} gave {office} nothing: {list}");
        for id in ids {
            let call = ksef_core::flow::Call::delete(format!("/permissions/common/grants/{id}"));
            let mut op = PermissionOperation::start(call.bearer(&access));
            match self.drive(&mut op).await {
                Step::Done(OperationOutcome::Completed { .. }) => {}
                other => panic!("withdrawing {id}: {other:?}"),
            }
        }
    }

    /// A new, active KSeF token for `nip`.
    pub async fn new_token(&self, nip: &str) -> String {
        let access = self.owner_access(nip).await;
        let request = GenerateTokenRequest {
            permissions: vec![Permission::InvoiceRead, Permission::InvoiceWrite],
            description: "Token do testu e2e".into(),
        };
        match self
            .drive(&mut TokenGeneration::new(&access, &request))
            .await
        {
            Step::Done(TokenOutcome::Active(t)) => t.token,
            other => panic!("token: {other:?}"),
        }
    }

    /// A certificate of `kind` issued by the simulator's CA to the owner of `nip`, with its key.
    pub async fn issued_certificate(
        &self,
        nip: &str,
        kind: &str,
    ) -> (PrivateKey, ksef_core::certificate::Certificate) {
        let access = self.owner_access(nip).await;
        let mut enrollment = Enrollment::new(&access);
        let data = match self.drive(&mut enrollment).await {
            Step::Need(EnrollNeed::Csr { data }) => data,
            other => panic!("enrollment data: {other:?}"),
        };
        let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut OsRng).unwrap();
        let csr = ksef_core::csr::build(&data, &key, &mut OsRng).unwrap();
        enrollment.csr(&EnrollCertificateRequest {
            certificate_name: "Kody QR e2e".into(),
            certificate_type: serde_json::from_value(json!(kind)).unwrap(),
            csr: csr.to_base64(),
            valid_from: None,
        });
        let issued = match self.drive(&mut enrollment).await {
            Step::Done(EnrollOutcome::Issued(c)) => c,
            other => panic!("enrollment: {other:?}"),
        };
        use base64::Engine;
        let der = base64::engine::general_purpose::STANDARD
            .decode(issued.certificate)
            .unwrap();
        (
            key,
            ksef_core::certificate::Certificate::from_bytes(&der).unwrap(),
        )
    }
}

/// Logs `browser` in with a KSeF-style certificate loaded in the tab (a signature login).
pub async fn login_with_certificate(browser: &fantoccini::Client, nip: &str) {
    login_as(browser, nip, nip).await;
}

/// Logs in to `context` with a certificate of the person whose NIP is `subject`.
pub async fn login_as(browser: &fantoccini::Client, subject: &str, context: &str) {
    submit_certificate_login(browser, subject, context).await;
    klucznik_e2e::text_of(browser, "#logged-in").await;
}

/// Fills and sends the certificate login form, for `subject` in `context`; the caller waits for
/// its outcome.
pub async fn submit_certificate_login(browser: &fantoccini::Client, subject: &str, context: &str) {
    use klucznik_e2e::{click, element};
    let dir = temp_dir("cert-login");
    let (key, cert) = key_and_cert(subject);
    let password = "Haslo-do-klucza-1!";
    let key_file = dir.join("ksef.key");
    std::fs::write(
        &key_file,
        ksef_core::keystore::encrypt_key(&key, password, &mut OsRng).unwrap(),
    )
    .unwrap();
    let cert_file = dir.join("ksef.crt");
    std::fs::write(&cert_file, cert.to_pem()).unwrap();
    click(browser, "#tab-certificate").await;
    element(browser, "#ctx-value")
        .await
        .send_keys(context)
        .await
        .unwrap();
    for (css, path) in [("#key-file", &key_file), ("#cert-file", &cert_file)] {
        let input = element(browser, css).await;
        input.send_keys(path.to_str().unwrap()).await.unwrap();
    }
    element(browser, "#key-password")
        .await
        .send_keys(password)
        .await
        .unwrap();
    click(browser, "#certificate-submit").await;
}

/// WebDriver's Set Permission, so the page may read the clipboard in headless Chromium.
#[derive(Debug)]
pub struct GrantPermission(pub &'static str);

impl fantoccini::wd::WebDriverCompatibleCommand for GrantPermission {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/permissions",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(format!(
                r#"{{"descriptor":{{"name":"{}"}},"state":"granted"}}"#,
                self.0
            )),
        )
    }
}

/// The key as an encrypted PKCS#8 DER file (what `openssl pkcs8 -topk8 -outform DER` writes):
/// the `.key` PEM's body, decoded.
pub fn pkcs8_der_encrypted(key: &PrivateKey, password: &str) -> Vec<u8> {
    let pem = ksef_core::keystore::encrypt_key(key, password, &mut OsRng).unwrap();
    let (label, der) = der::pem::decode_vec(pem.as_bytes()).unwrap();
    assert_eq!(label, "ENCRYPTED PRIVATE KEY");
    der
}

/// A Chrome DevTools command through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
pub struct Cdp(pub &'static str, pub Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"cmd": self.0, "params": self.1});
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Where the browser saves downloads (headless Chromium refuses them unless told where).
pub struct Downloads(std::path::PathBuf);

impl Downloads {
    pub async fn allow(browser: &fantoccini::Client) -> Downloads {
        let dir = temp_dir("downloads");
        let params = json!({"behavior": "allow", "downloadPath": dir.to_str().unwrap()});
        browser
            .issue_cmd(Cdp("Browser.setDownloadBehavior", params))
            .await
            .unwrap();
        Downloads(dir)
    }

    /// The first saved file whose name starts with `prefix` (up to 20 s), once it is complete:
    /// its name and bytes.
    pub async fn first_named(&self, prefix: &str) -> (String, Vec<u8>) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let found = std::fs::read_dir(&self.0).unwrap().flatten().find(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                name.starts_with(prefix) && !name.ends_with(".crdownload")
            });
            if let Some(e) = found {
                // Chromium may show the file before its bytes are in: wait until it has some
                // and they stop changing.
                let first = std::fs::read(e.path()).unwrap_or_default();
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                let then = std::fs::read(e.path()).unwrap_or_default();
                if !then.is_empty() && then == first {
                    return (e.file_name().to_string_lossy().to_string(), then);
                }
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no {prefix}* was saved"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }

    /// The files' contents once every one of `names` is saved (up to 20 s), in that order;
    /// fails naming what the folder holds instead.
    pub async fn wait_for(&self, names: &[&str]) -> Vec<Vec<u8>> {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let saved: Vec<_> = names
                .iter()
                .map(|n| std::fs::read(self.0.join(n)))
                .collect();
            if saved.iter().all(Result::is_ok) {
                return saved.into_iter().map(Result::unwrap).collect();
            }
            if std::time::Instant::now() > deadline {
                let held: Vec<String> = std::fs::read_dir(&self.0)
                    .unwrap()
                    .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect();
                panic!("expected downloads {names:?}, the folder holds {held:?}");
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

/// ChromeDriver's network emulation (CDP `Network.emulateNetworkConditions` underneath): offline,
/// so `navigator.onLine` turns false as on a real outage, or a throttled line.
#[derive(Debug)]
pub struct NetworkConditions {
    pub offline: bool,
    pub latency_ms: u64,
    /// Bytes per second; 0 = not throttled.
    pub down: u64,
    pub up: u64,
}

impl NetworkConditions {
    pub const OFFLINE: NetworkConditions = NetworkConditions {
        offline: true,
        latency_ms: 0,
        down: 0,
        up: 0,
    };
}

impl fantoccini::wd::WebDriverCompatibleCommand for NetworkConditions {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/chromium/network_conditions",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"network_conditions": {
            "offline": self.offline,
            "latency": self.latency_ms,
            "download_throughput": self.down,
            "upload_throughput": self.up,
        }});
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Waits (up to 20 s) until the asynchronous `script` calls back with `true`.
pub async fn eventually(browser: &fantoccini::Client, script: &str) {
    for _ in 0..200 {
        let v = browser.execute_async(script, vec![]).await.unwrap();
        if v == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("never true: {script}");
}

/// Waits until the service worker controls the page and has cached the app, key worker
/// included: from then on the app opens offline.
pub async fn until_cached_for_offline(browser: &fantoccini::Client) {
    eventually(
        browser,
        "const done = arguments[0]; done(!!navigator.serviceWorker.controller);",
    )
    .await;
    eventually(
        browser,
        "const done = arguments[0]; caches.open('klucznik-v1').then(c => c.match('/keygen-worker_bg.wasm')).then(r => done(!!r), () => done(false));",
    )
    .await;
}
