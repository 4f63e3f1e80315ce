//! Who holds what through the API's grants. The rules that make the accounting-office flow
//! work: an entity grant lets the grantee entity (its own identity or its owner) act in the
//! client's context; an employee's indirect grant holds in a client's context only while that
//! client's grant of the same permission to the office stands with `canDelegate`.

use std::collections::BTreeSet;

use ksef_core::api::permissions::{PermissionState, TargetIdentifierKind};
use ksef_core::api::{SubjectIdentifier, SubjectIdentifierKind};
use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::permissions::Permission;

use super::model::{GrantKind, PermissionGrant};
use crate::access::owner_permissions;
use crate::state::State;

pub fn nip_context(nip: &str) -> ApiContextIdentifier {
    ApiContextIdentifier {
        kind: ContextType::Nip,
        value: nip.to_string(),
    }
}

/// `subject` acts for the entity `nip`: it is that NIP, or it owns that NIP's context.
pub fn acts_for(state: &State, subject: &SubjectIdentifier, nip: &str) -> bool {
    !owner_permissions(state, subject, &nip_context(nip)).is_empty()
}

/// The client `client` gave the office `office` this permission with `canDelegate`.
pub fn delegated(
    state: &State,
    client: &ApiContextIdentifier,
    office: &str,
    permission: Permission,
) -> bool {
    state.permission_grants.iter().any(|e| {
        e.kind == GrantKind::Entity
            && e.context == *client
            && e.authorized.kind == SubjectIdentifierKind::Nip
            && e.authorized.value == office
            && e.permission == permission
            && e.can_delegate
    })
}

/// The one client an indirect grant is for (`None`: all of the office's clients).
pub fn client_of(g: &PermissionGrant) -> Option<ApiContextIdentifier> {
    let t = g.target.as_ref()?;
    let kind = match t.kind {
        TargetIdentifierKind::AllPartners => return None,
        TargetIdentifierKind::Nip => ContextType::Nip,
        TargetIdentifierKind::InternalId => ContextType::InternalId,
    };
    Some(ApiContextIdentifier {
        kind,
        value: t.value.clone().unwrap_or_default(),
    })
}

/// An indirect grant is in effect in `client`'s context.
pub fn indirect_in_effect(
    state: &State,
    g: &PermissionGrant,
    client: &ApiContextIdentifier,
) -> bool {
    let for_client = client_of(g).is_none_or(|c| c == *client);
    for_client && delegated(state, client, &g.granted_in.value, g.permission)
}

/// What a query shows: a grant for one client is `Inactive` once the client withdrew the
/// office's delegable right; everything else is in force until revoked.
pub fn state_of(state: &State, g: &PermissionGrant) -> PermissionState {
    match (g.kind, client_of(g)) {
        (GrantKind::Indirect, Some(client)) if !indirect_in_effect(state, g, &client) => {
            PermissionState::Inactive
        }
        _ => PermissionState::Active,
    }
}

/// The grants of the API that give `subject` a permission in `context` now.
pub fn holding<'a>(
    state: &'a State,
    subject: &'a SubjectIdentifier,
    context: &'a ApiContextIdentifier,
) -> impl Iterator<Item = &'a PermissionGrant> {
    state
        .permission_grants
        .iter()
        .filter(move |g| match g.kind {
            GrantKind::Person
            | GrantKind::SubunitAdmin
            | GrantKind::EuAdmin
            | GrantKind::EuRepresentative => g.context == *context && g.authorized == *subject,
            GrantKind::Entity => {
                g.context == *context
                    && g.authorized.kind == SubjectIdentifierKind::Nip
                    && acts_for(state, subject, &g.authorized.value)
            }
            GrantKind::Indirect => {
                g.authorized == *subject && indirect_in_effect(state, g, context)
            }
        })
}

/// The permissions [`holding`] gives.
pub fn granted(
    state: &State,
    subject: &SubjectIdentifier,
    context: &ApiContextIdentifier,
) -> BTreeSet<Permission> {
    holding(state, subject, context)
        .map(|g| g.permission)
        .collect()
}
