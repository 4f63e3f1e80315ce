//! A cap on open connections per client address, shared by all workers: one client must not be
//! able to hold every file descriptor of the relay with connections that never send a request.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// Open connections per client. IPv6 clients are counted per /64, the block one host usually
/// has to itself: counting single addresses would let it open a cap's worth from each.
pub struct ConnectionLimiter {
    per_client: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One admitted connection; dropping it frees its place.
pub struct Admitted {
    limiter: Arc<ConnectionLimiter>,
    client: IpAddr,
}

impl ConnectionLimiter {
    /// At most `per_client` connections per client; 0 = no cap.
    pub fn new(per_client: usize) -> ConnectionLimiter {
        ConnectionLimiter {
            per_client,
            open: Mutex::new(HashMap::new()),
        }
    }

    /// A place for a new connection from `ip`, or `None` when that client is at its cap.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Admitted> {
        let client = client_key(ip);
        if self.per_client > 0 {
            let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
            let n = open.entry(client).or_insert(0);
            if *n >= self.per_client {
                return None;
            }
            *n += 1;
        }
        Some(Admitted {
            limiter: self.clone(),
            client,
        })
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        if self.limiter.per_client == 0 {
            return;
        }
        let mut open = self.limiter.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.client) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.client);
            }
        }
    }
}

/// The address itself for IPv4 (and IPv4-mapped IPv6), the /64 prefix for IPv6.
pub(crate) fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_each_client_and_frees_places() {
        let l = Arc::new(ConnectionLimiter::new(2));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let first = l.admit(a).unwrap();
        let _second = l.admit(a).unwrap();
        assert!(l.admit(a).is_none());
        assert!(l.admit("10.0.0.2".parse().unwrap()).is_some());
        drop(first);
        assert!(l.admit(a).is_some());
    }

    #[test]
    fn ipv6_counts_per_64() {
        let l = Arc::new(ConnectionLimiter::new(1));
        let _one = l.admit("2001:db8:1:2::1".parse().unwrap()).unwrap();
        assert!(l.admit("2001:db8:1:2::ffff".parse().unwrap()).is_none());
        assert!(l.admit("2001:db8:1:3::1".parse().unwrap()).is_some());
        let _v4 = l.admit("10.0.0.9".parse().unwrap()).unwrap();
        assert!(l.admit("::ffff:10.0.0.9".parse().unwrap()).is_none());
    }

    #[test]
    fn zero_means_no_cap() {
        let l = Arc::new(ConnectionLimiter::new(0));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let all: Vec<_> = (0..100).map(|_| l.admit(a).unwrap()).collect();
        assert_eq!(all.len(), 100);
    }
}
