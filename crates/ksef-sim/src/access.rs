//! Who is calling: the client IP, the permissions a subject holds in a context (test data and
//! the TEST owner rule), and the access-token checks every protected endpoint makes.

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use ksef_core::api::{SubjectIdentifier, SubjectIdentifierKind};
use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::ip_policy::{AllowedIps, ApiAllowedIps};
use ksef_core::permissions::Permission;
use serde_json::json;

use crate::errors::ApiError;
use crate::jwt::{bearer, Claims, TokenType};
use crate::model::{AuthOperation, Grant};
use crate::state::{Sim, State};

/// The client's address: the socket's, or `X-Forwarded-For` when configured.
pub struct ClientIp(pub String);

impl FromRequestParts<Sim> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, sim: &Sim) -> Result<ClientIp, Self::Rejection> {
        let forwarded = sim
            .state()
            .config
            .trust_forwarded_for
            .then(|| parts.headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        let socket = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let ip = forwarded.or(socket).map(|ip| ip.to_canonical());
        Ok(ClientIp(
            ip.map_or_else(|| "127.0.0.1".into(), |ip| ip.to_string()),
        ))
    }
}

/// What an owner of a context may do (`OwnerPermissionScope` of 2.9.0; EnforcementOperations
/// only for bailiffs and authorities).
pub const OWNER: [Permission; 7] = [
    Permission::InvoiceWrite,
    Permission::InvoiceRead,
    Permission::CredentialsManage,
    Permission::CredentialsRead,
    Permission::Introspection,
    Permission::SubunitManage,
    Permission::CollectiveIdentifierManage,
];

/// The permissions `subject` holds in `context` as its owner: the TEST owner rule, persons from
/// `/testdata/person` (bailiffs also EnforcementOperations) and enforcement authorities.
pub fn owner_permissions(
    state: &State,
    subject: &SubjectIdentifier,
    context: &ApiContextIdentifier,
) -> BTreeSet<Permission> {
    let mut out = BTreeSet::new();
    let nip_context = context.kind == ContextType::Nip;
    let is = |kind, value: &str| subject.kind == kind && subject.value == value;
    // The TEST owner rule; InternalId and NipVatUe contexts start with the entity's NIP.
    let context_nip = match context.kind {
        ContextType::Nip => Some(context.value.as_str()),
        ContextType::InternalId | ContextType::NipVatUe => context.value.split('-').next(),
        ContextType::PeppolId => None,
    };
    if state.config.self_signed_owner_rule
        && context_nip.is_some_and(|n| is(SubjectIdentifierKind::Nip, n))
    {
        out.extend(OWNER);
    }
    for p in state
        .persons
        .iter()
        .filter(|p| nip_context && p.nip == context.value)
    {
        if is(SubjectIdentifierKind::Nip, &p.nip) || is(SubjectIdentifierKind::Pesel, &p.pesel) {
            out.extend(OWNER);
            if p.bailiff {
                out.insert(Permission::EnforcementOperations);
            }
        }
    }
    let authority = state.entities.iter().any(|e| {
        e.nip == context.value
            && e.kind == ksef_core::api::testdata::SubjectType::EnforcementAuthority
    });
    if authority && out.contains(&Permission::CredentialsManage) {
        out.insert(Permission::EnforcementOperations);
    }
    out
}

/// The `/testdata/permissions` grants to `subject` in `context` (grants are made in NIP contexts).
pub fn grants<'a>(
    state: &'a State,
    subject: &'a SubjectIdentifier,
    context: &'a ApiContextIdentifier,
) -> impl Iterator<Item = &'a Grant> {
    let nip_context = context.kind == ContextType::Nip;
    state
        .grants
        .iter()
        .filter(move |g| nip_context && g.context_nip == context.value && &g.authorized == subject)
}

/// The permissions `subject` holds in `context` right now: as owner, by test data, and by the
/// grants of `/permissions/*` (an employee's indirect ones only while the client allows them).
pub fn permissions(
    state: &State,
    subject: &SubjectIdentifier,
    context: &ApiContextIdentifier,
) -> BTreeSet<Permission> {
    let mut out = owner_permissions(state, subject, context);
    out.extend(grants(state, subject, context).map(|g| g.permission));
    out.extend(crate::permissions::held::granted(state, subject, context));
    out
}

/// What a session may do now: its subject's permissions in its context, and for a login with
/// a KSeF token only those the token carries.
pub fn session_permissions(state: &State, op: &AuthOperation) -> BTreeSet<Permission> {
    let mut held = permissions(state, &op.subject, &op.context);
    if let Some(t) = op.via_token.as_ref().and_then(|r| state.tokens.get(r)) {
        held.retain(|p| t.permissions.contains(p));
    }
    held
}

/// A person registered as deceased (their credentials end in 470 / 21308).
pub fn is_deceased(state: &State, subject: &SubjectIdentifier) -> bool {
    state.persons.iter().any(|p| {
        p.deceased
            && ((subject.kind == SubjectIdentifierKind::Pesel && subject.value == p.pesel)
                || (subject.kind == SubjectIdentifierKind::Nip && subject.value == p.nip))
    })
}

pub fn ip_allowed(policy: Option<&ApiAllowedIps>, ip: &str) -> bool {
    let Some(p) = policy else { return true };
    let list = |v: &Option<Vec<String>>| v.clone().unwrap_or_default();
    let Ok(allowed) = AllowedIps::parse(
        &list(&p.ip4_addresses),
        &list(&p.ip4_ranges),
        &list(&p.ip4_masks),
    ) else {
        return false;
    };
    allowed.is_empty() || ip.parse().is_ok_and(|ip| allowed.allows(ip))
}

/// An authenticated caller of a protected endpoint.
pub struct Caller {
    pub claims: Claims,
    pub op: AuthOperation,
}

impl Caller {
    /// The session's permissions as of its redeem or last refresh (an access token does not
    /// gain or lose permissions until it is refreshed).
    pub fn has_any(&self, any_of: &[Permission]) -> bool {
        any_of.iter().any(|p| self.op.permissions.contains(p))
    }

    /// 403 `auth-method-not-allowed` for token-authenticated callers.
    pub fn require_signature_login(&self) -> Result<(), ApiError> {
        if self.op.is_xades() {
            return Ok(());
        }
        Err(ApiError::Forbidden {
            reason_code: "auth-method-not-allowed",
            detail: "Ta operacja nie jest dostępna dla sesji uwierzytelnionej tokenem KSeF.".into(),
            security: Some(json!({"authenticationMethodCategory": "Token"})),
        })
    }
}

impl Sim {
    /// Checks the access token: signature, type, expiry, the operation, and the IP policy.
    pub fn caller(&self, headers: &HeaderMap, ip: &str) -> Result<Caller, ApiError> {
        let now = self.now();
        let claims = self.jwt.check(
            bearer(headers)?,
            TokenType::ContextToken,
            now.unix_timestamp(),
        )?;
        let op = self
            .state()
            .operations
            .get(&claims.operation)
            .cloned()
            .ok_or_else(|| ApiError::Unauthorized("Nieznana sesja.".into()))?;
        if !ip_allowed(op.allowed_ips.as_ref(), ip) {
            return Err(ApiError::Forbidden {
                reason_code: "ip-not-allowed",
                detail:
                    "Żądanie pochodzi z adresu IP innego niż wskazany podczas uwierzytelnienia."
                        .into(),
                security: Some(json!({"clientIp": ip})),
            });
        }
        Ok(Caller { claims, op })
    }
}
