//! `AuthorizationPolicy/AllowedIps`: the client addresses an access token may be used from.

use std::net::Ipv4Addr;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Localized};

/// KSeF accepts at most this many entries of each kind.
pub const MAX_PER_KIND: usize = 10;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Pl))]
pub enum IpPolicyError {
    BadAddress(String),
    BadRange(String),
    ReversedRange(String),
    BadMask(String),
    TooMany { what: &'static str },
}

impl Localized for IpPolicyError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (IpPolicyError::BadAddress(v), Lang::Pl) => {
                format!("„{v}” nie jest adresem IPv4 (np. 192.168.0.10)")
            }
            (IpPolicyError::BadAddress(v), Lang::En) => {
                format!("'{v}' is not an IPv4 address (e.g. 192.168.0.10)")
            }
            (IpPolicyError::BadRange(v), Lang::Pl) => {
                format!("„{v}” nie jest zakresem IPv4 (np. 10.0.0.1-10.0.0.254)")
            }
            (IpPolicyError::BadRange(v), Lang::En) => {
                format!("'{v}' is not an IPv4 range (e.g. 10.0.0.1-10.0.0.254)")
            }
            (IpPolicyError::ReversedRange(v), Lang::Pl) => {
                format!("Zakres „{v}” kończy się przed początkiem")
            }
            (IpPolicyError::ReversedRange(v), Lang::En) => {
                format!("Range '{v}' ends before it starts")
            }
            (IpPolicyError::BadMask(v), Lang::Pl) => {
                format!("„{v}” nie jest maską CIDR (np. 172.16.0.0/16)")
            }
            (IpPolicyError::BadMask(v), Lang::En) => {
                format!("'{v}' is not a CIDR mask (e.g. 172.16.0.0/16)")
            }
            (IpPolicyError::TooMany { what }, Lang::Pl) => {
                format!("Najwyżej {MAX_PER_KIND} pozycji typu {what}")
            }
            (IpPolicyError::TooMany { what }, Lang::En) => {
                format!("At most {MAX_PER_KIND} entries of type {what}")
            }
        }
    }
}

/// Dotted decimal without leading zeros, as the XSD pattern wants (std's parser agrees).
fn addr(s: &str) -> Option<Ipv4Addr> {
    Ipv4Addr::from_str(s).ok()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ip4Range {
    pub start: Ipv4Addr,
    pub end: Ipv4Addr,
}

impl FromStr for Ip4Range {
    type Err = IpPolicyError;
    fn from_str(s: &str) -> Result<Self, IpPolicyError> {
        let bad = || IpPolicyError::BadRange(s.to_string());
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let (start, end) = (addr(a).ok_or_else(bad)?, addr(b).ok_or_else(bad)?);
        if start > end {
            return Err(IpPolicyError::ReversedRange(s.to_string()));
        }
        Ok(Ip4Range { start, end })
    }
}

impl std::fmt::Display for Ip4Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ip4Mask {
    pub network: Ipv4Addr,
    pub prefix: u8,
}

impl FromStr for Ip4Mask {
    type Err = IpPolicyError;
    fn from_str(s: &str) -> Result<Self, IpPolicyError> {
        let bad = || IpPolicyError::BadMask(s.to_string());
        let (a, p) = s.split_once('/').ok_or_else(bad)?;
        let network = addr(a).ok_or_else(bad)?;
        // The pattern allows 0..32 without leading zeros.
        let prefix: u8 = p
            .parse()
            .ok()
            .filter(|n| *n <= 32 && (p == "0" || !p.starts_with('0')))
            .ok_or_else(bad)?;
        Ok(Ip4Mask { network, prefix })
    }
}

impl std::fmt::Display for Ip4Mask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

/// The allowed client addresses, each list at most ten long.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowedIps {
    pub addresses: Vec<Ipv4Addr>,
    pub ranges: Vec<Ip4Range>,
    pub masks: Vec<Ip4Mask>,
}

