//! Every JSON example `open-api.json` gives for the endpoints Klucznik uses must deserialise
//! into our types (native only: reads `../shared/ksef/open-api.json` when present).
#![cfg(not(target_arch = "wasm32"))]

use ksef_core::api::permissions as perm;
use ksef_core::api::{auth, certificates as cert, limits, security, testdata, tokens};
use ksef_core::error::KsefError;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// REFERENCE §4, §6, §7, §9, §10, the public keys, (2.9.0) the context limits and permissions.
const SCOPE: [&str; 9] = [
    "/permissions",
    "/auth",
    "/tokens",
    "/certificates",
    "/security",
    "/limits/subject",
    "/limits/context",
    "/testdata",
    "/rate-limits",
];

fn try_as<T: DeserializeOwned>(v: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(v.clone())
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Request examples must also pass our form rules, and survive a round trip unchanged.
fn valid<T: DeserializeOwned + serde::Serialize + Checked>(v: &Value) -> Result<(), String> {
    let t: T = serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
    t.check()
        .map_err(|e| format!("rejected by validate(): {e}"))?;
    let back = serde_json::to_value(&t).map_err(|e| e.to_string())?;
    if &back != v {
        return Err(format!("round trip changed it: {back}"));
    }
    Ok(())
}

/// The `validate()` every permission request has.
trait Checked {
    fn check(&self) -> Result<(), perm::PermissionFormError>;
}

macro_rules! checked {
    ($($t:ident),+) => {$(
        impl Checked for perm::$t {
            fn check(&self) -> Result<(), perm::PermissionFormError> {
                self.validate()
            }
        }
    )+};
}

checked!(
    PersonPermissionsGrantRequest,
    EntityPermissionsGrantRequest,
    EntityAuthorizationPermissionsGrantRequest,
    IndirectPermissionsGrantRequest,
    SubunitPermissionsGrantRequest,
    EuEntityAdministrationPermissionsGrantRequest,
    EuEntityPermissionsGrantRequest,
    PersonalPermissionsQueryRequest,
    PersonPermissionsQueryRequest,
    SubunitPermissionsQueryRequest,
    EntityPermissionsQueryRequest,
    SubordinateEntityRolesQueryRequest,
    EntityAuthorizationPermissionsQueryRequest,
    EuEntityPermissionsQueryRequest
);

/// Error bodies must yield a code or a description through `KsefError`.
fn error_body(status: u16, v: &Value) -> Result<(), String> {
    let e = KsefError::from_response(status, v.to_string().as_bytes(), None);
    if e.codes.is_empty() && e.descriptions.is_empty() {
        return Err(format!("nothing understood in {v}"));
    }
    Ok(())
}

fn check(schema: &str, status: u16, v: &Value) -> Result<(), String> {
    match schema {
        "AuthenticationChallengeResponse" => try_as::<auth::ChallengeResponse>(v),
        "AuthenticationInitResponse" => try_as::<auth::AuthenticationInitResponse>(v),
        "AuthenticationOperationStatusResponse" => {
            try_as::<auth::AuthenticationOperationStatusResponse>(v)
        }
        "AuthenticationTokensResponse" => try_as::<auth::AuthenticationTokensResponse>(v),
        "AuthenticationTokenRefreshResponse" => {
            try_as::<auth::AuthenticationTokenRefreshResponse>(v)
        }
        "AuthenticationListResponse" => try_as::<auth::AuthenticationListResponse>(v),
        "InitTokenAuthenticationRequest" => try_as::<auth::InitTokenAuthenticationRequest>(v),
        "GenerateTokenRequest" => try_as::<tokens::GenerateTokenRequest>(v),
        "GenerateTokenResponse" => try_as::<tokens::GenerateTokenResponse>(v),
        "QueryTokensResponse" => try_as::<tokens::QueryTokensResponse>(v),
        "TokenStatusResponse" => try_as::<tokens::TokenStatusResponse>(v),
        "CertificateLimitsResponse" => try_as::<cert::CertificateLimitsResponse>(v),
        "CertificateEnrollmentDataResponse" => try_as::<cert::CertificateEnrollmentDataResponse>(v),
        "EnrollCertificateRequest" => try_as::<cert::EnrollCertificateRequest>(v),
        "EnrollCertificateResponse" => try_as::<cert::EnrollCertificateResponse>(v),
        "CertificateEnrollmentStatusResponse" => {
            try_as::<cert::CertificateEnrollmentStatusResponse>(v)
        }
        "RetrieveCertificatesRequest" => try_as::<cert::RetrieveCertificatesRequest>(v),
        "RetrieveCertificatesResponse" => try_as::<cert::RetrieveCertificatesResponse>(v),
        "QueryCertificatesRequest" => try_as::<cert::QueryCertificatesRequest>(v),
        "QueryCertificatesResponse" => try_as::<cert::QueryCertificatesResponse>(v),
        "RevokeCertificateRequest" => try_as::<cert::RevokeCertificateRequest>(v),
        "[]PublicKeyCertificate" => try_as::<Vec<security::PublicKeyCertificate>>(v),
        "EffectiveSubjectLimits" => try_as::<limits::EffectiveSubjectLimits>(v),
        "EffectiveApiRateLimits" => try_as::<limits::EffectiveApiRateLimits>(v),
        "EffectiveContextLimits" => try_as::<limits::EffectiveContextLimits>(v),
        "SubjectCreateRequest" => try_as::<testdata::SubjectCreateRequest>(v),
        "PersonCreateRequest" => try_as::<testdata::PersonCreateRequest>(v),
        "TestDataPermissionsGrantRequest" => try_as::<testdata::PermissionsGrantRequest>(v),
        "TestDataPermissionsRevokeRequest" => try_as::<testdata::PermissionsRevokeRequest>(v),
        "BlockContextAuthenticationRequest" | "UnblockContextAuthenticationRequest" => {
            try_as::<testdata::ContextBlockRequest>(v)
        }
        "SubjectRemoveRequest" => try_as::<testdata::SubjectRemoveRequest>(v),
        "PersonRemoveRequest" | "AttachmentPermissionGrantRequest" => {
            try_as::<testdata::NipRequest>(v)
        }
        "AttachmentPermissionRevokeRequest" => try_as::<testdata::AttachmentRevokeRequest>(v),
        "SetSubjectLimitsRequest" => try_as::<testdata::SetSubjectLimitsRequest>(v),
        "PersonPermissionsGrantRequest" => valid::<perm::PersonPermissionsGrantRequest>(v),
        "EntityPermissionsGrantRequest" => valid::<perm::EntityPermissionsGrantRequest>(v),
        "EntityAuthorizationPermissionsGrantRequest" => {
            valid::<perm::EntityAuthorizationPermissionsGrantRequest>(v)
        }
        "IndirectPermissionsGrantRequest" => valid::<perm::IndirectPermissionsGrantRequest>(v),
        "SubunitPermissionsGrantRequest" => valid::<perm::SubunitPermissionsGrantRequest>(v),
        "EuEntityAdministrationPermissionsGrantRequest" => {
            valid::<perm::EuEntityAdministrationPermissionsGrantRequest>(v)
        }
        "EuEntityPermissionsGrantRequest" => valid::<perm::EuEntityPermissionsGrantRequest>(v),
        "PermissionsOperationResponse" => try_as::<perm::PermissionsOperationResponse>(v),
        "PermissionsOperationStatusResponse" => {
            try_as::<perm::PermissionsOperationStatusResponse>(v)
        }
        "CheckAttachmentPermissionStatusResponse" => {
            try_as::<perm::CheckAttachmentPermissionStatusResponse>(v)
        }
        "PersonalPermissionsQueryRequest" => valid::<perm::PersonalPermissionsQueryRequest>(v),
        "QueryPersonalPermissionsResponse" => try_as::<perm::QueryPersonalPermissionsResponse>(v),
        "PersonPermissionsQueryRequest" => valid::<perm::PersonPermissionsQueryRequest>(v),
        "QueryPersonPermissionsResponse" => try_as::<perm::QueryPersonPermissionsResponse>(v),
        "SubunitPermissionsQueryRequest" => valid::<perm::SubunitPermissionsQueryRequest>(v),
        "QuerySubunitPermissionsResponse" => try_as::<perm::QuerySubunitPermissionsResponse>(v),
        "EntityPermissionsQueryRequest" => valid::<perm::EntityPermissionsQueryRequest>(v),
        "QueryEntityPermissionsResponse" => try_as::<perm::QueryEntityPermissionsResponse>(v),
        "QueryEntityRolesResponse" => try_as::<perm::QueryEntityRolesResponse>(v),
        "SubordinateEntityRolesQueryRequest" => {
            valid::<perm::SubordinateEntityRolesQueryRequest>(v)
        }
        "QuerySubordinateEntityRolesResponse" => {
            try_as::<perm::QuerySubordinateEntityRolesResponse>(v)
        }
        "EntityAuthorizationPermissionsQueryRequest" => {
            valid::<perm::EntityAuthorizationPermissionsQueryRequest>(v)
        }
        "QueryEntityAuthorizationPermissionsResponse" => {
            try_as::<perm::QueryEntityAuthorizationPermissionsResponse>(v)
        }
        "EuEntityPermissionsQueryRequest" => valid::<perm::EuEntityPermissionsQueryRequest>(v),
        "QueryEuEntityPermissionsResponse" => try_as::<perm::QueryEuEntityPermissionsResponse>(v),
        "ExceptionResponse"
        | "BadRequestProblemDetails"
        | "TooManyRequestsResponse"
        | "TooManyRequestsProblemDetails"
        | "UnauthorizedProblemDetails"
        | "ForbiddenProblemDetails"
        | "GoneProblemDetails" => error_body(status, v),
        other => Err(format!("no type for schema {other}")),
    }
}

/// The schema name behind `$ref`, `allOf[0].$ref` or an array of refs.
fn schema_name(schema: &Value) -> Option<String> {
    let last = |r: &Value| {
        r.as_str()
            .and_then(|s| s.rsplit('/').next())
            .map(str::to_string)
    };
    if let Some(r) = schema.get("$ref") {
        return last(r);
    }
    if let Some(r) = schema.pointer("/allOf/0/$ref") {
        return last(r);
    }
    schema
        .pointer("/items/$ref")
        .and_then(last)
        .map(|n| format!("[]{n}"))
}

/// `(where, schema, status, example)` for each JSON example in scope.
fn examples(spec: &Value) -> Vec<(String, String, u16, Value)> {
    let mut out = Vec::new();
    for (path, ops) in spec["paths"].as_object().unwrap() {
        if !SCOPE.iter().any(|s| path.starts_with(s)) {
            continue;
        }
        for (method, op) in ops.as_object().unwrap() {
            let mut bodies: Vec<(u16, &Value, &str)> = Vec::new();
            if let Some(content) = op
                .pointer("/requestBody/content")
                .and_then(Value::as_object)
            {
                bodies.extend(content.iter().map(|(ct, c)| (0, c, ct.as_str())));
            }
            for (code, resp) in op["responses"].as_object().into_iter().flatten() {
                let status = code.parse().unwrap_or(0);
                for (ct, c) in resp["content"].as_object().into_iter().flatten() {
                    bodies.push((status, c, ct.as_str()));
                }
            }
            for (status, content, ct) in bodies {
                if !ct.contains("json") {
                    continue;
                }
                let Some(name) = schema_name(&content["schema"]) else {
                    continue;
                };
                let mut values: Vec<&Value> = content.get("example").into_iter().collect();
                values.extend(
                    content["examples"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter_map(|(_, e)| e.get("value")),
                );
                for v in values {
                    out.push((
                        format!("{} {path} {status}", method.to_uppercase()),
                        name.clone(),
                        status,
                        v.clone(),
                    ));
                }
            }
        }
    }
    out
}

/// Examples of 2.9.0 that break the spec's own rules, and the rule they break: KSeF would refuse
/// them, so our `validate()` must too. (`DE` VAT numbers have 9 digits per the spec's pattern;
/// `7762811692-12345` fails the internal-id check digit the spec describes.)
const INVALID_EXAMPLES: [(&str, &str); 4] = [
    (
        "POST /permissions/eu-entities/administration/grants 0",
        "Nieprawidłowy format: Identyfikator NIP-VAT UE",
    ),
    (
        "POST /permissions/query/eu-entities/grants 0",
        "Numer VAT UE: Nieprawidłowy format",
    ),
    (
        "POST /permissions/query/subunits/grants 0",
        "Błędna suma kontrolna identyfikatora wewnętrznego",
    ),
    (
        "POST /permissions/subunits/grants 0",
        "Błędna suma kontrolna identyfikatora wewnętrznego",
    ),
];

#[test]
fn every_example_deserialises() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/ksef/open-api.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_none(),
            "{} is missing",
            path.display()
        );
        return;
    };
    let spec: Value = serde_json::from_str(&text).unwrap();
    let all = examples(&spec);
    let failures: Vec<String> = all
        .iter()
        .filter_map(|(at, schema, status, v)| {
            let known = INVALID_EXAMPLES.iter().find(|(w, _)| w == at);
            match (check(schema, *status, v), known) {
                (Ok(()), None) => None,
                (Err(e), Some((_, why))) if e.contains("validate()") && e.contains(why) => None,
                (Ok(()), Some(_)) => Some(format!("{at} ({schema}): accepted, expected refused")),
                (Err(e), _) => Some(format!("{at} ({schema}): {e}")),
            }
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
    assert!(all.len() >= 40, "only {} examples found", all.len());
}
