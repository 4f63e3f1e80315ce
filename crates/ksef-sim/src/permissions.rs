//! `POST /v2/permissions/query/personal/grants`: the caller's own permissions in the context of
//! its session — the `/testdata/permissions` grants as a paged list, and what it holds as the
//! context's owner under `ownerPermissions`. An owner of a NIP context also sees what other
//! entities granted that NIP (for invoice handling), each with the granting context. A session
//! that logged in with a KSeF token sees only what the token carries. This is how a client learns
//! which token permissions it may ask for (the simulator's JWTs, like KSeF's, list none).

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::routing::post;
use axum::{Json, Router};
use ksef_core::api::permissions::{
    PermissionState, PersonalPermission, PersonalPermissionsQueryRequest,
    QueryPersonalPermissionsResponse,
};
use ksef_core::api::{SubjectIdentifier, SubjectIdentifierKind};
use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::extensible::Extensible;
use ksef_core::permissions::Permission;
use serde::Deserialize;

use crate::access::{grants, owner_permissions, ClientIp};
use crate::errors::{json_body, ApiError};
use crate::future;
use crate::model::Grant;
use crate::state::Sim;

pub fn routes() -> Router<Sim> {
    Router::new().route("/permissions/query/personal/grants", post(personal))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Paging {
    page_offset: Option<String>,
    page_size: Option<String>,
}

fn to_api(g: &Grant, caller: &SubjectIdentifier) -> PersonalPermission {
    PersonalPermission {
        id: g.id.clone(),
        context_identifier: Some(ApiContextIdentifier {
            kind: ContextType::Nip,
            value: g.context_nip.clone(),
        }),
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

async fn personal(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<QueryPersonalPermissionsResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    let request: PersonalPermissionsQueryRequest = if body.is_empty() {
        PersonalPermissionsQueryRequest::default()
    } else {
        json_body(&body)?
    };
    request
        .validate()
        .map_err(|e| ApiError::validation(e.to_string()))?;
    let size = crate::sessions::page_size(paging.page_size.as_deref(), 10, 100)?;
    let offset: usize = match paging.page_offset.as_deref() {
        None => 0,
        Some(s) => s
            .parse()
            .map_err(|_| ApiError::validation("pageOffset: liczba ≥ 0."))?,
    };
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
    // Everything the simulator models is active and direct (no target); a filter that asks for
    // anything else finds nothing.
    let selected = request
        .permission_state
        .is_none_or(|s| s == PermissionState::Active)
        && request.target_identifier.is_none();
    let in_filter_context = |nip: &str| {
        request
            .context_identifier
            .as_ref()
            .is_none_or(|c| c.kind == ContextType::Nip && c.value == nip)
    };
    let owner = owner_permissions(&state, &op.subject, &op.context);
    // Grants to the entity whose owner is logged in, made in other entities' contexts.
    let entity = SubjectIdentifier {
        kind: SubjectIdentifierKind::Nip,
        value: op.context.value.clone(),
    };
    let for_entity = (!owner.is_empty() && op.context.kind == ContextType::Nip)
        .then(|| state.grants.iter().filter(|g| g.authorized == entity))
        .into_iter()
        .flatten();
    let mut found: Vec<&Grant> = grants(&state, &op.subject, &op.context)
        .chain(for_entity)
        .filter(|g| selected && shown(&g.permission) && in_filter_context(&g.context_nip))
        .collect();
    found.sort_by(|a, b| b.granted.cmp(&a.granted).then(a.id.cmp(&b.id)));
    found.dedup_by(|a, b| a.id == b.id);
    let has_more = found.len() > offset.saturating_add(1).saturating_mul(size);
    let mut permissions: Vec<PersonalPermission> = found
        .into_iter()
        .skip(offset.saturating_mul(size))
        .take(size)
        .map(|g| to_api(g, &op.subject))
        .collect();
    let here = selected
        && request
            .context_identifier
            .as_ref()
            .is_none_or(|c| *c == op.context);
    if state.config.future_values && here && offset == 0 {
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
