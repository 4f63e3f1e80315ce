//! KSeF's rate limits: sliding windows of 1 s / 60 s / 1 h per endpoint and client (plus the
//! context for protected endpoints), 429 with `Retry-After`, and blocks that double with
//! repeated violations so clients must back off rather than hammer.

use std::collections::{HashMap, VecDeque};
use std::sync::LazyLock;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ksef_core::api::limits::{EffectiveApiRateLimits, RateLimitGroup, RateLimitValues};

use crate::access::ClientIp;
use crate::config::RateLimitMode;
use crate::errors::ApiError;
use crate::jwt::{bearer, TokenType};
use crate::state::{context_key, Sim};

/// Production values of API 2.9.0 (`GET /rate-limits`' example and each operation's
/// `x-rate-limits`), which TEST also uses by default since 2.5.0.
pub static PRD: LazyLock<EffectiveApiRateLimits> =
    LazyLock::new(EffectiveApiRateLimits::production);

/// Public endpoints, counted per IP in group `anonymous` (60 per second).
const PUBLIC: &[&str] = &[
    "/v2/auth/challenge",
    "/v2/auth/xades-signature",
    "/v2/auth/ksef-token",
    "/v2/auth/{reference}",
    "/v2/auth/token/redeem",
    "/v2/auth/token/refresh",
    "/v2/security/public-key-certificates",
    "/v2/testdata/subject",
    "/v2/testdata/subject/remove",
    "/v2/testdata/person",
    "/v2/testdata/person/remove",
    "/v2/testdata/permissions",
    "/v2/testdata/permissions/revoke",
    "/v2/testdata/attachment",
    "/v2/testdata/attachment/revoke",
];

#[derive(Default)]
pub struct RateLimiter {
    hits: HashMap<String, VecDeque<i64>>,
    blocks: HashMap<String, (i64, u32)>,
    /// `/testdata/rate-limits` overrides, per context ([`context_key`]).
    pub overrides: HashMap<String, EffectiveApiRateLimits>,
}

impl RateLimiter {
    /// The limits in force for a context: production values, with the context's overrides.
    pub fn effective(&self, context: Option<&str>) -> EffectiveApiRateLimits {
        let mut limits = PRD.clone();
        if let Some(o) = context.and_then(|c| self.overrides.get(c)) {
            limits.0.extend(o.0.iter().map(|(g, v)| (g.clone(), *v)));
        }
        limits
    }

    fn values(&self, context: Option<&str>, group: RateLimitGroup) -> RateLimitValues {
        context
            .and_then(|c| self.overrides.get(c))
            .and_then(|o| o.get(group))
            .or_else(|| PRD.get(group))
            .expect("production values name every group")
    }

    /// Counts a request at `now_ms` under `key`; `Err(seconds)` when it must wait.
    pub fn hit(&mut self, key: &str, windows: &[(i64, usize)], now_ms: i64) -> Result<(), u64> {
        let (until, strikes) = self.blocks.get(key).copied().unwrap_or((0, 0));
        if until > now_ms {
            return Err(((until - now_ms + 999) / 1000) as u64);
        }
        let longest = windows.iter().map(|w| w.0).max().unwrap_or(1000);
        let hits = self.hits.entry(key.to_string()).or_default();
        while hits.front().is_some_and(|&t| t <= now_ms - longest) {
            hits.pop_front();
        }
        for &(window, max) in windows {
            let inside: Vec<i64> = hits
                .iter()
                .copied()
                .filter(|&t| t > now_ms - window)
                .collect();
            if inside.len() >= max {
                // Wait until the oldest hit leaves the window, longer for repeat offenders.
                let base = (inside[0] + window - now_ms).max(1000);
                let wait = base.saturating_mul(1 << strikes.min(6));
                self.blocks
                    .insert(key.to_string(), (now_ms + wait, strikes + 1));
                return Err(((wait + 999) / 1000) as u64);
            }
        }
        hits.push_back(now_ms);
        Ok(())
    }
}

/// `(window in ms, requests allowed)`; KSeF's `-1` leaves a window unlimited.
fn windows(mode: RateLimitMode, values: RateLimitValues) -> Vec<(i64, usize)> {
    match mode {
        RateLimitMode::Off => vec![],
        RateLimitMode::Tiny => vec![(1000, 2)],
        RateLimitMode::Prd => values
            .windows()
            .map(|(seconds, limit)| (i64::from(seconds) * 1000, limit as usize))
            .collect(),
    }
}

/// Middleware over `/v2`: one counter per endpoint template and client (and bearer), with the
/// limits of group `anonymous` for public endpoints and `other` (of the caller's context) for
/// the rest. `global`, a per-IP limit KSeF has announced but not switched on, is not enforced.
pub async fn limit(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    req: Request,
    next: Next,
) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let public = PUBLIC.contains(&route.as_str());
    let token = bearer(req.headers()).ok();
    // Protected endpoints count per context; the bearer token stands in for it here.
    let who = match (public, token) {
        (false, Some(t)) => format!("{:x}", token_digest(t)),
        _ => String::new(),
    };
    let key = format!("{} {route} {ip} {who}", req.method());
    let (now, now_ms) = sim.clock.now_ms();
    let operation = token
        .filter(|_| !public)
        .and_then(|t| {
            sim.jwt
                .check(t, TokenType::ContextToken, now.unix_timestamp())
                .ok()
        })
        .map(|c| c.operation);
    let verdict = {
        let mut state = sim.state();
        if state.config.force_too_many > 0 {
            state.config.force_too_many -= 1;
            return ApiError::TooMany { retry_after: 1 }.into_response();
        }
        // Only endpoints that take a bearer token document 403.
        if state.config.force_security_block > 0 && token.is_some() {
            state.config.force_security_block -= 1;
            return ApiError::SecurityBlocked {
                incident_id: crate::errors::trace_id(),
                client_ip: ip,
            }
            .into_response();
        }
        let context = operation
            .and_then(|op| state.operations.get(&op))
            .map(|op| context_key(&op.context));
        let group = match public {
            true => RateLimitGroup::Anonymous,
            false => RateLimitGroup::Other,
        };
        let values = state.rate.values(context.as_deref(), group);
        let w = windows(state.config.rate_limits, values);
        state.rate.hit(&key, &w, now_ms)
    };
    match verdict {
        Ok(()) => next.run(req).await,
        Err(retry_after) => ApiError::TooMany { retry_after }.into_response(),
    }
}

/// A short, stable digest of the bearer token, so limiter keys hold no secrets.
fn token_digest(s: &str) -> u64 {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(s.as_bytes());
    u64::from_be_bytes(d[..8].try_into().expect("8 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_limit_and_doubles_for_repeat_offenders() {
        let mut r = RateLimiter::default();
        let w = [(1000, 2)];
        assert!(r.hit("k", &w, 0).is_ok());
        assert!(r.hit("k", &w, 100).is_ok());
        assert_eq!(r.hit("k", &w, 200), Err(1));
        // Still blocked, whatever the window says.
        assert_eq!(r.hit("k", &w, 900), Err(1));
        assert!(r.hit("k", &w, 1300).is_ok());
        assert!(r.hit("k", &w, 1400).is_ok());
        assert_eq!(
            r.hit("k", &w, 1500),
            Err(2),
            "second violation waits twice as long"
        );
        assert!(r.hit("other", &w, 1500).is_ok(), "keys are independent");
    }
}
