//! Token buckets per client, as KSeF counts: KSeF limits each (context, IP) pair on its own, so
//! the relay counts each (client address, bearer token) pair on its own — an accounting office
//! working 500 client contexts from one address holds 500 tokens and gets 500 budgets — under
//! one ceiling for the whole address. Requests without a token (a challenge, a signed
//! `auth.xml`: two per login) count against the ceiling only, so an office logging in to
//! hundreds of clients is not held back, and made-up tokens stop at the ceiling too. An IPv6
//! client is one /64, as for the connection cap: one host usually holds the whole block.
//! Hand-written: a dozen lines, where a governor crate would bring a dependency tree for the
//! same arithmetic.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

pub struct Buckets<K> {
    per_minute: u32,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Hash + Eq> Buckets<K> {
    /// `per_minute` requests a minute, with bursts up to the same number; 0 disables it.
    pub fn new(per_minute: u32) -> Buckets<K> {
        Buckets {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// `Ok` to go on, or how long to wait for the next token.
    pub fn check(&self, key: K) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = self.per_minute as f64;
        let rate = capacity / 60.0;
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() > 100_000 {
            // Forget idle clients instead of growing without bound.
            buckets.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < capacity
            });
        }
        let (tokens, at) = buckets.entry(key).or_insert((capacity, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * rate).min(capacity);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / rate).max(Duration::from_secs(1)))
        }
    }
}

/// A credential as a short digest: the token itself is never kept.
type Credential = [u8; 16];

pub struct RateLimiter {
    per_credential: Buckets<(IpAddr, Credential)>,
    per_client: Buckets<IpAddr>,
}

impl RateLimiter {
    /// `per_credential` a minute for each (address, bearer token) pair; `per_client` a minute
    /// for all of an address's requests, those without a token included.
    pub fn new(per_credential: u32, per_client: u32) -> RateLimiter {
        RateLimiter {
            per_credential: Buckets::new(per_credential),
            per_client: Buckets::new(per_client),
        }
    }

    pub fn check(&self, ip: IpAddr, bearer: Option<&str>) -> Result<(), Duration> {
        let ip = crate::connections::client_key(ip);
        self.per_client.check(ip)?;
        let Some(bearer) = bearer else { return Ok(()) };
        let digest = Sha256::digest(bearer.as_bytes());
        let mut credential = [0u8; 16];
        credential.copy_from_slice(&digest[..16]);
        self.per_credential.check((ip, credential))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_after_the_burst() {
        let l = RateLimiter::new(3, 0);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert!((0..3).all(|_| l.check(ip, Some("t")).is_ok()));
        let wait = l.check(ip, Some("t")).unwrap_err();
        assert!(wait >= Duration::from_secs(1) && wait <= Duration::from_secs(21));
        assert!(l.check("10.0.0.2".parse().unwrap(), Some("t")).is_ok());
        assert!(RateLimiter::new(0, 0).check(ip, Some("t")).is_ok());
        // Without a token only the address's ceiling counts.
        let ceiling = RateLimiter::new(3, 5);
        assert!((0..5).all(|_| ceiling.check(ip, None).is_ok()));
        assert!(ceiling.check(ip, None).is_err());
    }

    #[test]
    fn an_ipv6_client_is_its_64_block() {
        let l = RateLimiter::new(600, 5);
        let host = |i: u16| IpAddr::V6(std::net::Ipv6Addr::new(0x2001, 0xdb8, 0, 1, 0, 0, 0, i));
        // New addresses from the same /64 share one ceiling …
        assert!((0..5).all(|i| l.check(host(i), None).is_ok()));
        assert!(l.check(host(99), None).is_err());
        // … another /64 has its own, and an IPv4-mapped address is that IPv4 client.
        let other = IpAddr::V6(std::net::Ipv6Addr::new(0x2001, 0xdb8, 0, 2, 0, 0, 0, 1));
        assert!(l.check(other, None).is_ok());
        let v4: IpAddr = "10.0.0.9".parse().unwrap();
        assert!((0..5).all(|_| l.check(v4, None).is_ok()));
        let mapped = IpAddr::V6("::ffff:10.0.0.9".parse().unwrap());
        assert!(l.check(mapped, None).is_err());
    }

    #[test]
    fn each_credential_of_an_address_has_its_own_budget_under_the_address_ceiling() {
        // An office's overview of 500 clients from one address, with the defaults: per client
        // a challenge and a signed auth.xml (no token), 3 status reads and the redeem (its
        // authentication token), 2 reads (its access token).
        let l = RateLimiter::new(600, 6000);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for client in 0..500 {
            let (auth, access) = (format!("auth-{client}"), format!("access-{client}"));
            let calls = [
                None,
                None,
                Some(&auth),
                Some(&auth),
                Some(&auth),
                Some(&auth),
            ];
            let calls = calls.into_iter().chain([Some(&access), Some(&access)]);
            for bearer in calls {
                assert!(
                    l.check(ip, bearer.map(String::as_str)).is_ok(),
                    "client {client}"
                );
            }
        }
        // One credential still cannot go past its own budget …
        let one = RateLimiter::new(5, 6000);
        assert!((0..5).all(|_| one.check(ip, Some("t")).is_ok()));
        assert!(one.check(ip, Some("t")).is_err());
        // … and made-up tokens stop at the address's ceiling.
        let ceiling = RateLimiter::new(600, 100);
        let fresh = (0..100).all(|i| ceiling.check(ip, Some(&format!("fake-{i}"))).is_ok());
        assert!(fresh);
        assert!(ceiling.check(ip, Some("fake-100")).is_err());
        assert!(ceiling.check("10.0.0.2".parse().unwrap(), None).is_ok());
    }
}
