//! `GET /limits/subject` and `GET /rate-limits`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_enrollments: Option<i32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateCountLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_certificates: Option<i32>,
}

/// `GET /limits/subject` → 200.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveSubjectLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrollment: Option<EnrollmentLimits>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateCountLimits>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitValues {
    pub per_second: i32,
    pub per_minute: i32,
    pub per_hour: i32,
}

/// `GET /rate-limits` → 200 (and the body of `POST /testdata/rate-limits` under `rateLimits`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveApiRateLimits {
    pub online_session: RateLimitValues,
    pub batch_session: RateLimitValues,
    pub invoice_send: RateLimitValues,
    pub invoice_status: RateLimitValues,
    pub session_list: RateLimitValues,
    pub session_invoice_list: RateLimitValues,
    pub session_misc: RateLimitValues,
    pub invoice_metadata: RateLimitValues,
    pub invoice_export: RateLimitValues,
    pub invoice_export_status: RateLimitValues,
    pub invoice_download: RateLimitValues,
    pub other: RateLimitValues,
}
