//! KSeF's rate limits: sliding windows of 1 s / 60 s / 1 h per endpoint and client (plus the
//! context for protected endpoints), 429 with `Retry-After`, and blocks that double with
//! repeated violations so clients must back off rather than hammer.

use std::collections::{HashMap, VecDeque};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ksef_core::api::limits::{EffectiveApiRateLimits, RateLimitValues};

use crate::access::ClientIp;
use crate::config::RateLimitMode;
use crate::errors::ApiError;
use crate::state::Sim;

const fn v(per_second: i32, per_minute: i32, per_hour: i32) -> RateLimitValues {
    RateLimitValues {
        per_second,
        per_minute,
        per_hour,
    }
}

/// Production values (the `x-rate-limits` of `open-api.json`).
pub const PRD: EffectiveApiRateLimits = EffectiveApiRateLimits {
    online_session: v(10, 30, 120),
    batch_session: v(10, 20, 60),
    invoice_send: v(10, 30, 180),
    invoice_status: v(30, 120, 1200),
    session_list: v(5, 10, 60),
    session_invoice_list: v(10, 20, 200),
    session_misc: v(10, 120, 1200),
    invoice_metadata: v(8, 16, 20),
    invoice_export: v(8, 16, 20),
    invoice_export_status: v(10, 60, 600),
    invoice_download: v(8, 16, 64),
    other: v(10, 30, 120),
};

/// Public endpoints: 60 requests per second per IP.
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
    /// `/testdata/rate-limits` overrides.
    pub overrides: Option<EffectiveApiRateLimits>,
}

impl RateLimiter {
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

fn windows(mode: RateLimitMode, public: bool, other: RateLimitValues) -> Vec<(i64, usize)> {
    match (mode, public) {
        (RateLimitMode::Off, _) => vec![],
        (RateLimitMode::Tiny, _) => vec![(1000, 2)],
        (RateLimitMode::Prd, true) => vec![(1000, 60)],
        (RateLimitMode::Prd, false) => vec![
            (1000, other.per_second.max(0) as usize),
            (60_000, other.per_minute.max(0) as usize),
            (3_600_000, other.per_hour.max(0) as usize),
        ],
    }
}

/// Middleware over `/v2`: one counter per endpoint template and client (and bearer).
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
    // Protected endpoints count per context; the bearer token stands in for it here.
    let who = match public {
        true => String::new(),
        false => req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .map(|t| format!("{:x}", token_digest(t)))
            .unwrap_or_default(),
    };
    let key = format!("{} {route} {ip} {who}", req.method());
    let (_, now_ms) = sim.clock.now_ms();
    let verdict = {
        let mut state = sim.state();
        if state.config.force_too_many > 0 {
            state.config.force_too_many -= 1;
            return ApiError::TooMany { retry_after: 1 }.into_response();
        }
        let other = state.rate.overrides.map_or(PRD.other, |o| o.other);
        let w = windows(state.config.rate_limits, public, other);
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
