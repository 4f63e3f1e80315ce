//! Calls to KSeF through the relay. Every failure becomes a [`KsefError`] with a message: KSeF's
//! error bodies in any shape, no answer at all (status 0), or no answer in time.

// KsefError is large, but errors are rare next to a network round trip: no boxing.
#![allow(clippy::result_large_err)]

use futures::future::{select, Either};
use gloo_net::http::{Request, RequestBuilder};
use ksef_core::api::auth::*;
use ksef_core::api::security::PublicKeyCertificate;
use ksef_core::error::KsefError;
use serde::de::DeserializeOwned;

/// Longer than KSeF ever takes to answer, short enough for a person to wait; and longer than
/// the relay's own 30 s upstream timeout, so a slow KSeF shows as the relay's 504, and only a
/// relay that does not answer at all ends here.
const TIMEOUT_MS: u32 = 35_000;

pub enum Body {
    None,
    Json(String),
    Xml(String),
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen::prelude::wasm_bindgen(js_namespace = console, js_name = warn)]
    fn console_warn(text: &str);
}

/// No HTTP answer at all (status 0): the browser did not reach the relay (offline, the relay is
/// down or its address is wrong), so neither the relay nor KSeF said anything. The browser's
/// own words ("TypeError: Failed to fetch") help a developer, not the user: console only.
fn network(detail: &str) -> KsefError {
    if cfg!(target_arch = "wasm32") {
        console_warn(&format!("Klucznik: no answer from the relay: {detail}"));
    }
    KsefError::default()
}

fn builder(method: &str, url: &str) -> RequestBuilder {
    match method {
        "GET" => Request::get(url),
        "DELETE" => Request::delete(url),
        _ => Request::post(url),
    }
}

/// Sends one request; returns the body of a 2xx answer.
async fn send(
    method: &str,
    url: &str,
    bearer: Option<&str>,
    body: Body,
    continuation: Option<&str>,
) -> Result<Vec<u8>, KsefError> {
    let mut b = builder(method, url).header("X-Error-Format", "problem-details");
    if let Some(t) = bearer {
        b = b.header("Authorization", &format!("Bearer {t}"));
    }
    if let Some(c) = continuation {
        b = b.header("x-continuation-token", c);
    }
    let request = match body {
        Body::None => b.build(),
        Body::Json(j) => b.header("Content-Type", "application/json").body(j),
        Body::Xml(x) => b.header("Content-Type", "application/xml").body(x),
    }
    .map_err(|e| network(&e.to_string()))?;
    let timeout = gloo_timers::future::TimeoutFuture::new(TIMEOUT_MS);
    let resp = match select(Box::pin(request.send()), timeout).await {
        Either::Left((r, _)) => r.map_err(|e| network(&e.to_string()))?,
        Either::Right(_) => return Err(network("timeout")),
    };
    let status = resp.status();
    let bytes = resp.binary().await.map_err(|e| network(&e.to_string()))?;
    if (200..300).contains(&status) {
        return Ok(bytes);
    }
    Err(KsefError::from_response(
        status,
        &bytes,
        resp.headers().get("retry-after").as_deref(),
    ))
}

fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, KsefError> {
    serde_json::from_slice(bytes).map_err(|e| KsefError {
        descriptions: vec![format!("KSeF answered in an unexpected format: {e}")],
        ..KsefError::default()
    })
}

async fn json<T: DeserializeOwned>(
    method: &str,
    url: String,
    bearer: Option<&str>,
    body: Body,
) -> Result<T, KsefError> {
    parse(&send(method, &url, bearer, body, None).await?)
}

/// Runs `call`; after a 429 waits `Retry-After` (telling `on_wait` each second left) and
/// retries once, as KSeF asks clients to.
pub async fn with_retry<T, F, Fut>(call: F, on_wait: impl Fn(u64)) -> Result<T, KsefError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, KsefError>>,
{
    match call().await {
        Err(e) if e.http_status == 429 => {
            let wait = e.retry_after.unwrap_or(1).clamp(1, 120);
            for left in (1..=wait).rev() {
                on_wait(left);
                gloo_timers::future::TimeoutFuture::new(1000).await;
            }
            on_wait(0);
            call().await
        }
        other => other,
    }
}

pub async fn challenge(base: &str) -> Result<ChallengeResponse, KsefError> {
    json("POST", format!("{base}/auth/challenge"), None, Body::None).await
}

