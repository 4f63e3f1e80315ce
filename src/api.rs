//! Calls to KSeF through the relay that are one request each: lists, revocations, queries.
//! Each is a `ksef_core::flow::single::Single` (429 waits and retries included) run by
//! [`crate::net`]; every failure is a typed [`Failure`]. Multi-step protocols (login, token,
//! enrollment) are machines of their own in `ksef_core::flow`.

use ksef_core::api::auth::*;
use ksef_core::flow::{Call, Failure};

use crate::net::{fetch, send};

pub mod permissions;

fn quiet(_: &ksef_core::flow::Waiting, _: u64) {}

/// `on_wait` hears a 429's countdown (the signed-file form shows it).
pub async fn challenge(
    base: &str,
    on_wait: &dyn Fn(&ksef_core::flow::Waiting, u64),
) -> Result<ChallengeResponse, Failure> {
    let call = Call::post("/auth/challenge", ksef_core::flow::Body::Empty);
    fetch(base, call, on_wait).await
}

pub async fn refresh(
    base: &str,
    refresh: &str,
) -> Result<AuthenticationTokenRefreshResponse, Failure> {
    fetch(
        base,
        Call::post("/auth/token/refresh", ksef_core::flow::Body::Empty).bearer(refresh),
        &quiet,
    )
    .await
}

pub async fn sessions(
    base: &str,
    access: &str,
    continuation: Option<&str>,
) -> Result<AuthenticationListResponse, Failure> {
    let mut call = Call::get("/auth/sessions?pageSize=10").bearer(access);
    call.continuation = continuation.map(str::to_string);
    fetch(base, call, &quiet).await
}

/// Ends the current session (`None`) or another one.
pub async fn end_session(base: &str, access: &str, reference: Option<&str>) -> Result<(), Failure> {
    let which = reference.unwrap_or("current");
    send(
        base,
        Call::delete(format!("/auth/sessions/{which}")).bearer(access),
    )
    .await
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
) -> Result<ksef_core::api::tokens::QueryTokensResponse, Failure> {
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
    let mut call = Call::get(format!("/tokens?{}", query.join("&"))).bearer(access);
    call.continuation = continuation.map(str::to_string);
    fetch(base, call, &quiet).await
}

/// Every token of the context, page by page (`GET /tokens` pages by continuation token).
pub async fn all_tokens(
    base: &str,
    access: &str,
) -> Result<Vec<ksef_core::api::tokens::TokenStatusResponse>, Failure> {
    let mut all = Vec::new();
    let mut continuation = None;
    // A context with more than 2,000 tokens is not one an overview needs to count exactly.
    for _ in 0..20 {
        let mut call = Call::get("/tokens?pageSize=100").bearer(access);
        call.continuation = continuation.take();
        let page: ksef_core::api::tokens::QueryTokensResponse = fetch(base, call, &quiet).await?;
        all.extend(page.tokens);
        match page.continuation_token {
            Some(next) => continuation = Some(next),
            None => break,
        }
    }
    Ok(all)
}

pub async fn revoke_token(base: &str, access: &str, reference: &str) -> Result<(), Failure> {
    send(
        base,
        Call::delete(format!("/tokens/{reference}")).bearer(access),
    )
    .await
}

/// The permissions the logged-in subject holds in `context`, every page of
/// `POST /permissions/query/personal/grants` (KSeF's access token does not list them).
pub async fn held_permissions(
    base: &str,
    access: &str,
    context: &ksef_core::context::ApiContextIdentifier,
) -> Result<Vec<ksef_core::permissions::Permission>, Failure> {
    use ksef_core::api::permissions::*;
    let req = PersonalPermissionsQueryRequest {
        context_identifier: Some(context.clone()),
        permission_state: Some(PermissionState::Active),
        ..Default::default()
    };
    let mut held = Vec::new();
    // KSeF pages by offset; 100 is its largest page, and a subject rarely has more.
    for page in 0.. {
        let path = format!("/permissions/query/personal/grants?pageOffset={page}&pageSize=100");
        let r: QueryPersonalPermissionsResponse =
            fetch(base, Call::json(path, &req).bearer(access), &quiet).await?;
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
    use ksef_core::flow::{Call, Failure};

    use super::quiet;
    use crate::net::{fetch, send};

    pub async fn limits(base: &str, access: &str) -> Result<CertificateLimitsResponse, Failure> {
        fetch(
            base,
            Call::get("/certificates/limits").bearer(access),
            &quiet,
        )
        .await
    }

    pub async fn enrollment_data(
        base: &str,
        access: &str,
    ) -> Result<CertificateEnrollmentDataResponse, Failure> {
        fetch(
            base,
            Call::get("/certificates/enrollments/data").bearer(access),
            &quiet,
        )
        .await
    }

    /// One certificate by its serial number.
    pub async fn retrieve(
        base: &str,
        access: &str,
        serial: &str,
    ) -> Result<RetrieveCertificatesResponse, Failure> {
        let body = RetrieveCertificatesRequest {
            certificate_serial_numbers: vec![serial.parse().map_err(|_| Failure::Unexpected {
                status: 200,
                detail: format!("serial {serial}"),
            })?],
        };
        fetch(
            base,
            Call::json("/certificates/retrieve", &body).bearer(access),
            &quiet,
        )
        .await
    }

    pub async fn query(
        base: &str,
        access: &str,
        filter: &QueryCertificatesRequest,
        page: u32,
    ) -> Result<QueryCertificatesResponse, Failure> {
        let path = format!("/certificates/query?pageSize=10&pageOffset={page}");
        fetch(base, Call::json(path, filter).bearer(access), &quiet).await
    }

    pub async fn revoke(
        base: &str,
        access: &str,
        serial: &str,
        reason: RevocationReason,
    ) -> Result<(), Failure> {
        let body = RevokeCertificateRequest {
            revocation_reason: Some(reason),
        };
        send(
            base,
            Call::json(format!("/certificates/{serial}/revoke"), &body).bearer(access),
        )
        .await
    }
}
