#![no_main]
//! KSeF's answers: the same bytes as every response body we read and as an error body.
use ksef_core::api::{auth, certificates, limits, permissions, security, tokens};
use ksef_core::error::KsefError;
use ksef_core::lang::{Lang, Localized};
use libfuzzer_sys::fuzz_target;

/// Parses `data` as `T` and, when that works, writes it back (the custom date and list
/// serialisers run too); neither may panic.
fn answer<T: serde::de::DeserializeOwned + serde::Serialize>(data: &[u8]) {
    if let Ok(v) = serde_json::from_slice::<T>(data) {
        let _ = serde_json::to_vec(&v);
    }
}

fuzz_target!(|data: &[u8]| {
    answer::<auth::ChallengeResponse>(data);
    answer::<auth::AuthenticationInitResponse>(data);
    answer::<auth::AuthenticationOperationStatusResponse>(data);
    answer::<auth::AuthenticationTokensResponse>(data);
    answer::<auth::AuthenticationTokenRefreshResponse>(data);
    answer::<auth::AuthenticationListResponse>(data);
    answer::<certificates::CertificateLimitsResponse>(data);
    answer::<certificates::CertificateEnrollmentDataResponse>(data);
    answer::<certificates::EnrollCertificateResponse>(data);
    answer::<certificates::CertificateEnrollmentStatusResponse>(data);
    answer::<certificates::RetrieveCertificatesResponse>(data);
    answer::<certificates::QueryCertificatesResponse>(data);
    answer::<limits::EffectiveSubjectLimits>(data);
    answer::<limits::EffectiveApiRateLimits>(data);
    answer::<limits::EffectiveContextLimits>(data);
    answer::<permissions::QueryPersonalPermissionsResponse>(data);
    answer::<Vec<security::PublicKeyCertificate>>(data);
    answer::<tokens::GenerateTokenResponse>(data);
    answer::<tokens::TokenStatusResponse>(data);
    answer::<tokens::QueryTokensResponse>(data);
    // Error bodies; the whole input doubles as a `Retry-After` value.
    let retry = std::str::from_utf8(data).ok();
    for (status, retry) in [(400, None), (403, None), (429, retry), (503, None)] {
        let e = KsefError::from_response(status, data, retry);
        let _ = (e.code(), e.message(Lang::Pl), e.message(Lang::En));
    }
});
