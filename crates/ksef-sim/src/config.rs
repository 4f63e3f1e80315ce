//! Switches where KSeF's behaviour is unknown or differs between environments (stricter choice by
//! default), delays of the asynchronous steps, and forced outcomes for tests. Changed at run time
//! with `POST /__sim/config` (a partial JSON object); forced faults on chosen endpoints are in
//! [`crate::faults`].

use serde::{Deserialize, Serialize};

use crate::faults::Fault;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Config {
    /// How long an authentication stays at status 100.
    pub auth_delay_ms: i64,
    /// How long a new KSeF token stays `Pending`.
    pub token_activation_ms: i64,
    /// How long an enrollment stays at status 100.
    pub enrollment_delay_ms: i64,
    /// How long a permission grant or revoke stays at status 100 (and takes effect after).
    pub permission_delay_ms: i64,
    /// A challenge is consumed by the first login that names it (stricter than documented).
    pub single_use_challenge: bool,
    /// A non-conforming XAdES profile is an error (TEST since 2.1.0); off = warning `sig-001`.
    pub strict_xades_profile: bool,
    /// Refuse SHA-1 anywhere in signatures (DEMO/PRD behaviour reported by users).
    pub reject_sha1: bool,
    /// TEST rule: a self-signed identity equal to the context NIP owns that context.
    pub self_signed_owner_rule: bool,
    /// Refuse token logins without `publicKeyId` (off: accept with a warning).
    pub require_public_key_id: bool,
    /// Take the client IP from `X-Forwarded-For` (behind a test relay).
    pub trust_forwarded_for: bool,
    /// Rate limits: `prd` (REF §9), `tiny` (2/s, for tests) or `off`.
    pub rate_limits: RateLimitMode,
    /// The next this many `/v2` requests answer 429 (Retry-After 1), whatever the limits.
    pub force_too_many: u32,
    /// The next this many `/v2` requests with a bearer token answer 403
    /// `security-service-blocked` (without `timestamp`, as KSeF's security layer sends it).
    pub force_security_block: u32,
    /// The next authentication ends with this status code (500, 550, …).
    pub force_auth_status: Option<i32>,
    /// New tokens end `Failed` with this detail.
    pub force_token_failure: Option<String>,
    /// The next permission grant or revoke ends with this status code (400, 420, 550, …) and
    /// changes nothing.
    pub force_permission_status: Option<i32>,
    /// New enrollments are rejected (status 400) with this detail.
    pub force_enrollment_failure: Option<String>,
    /// Token and certificate answers carry enum values no client knows yet, as a later KSeF
    /// release may send them (CIRFMF/ksef-api#866). Such answers are outside the 2.9.0 spec.
    pub future_values: bool,
    /// Forced faults on chosen endpoints ([`crate::faults`]); a patch replaces the whole list.
    pub faults: Vec<Fault>,
    /// How long a `timeout` fault holds its request (real time, not the simulator's clock):
    /// longer than any relay's or client's timeout by default.
    pub timeout_hold_ms: u64,
    /// `Retry-After` of a `tooMany` fault.
    pub retry_after_seconds: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RateLimitMode {
    Prd,
    Tiny,
    Off,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            auth_delay_ms: 1000,
            token_activation_ms: 1000,
            enrollment_delay_ms: 1000,
            permission_delay_ms: 1000,
            single_use_challenge: true,
            strict_xades_profile: true,
            reject_sha1: false,
            self_signed_owner_rule: true,
            require_public_key_id: false,
            trust_forwarded_for: false,
            rate_limits: RateLimitMode::Prd,
            force_too_many: 0,
            force_security_block: 0,
            force_auth_status: None,
            force_token_failure: None,
            force_enrollment_failure: None,
            force_permission_status: None,
            future_values: false,
            faults: Vec::new(),
            timeout_hold_ms: 120_000,
            retry_after_seconds: 2,
        }
    }
}

impl Config {
    /// Applies the fields present in `patch`; unknown fields are an error.
    pub fn patched(&self, patch: serde_json::Value) -> Result<Config, String> {
        let mut value = serde_json::to_value(self).map_err(|e| e.to_string())?;
        let (Some(target), serde_json::Value::Object(fields)) = (value.as_object_mut(), patch)
        else {
            return Err("expected a JSON object".into());
        };
        for (k, v) in fields {
            if !target.contains_key(&k) {
                return Err(format!("unknown setting '{k}'"));
            }
            target.insert(k, v);
        }
        let next: Config = serde_json::from_value(value).map_err(|e| e.to_string())?;
        crate::faults::check(&next.faults)?;
        Ok(next)
    }
}
