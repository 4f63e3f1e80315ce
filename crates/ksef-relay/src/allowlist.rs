//! The one table of what the relay forwards: method and path under `/v2`, nothing else.

use axum::http::Method;

/// A path segment that stands for an identifier (reference number, serial).
const ID: &str = "{id}";
/// A path segment that stands for a permission id: a UUID, which KSeF writes in lower case.
const UUID: &str = "{uuid}";

/// `(method, path pattern, query allowed)`; `{id}` matches one identifier segment, `{uuid}`
/// one UUID.
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
    // Permissions: grants and revocations (asynchronous, polled by their operation), and the
    // queries, paged with `pageOffset`/`pageSize`.
    (Method::POST, "permissions/persons/grants", false),
    (Method::POST, "permissions/entities/grants", false),
    (Method::POST, "permissions/authorizations/grants", false),
    (Method::POST, "permissions/indirect/grants", false),
    (Method::POST, "permissions/subunits/grants", false),
    (
        Method::POST,
        "permissions/eu-entities/administration/grants",
        false,
    ),
    (Method::POST, "permissions/eu-entities/grants", false),
    (Method::DELETE, "permissions/common/grants/{uuid}", false),
    (
        Method::DELETE,
        "permissions/authorizations/grants/{uuid}",
        false,
    ),
    (Method::GET, "permissions/operations/{id}", false),
    (Method::GET, "permissions/attachments/status", false),
    (Method::POST, "permissions/query/personal/grants", true),
    (Method::POST, "permissions/query/persons/grants", true),
    (Method::POST, "permissions/query/subunits/grants", true),
    (Method::POST, "permissions/query/entities/grants", true),
    (Method::GET, "permissions/query/entities/roles", true),
    (
        Method::POST,
        "permissions/query/subordinate-entities/roles",
        true,
    ),
    (
        Method::POST,
        "permissions/query/authorizations/grants",
        true,
    ),
    (Method::POST, "permissions/query/eu-entities/grants", true),
];

/// Identifiers are upper-case letters, digits and dashes (reference numbers, serials).
fn is_identifier(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// `8-4-4-4-12` hex digits, either case: a fixed shape with no room for dots or escapes.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Plain path segments: lower-case letters and dashes only, so no encoding or dot tricks pass.
fn is_plain(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

/// The matching pattern (the route template logged) for `method` and `rest` (path after `/v2/`).
pub fn route_for(method: &Method, rest: &str, has_query: bool) -> Option<&'static str> {
    if !rest
        .split('/')
        .all(|s| is_plain(s) || is_identifier(s) || is_uuid(s))
    {
        return None;
    }
    let segments = rest.split('/').count();
    ALLOWED
        .iter()
        .find(|(m, pattern, query_ok)| {
            m == method
                && (*query_ok || !has_query)
                && pattern.split('/').count() == segments
                && pattern
                    .split('/')
                    .zip(rest.split('/'))
                    .all(|(p, s)| match p {
                        ID => is_identifier(s),
                        UUID => is_uuid(s),
                        _ => p == s,
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
            (Method::GET, "permissions/persons/grants"),
            (Method::DELETE, "permissions/persons/grants"),
            (Method::POST, "permissions/common/grants"),
            // A permission id is a UUID: nothing shorter, longer, or with other characters.
            (
                Method::DELETE,
                "permissions/common/grants/0c9a72e8-f344-457f-9c16-7c640eb6024",
            ),
            (
                Method::DELETE,
                "permissions/common/grants/0c9a72e8-f344-457f-9c16-7c640eb60242a",
            ),
            (
                Method::DELETE,
                "permissions/common/grants/0c9a72e8.f344-457f-9c16-7c640eb60242",
            ),
            (
                Method::DELETE,
                "permissions/common/grants/0c9a72e8-f344-457f-9c16%2e7c640eb6024",
            ),
            (
                Method::DELETE,
                "permissions/common/grants/..%2f..%2f..%2fadmin-0000-0000-0000",
            ),
            (
                Method::DELETE,
                "permissions/common/grants/0c9a72e8-f344-457f-9c16-7c640eb6024g",
            ),
            // Reference numbers are not permission ids, nor the other way round.
            (
                Method::DELETE,
                "permissions/common/grants/20250626-EG-333C814000-C529F710D8-D2",
            ),
            (
                Method::GET,
                "permissions/operations/0c9a72e8-f344-457f-9c16-7c640eb60242",
            ),
            (
                Method::DELETE,
                "tokens/0c9a72e8-f344-457f-9c16-7c640eb60242",
            ),
        ] {
            assert_eq!(route_for(&m, p, false), None, "{m} {p}");
        }
        assert_eq!(route_for(&Method::POST, "auth/challenge", true), None);
        assert_eq!(
            route_for(&Method::POST, "permissions/persons/grants", true),
            None,
            "grants take no query"
        );
        for id in [
            "0c9a72e8-f344-457f-9c16-7c640eb60242",
            "0C9A72E8-F344-457F-9C16-7C640EB60242",
        ] {
            assert_eq!(
                route_for(
                    &Method::DELETE,
                    &format!("permissions/common/grants/{id}"),
                    false
                ),
                Some("permissions/common/grants/{uuid}")
            );
            assert_eq!(
                route_for(
                    &Method::DELETE,
                    &format!("permissions/authorizations/grants/{id}"),
                    false
                ),
                Some("permissions/authorizations/grants/{uuid}")
            );
        }
        assert_eq!(
            route_for(
                &Method::GET,
                "permissions/operations/20250626-EG-333C814000-C529F710D8-D2",
                false
            ),
            Some("permissions/operations/{id}")
        );
        assert_eq!(
            route_for(&Method::GET, "permissions/query/entities/roles", true),
            Some("permissions/query/entities/roles")
        );
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
                            ((*w == ID || *w == UUID) && s.starts_with('{'))
                                || (s == w && !s.starts_with('{'))
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
