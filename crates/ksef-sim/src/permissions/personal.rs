//! `POST /v2/permissions/query/personal/grants`: the caller's own permissions in the context of
//! its session — test-data grants, the grants of `/permissions/*` that hold here (an employee's
//! indirect grants for this client, `Inactive` once the client withdrew the office's delegable
//! right), and what it holds as the context's owner under `ownerPermissions`. An owner of a NIP
//! context also sees what other entities granted that NIP, each with the granting context. A
//! session that logged in with a KSeF token sees only what the token carries. This is how a
//! client learns which token permissions it may ask for (the simulator's JWTs, like KSeF's,
//! list none).

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use ksef_core::api::permissions::{
    PermissionState, PersonalPermission, PersonalPermissionsQueryRequest,
    QueryPersonalPermissionsResponse,
};
use ksef_core::api::{SubjectIdentifier, SubjectIdentifierKind};
use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::extensible::Extensible;
use ksef_core::permissions::Permission;

use super::held::{client_of, holding, indirect_in_effect, nip_context};
use super::model::{GrantKind, PermissionGrant};
use super::{paged, read, Paging};
use crate::access::{grants, owner_permissions, ClientIp};
use crate::errors::ApiError;
use crate::future;
use crate::model::Grant;
use crate::state::{Sim, State as SimState};

fn from_test_data(g: &Grant, caller: &SubjectIdentifier) -> PersonalPermission {
    PersonalPermission {
        id: g.id.clone(),
        context_identifier: Some(nip_context(&g.context_nip)),
        // Only when the authorized subject is not the caller itself (a grant to its entity).
        authorized_identifier: (&g.authorized != caller).then(|| g.authorized.clone()),
        target_identifier: None,
        permission_scope: g.permission.into(),
        description: g.description.clone(),
        subject_person_details: None,
        subject_entity_details: None,
        permission_state: PermissionState::Active.into(),
        start_date: g.granted,
        can_delegate: false,
    }
}

/// `context` is where the grant holds for the caller: for an indirect grant, the client's.
fn from_api(
    g: &PermissionGrant,
    caller: &SubjectIdentifier,
    context: &ApiContextIdentifier,
    state: PermissionState,
) -> PersonalPermission {
    PersonalPermission {
        id: g.id.clone(),
        context_identifier: Some(context.clone()),
        authorized_identifier: (&g.authorized != caller).then(|| g.authorized.clone()),
        target_identifier: g.target.clone(),
        permission_scope: g.permission.into(),
        description: g.description.clone(),
        subject_person_details: g.person.clone(),
        subject_entity_details: g.entity.clone(),
        permission_state: state.into(),
        start_date: g.granted,
        can_delegate: g.can_delegate,
    }
}

/// A permission of a later KSeF release (the `futureValues` switch).
fn future_permission(
    context: &ApiContextIdentifier,
    now: ksef_core::datetime::DateTime,
) -> PersonalPermission {
    PersonalPermission {
        id: "00000000-0000-4000-8000-000000000000".into(),
        context_identifier: Some(context.clone()),
        authorized_identifier: None,
        target_identifier: None,
        permission_scope: Extensible::Unknown(future::PERMISSION.into()),
        description: "Uprawnienie z przyszłej wersji KSeF".into(),
        subject_person_details: None,
        subject_entity_details: None,
        permission_state: PermissionState::Active.into(),
        start_date: now,
        can_delegate: false,
    }
}

/// Everything the query may list for `subject` in `here`, before filters.
fn own(
    state: &SimState,
    subject: &SubjectIdentifier,
    here: &ApiContextIdentifier,
    owner: bool,
) -> Vec<PersonalPermission> {
    let mut out: Vec<PersonalPermission> = grants(state, subject, here)
        .map(|g| from_test_data(g, subject))
        .collect();
    // Grants to the entity whose owner is logged in, made in other entities' contexts.
    let entity = SubjectIdentifier {
        kind: SubjectIdentifierKind::Nip,
        value: here.value.clone(),
    };
    let for_entity = owner && here.kind == ContextType::Nip;
    out.extend(
        state
            .grants
            .iter()
            .filter(|g| for_entity && g.authorized == entity)
            .map(|g| from_test_data(g, subject)),
    );
    out.extend(
        holding(state, subject, here)
            .filter(|g| g.kind != GrantKind::Indirect)
            .map(|g| from_api(g, subject, &g.context, PermissionState::Active)),
    );
    out.extend(
        state
            .permission_grants
            .iter()
            .filter(|g| for_entity && g.kind == GrantKind::Entity && g.authorized == entity)
            .map(|g| from_api(g, subject, &g.context, PermissionState::Active)),
    );
    // An employee's grants for this client: in force or not; general ones only while in force.
    for g in state
        .permission_grants
        .iter()
        .filter(|g| g.kind == GrantKind::Indirect && g.authorized == *subject)
    {
        let in_effect = indirect_in_effect(state, g, here);
        let for_here = client_of(g).is_some_and(|c| c == *here);
        let shown = match (in_effect, for_here) {
            (true, _) => Some(PermissionState::Active),
            (false, true) => Some(PermissionState::Inactive),
            (false, false) => None,
        };
        out.extend(shown.map(|s| from_api(g, subject, here, s)));
    }
    out.sort_by(|a, b| b.start_date.cmp(&a.start_date).then(a.id.cmp(&b.id)));
    out.dedup_by(|a, b| a.id == b.id);
    out
}

pub async fn personal(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<QueryPersonalPermissionsResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let request = read(&body, PersonalPermissionsQueryRequest::validate)?;
    let page = paging.page()?;
    let op = &caller.op;
    let state = sim.state();
    let token = op.via_token.as_ref().and_then(|r| state.tokens.get(r));
    let shown = |p: &Permission| {
        token.is_none_or(|t| t.permissions.contains(p))
            && request
                .permission_types
                .as_ref()
                .is_none_or(|types| types.contains(p))
    };
    let owner = owner_permissions(&state, &op.subject, &op.context);
    let mut found = own(&state, &op.subject, &op.context, !owner.is_empty());
    found.retain(|p| {
        p.permission_scope.known().is_some_and(|s| shown(&s))
            && request
                .permission_state
                .is_none_or(|s| p.permission_state.is(s))
            && request
                .context_identifier
                .as_ref()
                .is_none_or(|c| p.context_identifier.as_ref() == Some(c))
            && request
                .target_identifier
                .as_ref()
                .is_none_or(|t| p.target_identifier.as_ref() == Some(t))
    });
    let (mut permissions, has_more) = paged(&found, page);
    // The owner's own permissions are not grants: no state, no target, this context only.
    let here = request
        .permission_state
        .is_none_or(|s| s == PermissionState::Active)
        && request.target_identifier.is_none()
        && request
            .context_identifier
            .as_ref()
            .is_none_or(|c| *c == op.context);
    if state.config.future_values && here && page.offset == 0 {
        permissions.push(future_permission(&op.context, sim.now()));
    }
    let owner: Vec<Extensible<Permission>> = owner
        .into_iter()
        .filter(|p| here && shown(p))
        .map(Extensible::from)
        .collect();
    Ok(Json(QueryPersonalPermissionsResponse {
        permissions,
        owner_permissions: (!owner.is_empty()).then_some(owner),
        has_more,
    }))
}
