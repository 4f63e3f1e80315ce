//! The one table of what the relay forwards: method and path under `/v2`, nothing else.

use axum::http::Method;

/// A path segment that stands for an identifier (reference number, serial).
const ID: &str = "{id}";

/// `(method, path pattern, query allowed)`; `{id}` matches one identifier segment.
const ALLOWED: &[(Method, &str, bool)] = &[
    (Method::POST, "auth/challenge", false),
    (Method::POST, "auth/xades-signature", true),
    (Method::POST, "auth/ksef-token", false),
    (Method::POST, "auth/token/redeem", false),
    (Method::POST, "auth/token/refresh", false),
    (Method::GET, "auth/sessions", true),
    (Method::DELETE, "auth/sessions/current", false),
    (Method::DELETE, "auth/sessions/{id}", false),
    (Method::GET, "auth/{id}", false),
    (Method::POST, "tokens", false),
    (Method::GET, "tokens", true),
    (Method::GET, "tokens/{id}", false),
    (Method::DELETE, "tokens/{id}", false),
    (Method::GET, "certificates/limits", false),
    (Method::GET, "certificates/enrollments/data", false),
    (Method::POST, "certificates/enrollments", false),
    (Method::GET, "certificates/enrollments/{id}", false),
    (Method::POST, "certificates/retrieve", false),
    (Method::POST, "certificates/query", true),
    (Method::POST, "certificates/{id}/revoke", false),
    (Method::GET, "security/public-key-certificates", false),
    (Method::GET, "limits/subject", false),
    (Method::GET, "rate-limits", false),
    // The caller's own permissions (`pageOffset`, `pageSize`): what a token may carry.
    (Method::POST, "permissions/query/personal/grants", true),
];

/// Identifiers are upper-case letters, digits and dashes (reference numbers, serials).
fn is_identifier(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// Plain path segments: lower-case letters and dashes only, so no encoding or dot tricks pass.
fn is_plain(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

/// The matching pattern (the route template logged) for `method` and `rest` (path after `/v2/`).
pub fn route_for(method: &Method, rest: &str, has_query: bool) -> Option<&'static str> {
    if !rest.split('/').all(|s| is_plain(s) || is_identifier(s)) {
        return None;
    }
    let segments = rest.split('/').count();
    ALLOWED
        .iter()
        .find(|(m, pattern, query_ok)| {
            m == method
                && (*query_ok || !has_query)
                && pattern.split('/').count() == segments
                && pattern.split('/').zip(rest.split('/')).all(|(p, s)| {
                    if p == ID {
                        is_identifier(s)
                    } else {
                        p == s
                    }
                })
        })
        .map(|(_, pattern, _)| *pattern)
}

/// Query strings: only the characters of form-encoded parameters (no fragments, no spaces).
pub fn query_is_safe(q: &str) -> bool {
    q.len() <= 1024
        && q.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"=&%+-_.~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_only_listed_routes() {
        assert_eq!(
            route_for(&Method::POST, "auth/challenge", false),
            Some("auth/challenge")
        );
        assert_eq!(
            route_for(
                &Method::GET,
                "auth/20250514-AU-2DFC46C000-3AC6D5877F-D4",
                false
            ),
            Some("auth/{id}")
        );
        assert_eq!(
            route_for(&Method::DELETE, "auth/sessions/current", false),
            Some("auth/sessions/current")
        );
        assert_eq!(
            route_for(&Method::POST, "certificates/01F20A5D352AE590/revoke", false),
            Some("certificates/{id}/revoke")
        );
        assert_eq!(route_for(&Method::GET, "tokens", true), Some("tokens"));
        assert_eq!(
            route_for(&Method::POST, "permissions/query/personal/grants", true),
            Some("permissions/query/personal/grants")
        );
        for (m, p) in [
            (Method::GET, "auth/challenge"),
            (Method::POST, "auth/../tokens"),
            (Method::POST, "auth/%2e%2e/tokens"),
            (Method::POST, "auth//challenge"),
            (Method::GET, "invoices/ksef/X"),
            (Method::PUT, "tokens"),
            (Method::GET, "auth/user@evil"),
            (Method::GET, "tokens/a.b"),
            (Method::GET, "permissions/query/personal/grants"),
            (Method::POST, "permissions/query/persons/grants"),
            (Method::POST, "permissions/persons/grants"),
        ] {
            assert_eq!(route_for(&m, p, false), None, "{m} {p}");
        }
        assert_eq!(route_for(&Method::POST, "auth/challenge", true), None);
        assert!(query_is_safe(
            "status=Active&description=ERP%20system&pageSize=10"
        ));
        assert!(!query_is_safe("a=b#frag"));
        assert!(!query_is_safe("a=b c"));
    }

    /// Every entry is an operation of KSeF API 2.9.0 with that method, and takes a query string
    /// exactly when the spec gives it query parameters. Reads `../shared/ksef/open-api.json`;
    /// with `KLUCZNIK_REQUIRE_TOOLS` set (CI) a missing spec fails the test.
    #[test]
    fn every_entry_is_an_operation_of_the_spec() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/ksef/open-api.json"
        );
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                assert!(
                    std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_none(),
                    "{path}: {e}"
                );
                return;
            }
        };
        let spec: serde_json::Value = serde_json::from_str(&text).expect("open-api.json parses");
        let paths = spec["paths"].as_object().expect("paths");
        for (method, pattern, query_ok) in ALLOWED {
            let wanted: Vec<&str> = pattern.split('/').collect();
            let op = paths
                .iter()
                .filter(|(p, _)| {
                    let segments: Vec<&str> = p.trim_start_matches('/').split('/').collect();
                    segments.len() == wanted.len()
                        && segments.iter().zip(&wanted).all(|(s, w)| {
                            (*w == ID && s.starts_with('{')) || (s == w && !s.starts_with('{'))
                        })
                })
                .find_map(|(_, item)| item.get(method.as_str().to_lowercase()))
                .unwrap_or_else(|| panic!("{method} /{pattern} is not in open-api.json"));
            let has_query = op["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
            assert_eq!(
                has_query, *query_ok,
                "{method} /{pattern}: query parameters"
            );
        }
    }
}
