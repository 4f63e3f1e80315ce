//! Key pair, CSR and encrypted key file, made off the UI thread in a Web Worker.
//!
//! RSA keys come from WebCrypto `generateKey` (about ten times faster than Rust in wasm) and
//! are exported as PKCS#8 into ksef-core; where SubtleCrypto is missing the `rsa` crate does it.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use ksef_core::api::certificates::CertificateEnrollmentDataResponse;
use ksef_core::keys::{KeyAlgorithm, PrivateKey};
use ksef_core::lang::{Lang, Localized};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::i18n::texts;

#[derive(Clone, Serialize, Deserialize)]
pub struct KeygenRequest {
    pub alg: KeyAlgorithm,
    /// When present, a CSR for this subject is built too.
    pub enrollment: Option<CertificateEnrollmentDataResponse>,
    /// The `.key` file password; stays inside the tab (worker memory), zeroized after use.
    pub password: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    GeneratingKey,
    BuildingCsr,
    EncryptingKey,
}

impl Stage {
    pub fn label(self, lang: Lang) -> &'static str {
        let t = texts(lang);
        match self {
            Stage::GeneratingKey => t.worker.generating_key,
            Stage::BuildingCsr => t.worker.building_csr,
            Stage::EncryptingKey => t.worker.encrypting_key,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KeygenResult {
    /// PEM `ENCRYPTED PRIVATE KEY`, ready to save as `<name>.key`.
    pub key_pem: String,
    pub csr_base64: Option<String>,
    pub public_key_der: Vec<u8>,
    pub used_webcrypto: bool,
    pub keygen_ms: f64,
    pub csr_ms: f64,
    pub encrypt_ms: f64,
}

/// A KSeF token login's encrypted token: `token|timestamp` under KSeF's RSA key (OAEP-SHA256).
/// In the worker so the page's wasm carries no RSA, big-number or X.509 code.
#[derive(Clone, Serialize, Deserialize)]
pub struct TokenEncryptRequest {
    /// The whole KSeF token, secret included; stays inside the tab (worker memory).
    pub token: String,
    /// The challenge's timestamp.
    pub timestamp_ms: i64,
    pub keys: Vec<ksef_core::api::security::PublicKeyCertificate>,
    /// Seconds since the epoch: picks a key valid now.
    pub now_unix: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EncryptedToken {
    pub encrypted: String,
    pub key_id: String,
}

/// A QR code drawn as PNG and SVG with its caption (the QR encoder, PNG and deflate live in the
/// worker only).
#[derive(Clone, Serialize, Deserialize)]
pub struct QrRenderRequest {
    pub text: String,
    pub label: String,
}

/// What the certificate details show, read from a DER certificate in the worker (the X.509
/// parser stays out of the page's wasm).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CertificateFacts {
    pub der: Vec<u8>,
    pub pem: String,
    pub serial_hex: String,
    /// `YYYY-MM-DD`.
    pub not_before: String,
    pub not_after: String,
    /// SHA-256, as KSeF writes it.
    pub fingerprint: String,
    pub subject: String,
}

/// What the page asks the worker for: everything that is slow or heavy stays off the UI thread.
#[derive(Clone, Serialize, Deserialize)]
pub enum WorkerRequest {
    Keygen(KeygenRequest),
    Preflight(crate::signing::PreflightRequest),
    Sign(crate::signing::SignRequest),
    P12(crate::signing::P12Request),
    TestCert(crate::signing::TestCertRequest),
    QrLoad(crate::qr_signing::QrLoadRequest),
    QrSign(crate::qr_signing::QrSignRequest),
    QrForget,
    EncryptToken(TokenEncryptRequest),
    QrRender(QrRenderRequest),
    /// A DER certificate to read.
    CertificateFacts(Vec<u8>),
    /// Answered as soon as the worker runs: the page marks the moment (`klucznik-worker-ready`).
    Ready,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum KeygenEvent {
    Stage(Stage),
    Done(KeygenResult),
    Preflight(crate::signing::PreflightSummary),
    Signed(crate::signing::Signed),
    /// Base64 of a `.p12` file.
    P12(String),
    TestCert(crate::signing::TestCert),
    QrSigner(crate::qr_signing::QrSigner),
    /// A signed code II link.
    QrSigned(String),
    QrForgotten,
    EncryptedToken(EncryptedToken),
    QrImage(ksef_core::qr::QrImage),
    CertificateFacts(CertificateFacts),
    /// The answer to [`WorkerRequest::Ready`].
    Ready,
    /// Polish and English message.
    Failed(String, String),
}

pub struct KeygenWorker;

/// JSON between the page and the worker: the API types skip empty fields, which bincode
/// (gloo-worker's default) cannot read back.
pub struct JsonCodec;

impl gloo_worker::Codec for JsonCodec {
    fn encode<I: Serialize>(input: I) -> wasm_bindgen::JsValue {
        wasm_bindgen::JsValue::from_str(
            &serde_json::to_string(&input).expect("our types serialise"),
        )
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: wasm_bindgen::JsValue) -> O {
        serde_json::from_str(&input.as_string().unwrap_or_default())
            .expect("the other side sent our types")
    }
}

impl Worker for KeygenWorker {
    type Message = ();
    type Input = WorkerRequest;
    type Output = KeygenEvent;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        KeygenWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, req: WorkerRequest, id: HandlerId) {
        let scope = scope.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let event = match req {
                WorkerRequest::Keygen(req) => {
                    match run(req, |stage| scope.respond(id, KeygenEvent::Stage(stage))).await {
                        Ok(result) => KeygenEvent::Done(result),
                        Err(e) => KeygenEvent::Failed(e.message(Lang::Pl), e.message(Lang::En)),
                    }
                }
                WorkerRequest::Preflight(req) => {
                    KeygenEvent::Preflight(crate::signing::preflight(&req))
                }
                WorkerRequest::Sign(req) => match crate::signing::sign(req) {
                    Ok(signed) => KeygenEvent::Signed(signed),
                    Err((pl, en)) => KeygenEvent::Failed(pl, en),
                },
                WorkerRequest::TestCert(req) => match crate::signing::test_cert(req) {
                    Ok(c) => KeygenEvent::TestCert(c),
                    Err((pl, en)) => KeygenEvent::Failed(pl, en),
                },
                WorkerRequest::P12(req) => match crate::signing::export_p12(req) {
                    Ok(p12) => KeygenEvent::P12(p12),
                    Err((pl, en)) => KeygenEvent::Failed(pl, en),
                },
                WorkerRequest::QrLoad(req) => match crate::qr_signing::load_signer(req) {
                    Ok(s) => KeygenEvent::QrSigner(s),
                    Err((pl, en)) => KeygenEvent::Failed(pl, en),
                },
                WorkerRequest::QrSign(req) => match crate::qr_signing::sign_code2(req) {
                    Ok(url) => KeygenEvent::QrSigned(url),
                    Err((pl, en)) => KeygenEvent::Failed(pl, en),
                },
                WorkerRequest::QrForget => {
                    crate::qr_signing::forget_signer();
                    KeygenEvent::QrForgotten
                }
                WorkerRequest::EncryptToken(req) => match encrypt_token(req) {
                    Ok(t) => KeygenEvent::EncryptedToken(t),
                    Err(e) => KeygenEvent::Failed(e.message(Lang::Pl), e.message(Lang::En)),
                },
                WorkerRequest::QrRender(req) => {
                    match ksef_core::qr::render(&req.text, &req.label) {
                        Ok(image) => KeygenEvent::QrImage(image),
                        Err(e) => KeygenEvent::Failed(e.message(Lang::Pl), e.message(Lang::En)),
                    }
                }
                WorkerRequest::CertificateFacts(der) => match certificate_facts(der) {
                    Ok(facts) => KeygenEvent::CertificateFacts(facts),
                    Err(e) => KeygenEvent::Failed(e.message(Lang::Pl), e.message(Lang::En)),
                },
                WorkerRequest::Ready => KeygenEvent::Ready,
            };
            scope.respond(id, event);
        });
    }
}