impl AllowedIps {
    /// Parses the three lists as typed by a user, checking every entry and the counts.
    pub fn parse<S: AsRef<str>>(
        addresses: &[S],
        ranges: &[S],
        masks: &[S],
    ) -> Result<AllowedIps, IpPolicyError> {
        let policy = AllowedIps {
            addresses: addresses
                .iter()
                .map(|a| {
                    addr(a.as_ref().trim())
                        .ok_or_else(|| IpPolicyError::BadAddress(a.as_ref().to_string()))
                })
                .collect::<Result<_, _>>()?,
            ranges: ranges
                .iter()
                .map(|r| r.as_ref().trim().parse())
                .collect::<Result<_, _>>()?,
            masks: masks
                .iter()
                .map(|m| m.as_ref().trim().parse())
                .collect::<Result<_, _>>()?,
        };
        policy.check_counts()?;
        Ok(policy)
    }

    pub fn check_counts(&self) -> Result<(), IpPolicyError> {
        let counts = [
            (self.addresses.len(), "Ip4Address"),
            (self.ranges.len(), "Ip4Range"),
            (self.masks.len(), "Ip4Mask"),
        ];
        match counts.into_iter().find(|(n, _)| *n > MAX_PER_KIND) {
            Some((_, what)) => Err(IpPolicyError::TooMany { what }),
            None => Ok(()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty() && self.ranges.is_empty() && self.masks.is_empty()
    }

    /// Whether `ip` is allowed by any entry (used by the simulator).
    pub fn allows(&self, ip: Ipv4Addr) -> bool {
        self.addresses.contains(&ip)
            || self.ranges.iter().any(|r| r.start <= ip && ip <= r.end)
            || self.masks.iter().any(|m| {
                let mask = if m.prefix == 0 {
                    0
                } else {
                    u32::MAX << (32 - m.prefix)
                };
                u32::from(ip) & mask == u32::from(m.network) & mask
            })
    }

    pub fn to_api(&self) -> ApiAllowedIps {
        ApiAllowedIps {
            ip4_addresses: Some(self.addresses.iter().map(ToString::to_string).collect()),
            ip4_ranges: Some(self.ranges.iter().map(ToString::to_string).collect()),
            ip4_masks: Some(self.masks.iter().map(ToString::to_string).collect()),
        }
    }
}

/// JSON form used by `POST /auth/ksef-token`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiAllowedIps {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip4_addresses: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip4_ranges: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip4_masks: Option<Vec<String>>,
}

impl TryFrom<&ApiAllowedIps> for AllowedIps {
    type Error = IpPolicyError;
    fn try_from(a: &ApiAllowedIps) -> Result<Self, IpPolicyError> {
        let or_empty = |v: &Option<Vec<String>>| v.clone().unwrap_or_default();
        AllowedIps::parse(
            &or_empty(&a.ip4_addresses),
            &or_empty(&a.ip4_ranges),
            &or_empty(&a.ip4_masks),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn parses_and_matches() {
        let p = AllowedIps::parse(
            &["192.168.0.10"],
            &["10.0.0.1-10.0.0.254"],
            &["172.16.0.0/16"],
        )
        .unwrap();
        assert!(p.allows("192.168.0.10".parse().unwrap()));
        assert!(p.allows("10.0.0.9".parse().unwrap()));
        assert!(p.allows("172.16.200.1".parse().unwrap()));
        assert!(!p.allows("172.17.0.1".parse().unwrap()));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn rejects_bad_entries() {
        let none: [&str; 0] = [];
        assert!(AllowedIps::parse(&["192.168.01.1"], &none, &none).is_err());
        assert!(AllowedIps::parse(&["256.1.1.1"], &none, &none).is_err());
        assert_eq!(
            AllowedIps::parse(&none, &["10.0.0.9-10.0.0.1"], &none),
            Err(IpPolicyError::ReversedRange("10.0.0.9-10.0.0.1".into()))
        );
        assert!(AllowedIps::parse(&none, &none, &["10.0.0.0/33"]).is_err());
        assert!(AllowedIps::parse(&none, &none, &["10.0.0.0/08"]).is_err());
        let eleven: Vec<String> = (0..11).map(|i| format!("10.0.0.{i}")).collect();
        let empty: Vec<String> = vec![];
        assert_eq!(
            AllowedIps::parse(&eleven, &empty, &empty),
            Err(IpPolicyError::TooMany { what: "Ip4Address" })
        );
    }
}