pub async fn public_keys(base: &str) -> Result<Vec<PublicKeyCertificate>, KsefError> {
    json(
        "GET",
        format!("{base}/security/public-key-certificates"),
        None,
        Body::None,
    )
    .await
}

pub async fn submit_xades(
    base: &str,
    xml: String,
) -> Result<AuthenticationInitResponse, KsefError> {
    json(
        "POST",
        format!("{base}/auth/xades-signature"),
        None,
        Body::Xml(xml),
    )
    .await
}

pub async fn submit_token(
    base: &str,
    req: &InitTokenAuthenticationRequest,
) -> Result<AuthenticationInitResponse, KsefError> {
    let body = serde_json::to_string(req).expect("our types serialise");
    json(
        "POST",
        format!("{base}/auth/ksef-token"),
        None,
        Body::Json(body),
    )
    .await
}

pub async fn status(
    base: &str,
    reference: &str,
    auth: &str,
) -> Result<AuthenticationOperationStatusResponse, KsefError> {
    json(
        "GET",
        format!("{base}/auth/{reference}"),
        Some(auth),
        Body::None,
    )
    .await
}

pub async fn redeem(base: &str, auth: &str) -> Result<AuthenticationTokensResponse, KsefError> {
    json(
        "POST",
        format!("{base}/auth/token/redeem"),
        Some(auth),
        Body::None,
    )
    .await
}

pub async fn refresh(
    base: &str,
    refresh: &str,
) -> Result<AuthenticationTokenRefreshResponse, KsefError> {
    json(
        "POST",
        format!("{base}/auth/token/refresh"),
        Some(refresh),
        Body::None,
    )
    .await
}

pub async fn sessions(
    base: &str,
    access: &str,
    continuation: Option<&str>,
) -> Result<AuthenticationListResponse, KsefError> {
    parse(
        &send(
            "GET",
            &format!("{base}/auth/sessions?pageSize=10"),
            Some(access),
            Body::None,
            continuation,
        )
        .await?,
    )
}

/// Ends the current session (`None`) or another one.
pub async fn end_session(
    base: &str,
    access: &str,
    reference: Option<&str>,
) -> Result<(), KsefError> {
    let which = reference.unwrap_or("current");
    send(
        "DELETE",
        &format!("{base}/auth/sessions/{which}"),
        Some(access),
        Body::None,
        None,
    )
    .await
    .map(|_| ())
}

/// Filters of `GET /tokens`; empty strings are left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenFilter {
    pub status: Option<ksef_core::api::tokens::TokenStatus>,
    pub description: String,
    pub author: String,
}

pub async fn tokens(
    base: &str,
    access: &str,
    filter: &TokenFilter,
    continuation: Option<&str>,
) -> Result<ksef_core::api::tokens::QueryTokensResponse, KsefError> {
    let mut query = vec!["pageSize=10".to_string()];
    if let Some(s) = filter.status {
        query.push(format!("status={}", s.as_str()));
    }
    for (name, value) in [
        ("description", &filter.description),
        ("authorIdentifier", &filter.author),
    ] {
        if !value.trim().is_empty() {
            query.push(format!(
                "{name}={}",
                String::from(js_sys::encode_uri_component(value.trim()))
            ));
        }
    }
    let url = format!("{base}/tokens?{}", query.join("&"));
    parse(&send("GET", &url, Some(access), Body::None, continuation).await?)
}

pub async fn generate_token(
    base: &str,
    access: &str,
    req: &ksef_core::api::tokens::GenerateTokenRequest,
) -> Result<ksef_core::api::tokens::GenerateTokenResponse, KsefError> {
    let body = serde_json::to_string(req).expect("our types serialise");
    json(
        "POST",
        format!("{base}/tokens"),
        Some(access),
        Body::Json(body),
    )
    .await
}

pub async fn revoke_token(base: &str, access: &str, reference: &str) -> Result<(), KsefError> {
    send(
        "DELETE",
        &format!("{base}/tokens/{reference}"),
        Some(access),
        Body::None,
        None,
    )
    .await
    .map(|_| ())
}

