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
        for (m, p) in [
            (Method::GET, "auth/challenge"),
            (Method::POST, "auth/../tokens"),
            (Method::POST, "auth/%2e%2e/tokens"),
            (Method::POST, "auth//challenge"),
            (Method::GET, "invoices/ksef/X"),
            (Method::PUT, "tokens"),
            (Method::GET, "auth/user@evil"),
            (Method::GET, "tokens/a.b"),
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
}