/// Runs in the worker: parses the token again there (its secret never reaches the page's
/// answer) and encrypts it with the key valid at `now_unix`.
fn encrypt_token(req: TokenEncryptRequest) -> Result<EncryptedToken, Box<dyn Localized>> {
    let token = Zeroizing::new(req.token);
    let token: ksef_core::ksef_token::KsefToken = token
        .parse()
        .map_err(|e| Box::new(e) as Box<dyn Localized>)?;
    let now = time::OffsetDateTime::from_unix_timestamp(req.now_unix)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let (encrypted, key_id) = ksef_core::token_crypto::encrypt(
        &token,
        req.timestamp_ms,
        &req.keys,
        now,
        &mut rand_core::OsRng,
    )
    .map_err(|e| Box::new(e) as Box<dyn Localized>)?;
    Ok(EncryptedToken { encrypted, key_id })
}

/// Runs in the worker; the error is explained in both languages.
fn certificate_facts(
    der: Vec<u8>,
) -> Result<CertificateFacts, ksef_core::certificate::CertificateError> {
    let c = ksef_core::certificate::Certificate::from_bytes(&der)?;
    Ok(CertificateFacts {
        pem: c.to_pem(),
        serial_hex: c.serial_hex(),
        not_before: c.not_before().date().to_string(),
        not_after: c.not_after().date().to_string(),
        fingerprint: c.fingerprint().to_string(),
        subject: c.subject(),
        der,
    })
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

async fn run(
    req: KeygenRequest,
    progress: impl Fn(Stage),
) -> Result<KeygenResult, Box<dyn Localized>> {
    let password = Zeroizing::new(req.password);
    progress(Stage::GeneratingKey);
    let t0 = now_ms();
    let (key, used_webcrypto) = generate(req.alg)
        .await
        .map_err(|e| Box::new(e) as Box<dyn Localized>)?;
    let t1 = now_ms();
    let csr_base64 = match &req.enrollment {
        Some(data) => {
            progress(Stage::BuildingCsr);
            let csr = ksef_core::csr::build(data, &key, &mut rand_core::OsRng)
                .map_err(|e| Box::new(e) as Box<dyn Localized>)?;
            Some(csr.to_base64())
        }
        None => None,
    };
    let t2 = now_ms();
    progress(Stage::EncryptingKey);
    let key_pem = ksef_core::keystore::encrypt_key(&key, &password, &mut rand_core::OsRng)
        .map_err(|e| Box::new(e) as Box<dyn Localized>)?;
    let t3 = now_ms();
    Ok(KeygenResult {
        key_pem,
        csr_base64,
        public_key_der: key.public_key_der(),
        used_webcrypto,
        keygen_ms: t1 - t0,
        csr_ms: t2 - t1,
        encrypt_ms: t3 - t2,
    })
}

/// EC in Rust (fast everywhere); RSA through WebCrypto when available.
async fn generate(alg: KeyAlgorithm) -> Result<(PrivateKey, bool), ksef_core::keys::KeyError> {
    if alg == KeyAlgorithm::Rsa2048 {
        if let Some(pkcs8) = crate::webcrypto::generate_rsa_pkcs8().await {
            return Ok((PrivateKey::from_pkcs8_der(&pkcs8)?, true));
        }
    }
    Ok((PrivateKey::generate(alg, &mut rand_core::OsRng)?, false))
}

/// Where Trunk puts the worker's loader (`data-loader-shim` on the worker's `<link>`).
pub const WORKER_LOADER: &str = "/keygen-worker_loader.js";

thread_local! {
    /// One long-lived worker: a fresh one would run its first keys in wasm's baseline tier.
    static WORKER: std::cell::RefCell<Option<gloo_worker::WorkerBridge<KeygenWorker>>> = const { std::cell::RefCell::new(None) };
}

/// Starts the worker ahead of need (e.g. when a page that makes keys opens).
pub fn warm_up() {
    use gloo_worker::Spawnable;
    let started = WORKER.with(|w| {
        let mut w = w.borrow_mut();
        let fresh = w.is_none();
        w.get_or_insert_with(|| {
            KeygenWorker::spawner()
                .encoding::<JsonCodec>()
                .spawn_with_loader(WORKER_LOADER)
        });
        fresh
    });
    if started {
        wasm_bindgen_futures::spawn_local(mark_when_ready());
    }
}

/// Sets the user-timing mark `klucznik-worker-ready` once the worker has answered for the first
/// time (`cargo xtask bench load` reads it; so can the browser's performance panel).
async fn mark_when_ready() {
    if let KeygenEvent::Ready = call_worker(WorkerRequest::Ready, |_| {}).await {
        if let Some(performance) = gloo_utils::window().performance() {
            let _ = performance.mark("klucznik-worker-ready");
        }
    }
}

/// Runs one request in the shared worker; `on_stage` sees each stage as the worker reaches it.
/// Returns the final event (anything but a stage).
pub async fn call_worker(req: WorkerRequest, on_stage: impl Fn(Stage) + 'static) -> KeygenEvent {
    let (tx, rx) = futures::channel::oneshot::channel();
    let tx = std::cell::RefCell::new(Some(tx));
    let callback = move |event| match event {
        KeygenEvent::Stage(s) => on_stage(s),
        done => {
            if let Some(tx) = tx.borrow_mut().take() {
                let _ = tx.send(done);
            }
        }
    };
    warm_up();
    // A forked bridge has its own handler id, so answers reach this request only.
    let bridge = WORKER.with(|w| w.borrow().as_ref().expect("warmed up").fork(Some(callback)));
    bridge.send(req);
    let result = rx.await.unwrap_or_else(|_| {
        KeygenEvent::Failed(
            texts(Lang::Pl).worker.stopped.into(),
            texts(Lang::En).worker.stopped.into(),
        )
    });
    drop(bridge);
    result
}

/// Key pair, CSR and key file in the worker.
pub async fn generate_in_worker(
    req: KeygenRequest,
    on_stage: impl Fn(Stage) + 'static,
) -> Result<KeygenResult, (String, String)> {
    match call_worker(WorkerRequest::Keygen(req), on_stage).await {
        KeygenEvent::Done(r) => Ok(r),
        KeygenEvent::Failed(pl, en) => Err((pl, en)),
        _ => Err((
            texts(Lang::Pl).worker.unexpected_answer.into(),
            texts(Lang::En).worker.unexpected_answer.into(),
        )),
    }
}

/// A KSeF token encrypted in the worker.
pub async fn encrypt_token_in_worker(
    req: TokenEncryptRequest,
) -> Result<EncryptedToken, (String, String)> {
    match call_worker(WorkerRequest::EncryptToken(req), |_| {}).await {
        KeygenEvent::EncryptedToken(t) => Ok(t),
        KeygenEvent::Failed(pl, en) => Err((pl, en)),
        other => Err(unexpected(&other)),
    }
}

/// A QR code image drawn in the worker.
pub async fn render_qr_in_worker(
    text: String,
    label: String,
) -> Result<ksef_core::qr::QrImage, (String, String)> {
    match call_worker(
        WorkerRequest::QrRender(QrRenderRequest { text, label }),
        |_| {},
    )
    .await
    {
        KeygenEvent::QrImage(image) => Ok(image),
        KeygenEvent::Failed(pl, en) => Err((pl, en)),
        other => Err(unexpected(&other)),
    }
}

/// A certificate read in the worker.
pub async fn certificate_facts_in_worker(
    der: Vec<u8>,
) -> Result<CertificateFacts, (String, String)> {
    match call_worker(WorkerRequest::CertificateFacts(der), |_| {}).await {
        KeygenEvent::CertificateFacts(facts) => Ok(facts),
        KeygenEvent::Failed(pl, en) => Err((pl, en)),
        other => Err(unexpected(&other)),
    }
}

/// An answer that belongs to another request: a bug, said so instead of a silent stop.
pub(crate) fn unexpected(event: &KeygenEvent) -> (String, String) {
    let name = event.name();
    (
        (texts(Lang::Pl).worker.unexpected_event)(name),
        (texts(Lang::En).worker.unexpected_event)(name),
    )
}

impl KeygenEvent {
    /// The variant's name, for messages about a mixed-up answer.
    pub fn name(&self) -> &'static str {
        match self {
            KeygenEvent::Stage(_) => "Stage",
            KeygenEvent::Done(_) => "Done",
            KeygenEvent::Preflight(_) => "Preflight",
            KeygenEvent::Signed(_) => "Signed",
            KeygenEvent::P12(_) => "P12",
            KeygenEvent::TestCert(_) => "TestCert",
            KeygenEvent::QrSigner(_) => "QrSigner",
            KeygenEvent::QrSigned(_) => "QrSigned",
            KeygenEvent::QrForgotten => "QrForgotten",
            KeygenEvent::EncryptedToken(_) => "EncryptedToken",
            KeygenEvent::QrImage(_) => "QrImage",
            KeygenEvent::CertificateFacts(_) => "CertificateFacts",
            KeygenEvent::Ready => "Ready",
            KeygenEvent::Failed(..) => "Failed",
        }
    }
}