/// The permissions the logged-in subject holds in `context`, every page of
/// `POST /permissions/query/personal/grants` (KSeF's access token does not list them).
pub async fn held_permissions(
    base: &str,
    access: &str,
    context: &ksef_core::context::ApiContextIdentifier,
) -> Result<Vec<ksef_core::permissions::Permission>, KsefError> {
    use ksef_core::api::permissions::*;
    let req = PersonalPermissionsQueryRequest {
        context_identifier: Some(context.clone()),
        permission_state: Some(PermissionState::Active),
        ..Default::default()
    };
    let body = serde_json::to_string(&req).expect("our types serialise");
    let mut held = Vec::new();
    // KSeF pages by offset; 100 is its largest page, and a subject rarely has more.
    for page in 0.. {
        let url =
            format!("{base}/permissions/query/personal/grants?pageOffset={page}&pageSize=100");
        let r: QueryPersonalPermissionsResponse =
            parse(&send("POST", &url, Some(access), Body::Json(body.clone()), None).await?)?;
        held.extend(r.held_in(context));
        if !r.has_more {
            break;
        }
    }
    held.sort();
    held.dedup();
    Ok(held)
}

pub mod certificates {
    //! `/certificates/*`.
    use ksef_core::api::certificates::*;
    use ksef_core::error::KsefError;

    use super::{json, send, Body};

    pub async fn limits(base: &str, access: &str) -> Result<CertificateLimitsResponse, KsefError> {
        json(
            "GET",
            format!("{base}/certificates/limits"),
            Some(access),
            Body::None,
        )
        .await
    }

    pub async fn enrollment_data(
        base: &str,
        access: &str,
    ) -> Result<CertificateEnrollmentDataResponse, KsefError> {
        json(
            "GET",
            format!("{base}/certificates/enrollments/data"),
            Some(access),
            Body::None,
        )
        .await
    }

    pub async fn enroll(
        base: &str,
        access: &str,
        req: &EnrollCertificateRequest,
    ) -> Result<EnrollCertificateResponse, KsefError> {
        let body = serde_json::to_string(req).expect("our types serialise");
        json(
            "POST",
            format!("{base}/certificates/enrollments"),
            Some(access),
            Body::Json(body),
        )
        .await
    }

    pub async fn enrollment(
        base: &str,
        access: &str,
        reference: &str,
    ) -> Result<CertificateEnrollmentStatusResponse, KsefError> {
        json(
            "GET",
            format!("{base}/certificates/enrollments/{reference}"),
            Some(access),
            Body::None,
        )
        .await
    }

    pub async fn retrieve(
        base: &str,
        access: &str,
        serial: &str,
    ) -> Result<RetrieveCertificatesResponse, KsefError> {
        let body = serde_json::json!({ "certificateSerialNumbers": [serial] }).to_string();
        json(
            "POST",
            format!("{base}/certificates/retrieve"),
            Some(access),
            Body::Json(body),
        )
        .await
    }

    pub async fn query(
        base: &str,
        access: &str,
        filter: &QueryCertificatesRequest,
        page: u32,
    ) -> Result<QueryCertificatesResponse, KsefError> {
        let body = serde_json::to_string(filter).expect("our types serialise");
        json(
            "POST",
            format!("{base}/certificates/query?pageSize=10&pageOffset={page}"),
            Some(access),
            Body::Json(body),
        )
        .await
    }

    pub async fn revoke(
        base: &str,
        access: &str,
        serial: &str,
        reason: RevocationReason,
    ) -> Result<(), KsefError> {
        let body = serde_json::to_string(&RevokeCertificateRequest {
            revocation_reason: Some(reason),
        })
        .expect("serialises");
        send(
            "POST",
            &format!("{base}/certificates/{serial}/revoke"),
            Some(access),
            Body::Json(body),
            None,
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use ksef_core::lang::{Lang, Localized};

    #[test]
    fn no_answer_blames_the_connection_to_the_relay_not_ksef() {
        let e = super::network("TypeError: Failed to fetch");
        assert_eq!(e.http_status, 0);
        let (pl, en) = (e.message(Lang::Pl), e.message(Lang::En));
        assert_eq!(
            pl,
            "Przeglądarka nie może połączyć się z przekaźnikiem – sprawdź połączenie z internetem i adres przekaźnika w Ustawieniach"
        );
        assert!(en.starts_with("The browser cannot reach the relay"), "{en}");
        for m in [&pl, &en] {
            assert!(!m.contains("KSeF") && !m.contains("TypeError") && !m.contains("network:"));
        }
    }
}
