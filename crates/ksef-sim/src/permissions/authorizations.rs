//! Entity rights (`SelfInvoicing`, `RRInvoicing`, `TaxRepresentative`, `PefInvoicing`): grant,
//! revoke, and the query of those granted or received by the current context.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use ksef_core::api::permissions::{
    AuthorizationQueryType, AuthorizedEntityDetails, AuthorizedEntityKind,
    EntityAuthorizationGrant, EntityAuthorizationPermissionsGrantRequest,
    EntityAuthorizationPermissionsQueryRequest, Identifier, NipKind, OperationStatus,
    PermissionsOperationResponse, QueryEntityAuthorizationPermissionsResponse, SubjectDetailsType,
};
use ksef_core::context::ContextType;
use ksef_core::permissions::Permission;

use super::model::{AuthorizationGrant, Change};
use super::operations::start;
use super::revoke::{check_id, not_found};
use super::{paged, read, Paging};
use crate::access::ClientIp;
use crate::errors::ApiError;
use crate::model::permission_id;
use crate::state::Sim;

type Accepted = (StatusCode, Json<PermissionsOperationResponse>);

pub async fn grant(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Accepted, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[Permission::CredentialsManage])?;
    let r = read(&body, EntityAuthorizationPermissionsGrantRequest::validate)?;
    let now = sim.now();
    let here = &caller.op.context;
    let judged = if here.kind != ContextType::Nip {
        Err((
            OperationStatus::ContextMismatch,
            "Uprawnienia podmiotowe nadaje się w kontekście NIP.".to_string(),
        ))
    } else if r.subject_identifier.value == here.value {
        Err((
            OperationStatus::IdentifierNotAllowed,
            "Podmiot nie może nadać uprawnienia podmiotowego samemu sobie.".to_string(),
        ))
    } else {
        Ok(vec![Change::Authorize(Box::new(AuthorizationGrant {
            id: permission_id(),
            authorizing_nip: here.value.clone(),
            authorized: r.subject_identifier.clone(),
            scope: r.permission,
            author: caller.op.subject.clone(),
            description: r.description.clone(),
            full_name: r.subject_details.full_name.clone(),
            granted: now,
        }))])
    };
    let mut state = sim.state();
    Ok(start(&sim, &mut state, &caller, judged))
}

pub async fn revoke(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Accepted, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[Permission::CredentialsManage])?;
    check_id(&id)?;
    let mut state = sim.state();
    let here = &caller.op.context;
    let own = state
        .authorizations
        .iter()
        .any(|a| a.id == id && here.kind == ContextType::Nip && a.authorizing_nip == here.value);
    let judged = match own {
        true => Ok(vec![Change::RevokeAuthorization(id)]),
        false => Err(not_found(&id)),
    };
    Ok(start(&sim, &mut state, &caller, judged))
}

fn to_api(a: &AuthorizationGrant) -> EntityAuthorizationGrant {
    EntityAuthorizationGrant {
        id: a.id.clone(),
        author_identifier: Some(a.author.clone()),
        authorized_entity_identifier: a.authorized.clone(),
        authorizing_entity_identifier: Identifier::new(NipKind::Nip, a.authorizing_nip.clone()),
        authorization_scope: a.scope.into(),
        description: a.description.clone(),
        subject_entity_details: Some(AuthorizedEntityDetails {
            subject_details_type: SubjectDetailsType::EntityByIdentifier.into(),
            full_name: a.full_name.clone(),
        }),
        start_date: a.granted,
    }
}

/// Granted: by the current NIP (filter `authorizedIdentifier`); received: by the current NIP or
/// Peppol id (filter `authorizingIdentifier`).
pub async fn query(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<QueryEntityAuthorizationPermissionsResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[Permission::CredentialsManage, Permission::CredentialsRead])?;
    let page = paging.page()?;
    let r = read(&body, EntityAuthorizationPermissionsQueryRequest::validate)?;
    let here = &caller.op.context;
    let me = |a: &AuthorizationGrant| match (here.kind, a.authorized.kind) {
        (ContextType::Nip, AuthorizedEntityKind::Nip)
        | (ContextType::PeppolId, AuthorizedEntityKind::PeppolId) => {
            a.authorized.value == here.value
        }
        _ => false,
    };
    let state = sim.state();
    let mut found: Vec<EntityAuthorizationGrant> = state
        .authorizations
        .iter()
        .filter(|a| match r.query_type {
            AuthorizationQueryType::Granted => {
                here.kind == ContextType::Nip
                    && a.authorizing_nip == here.value
                    && r.authorized_identifier
                        .as_ref()
                        .is_none_or(|f| *f == a.authorized)
            }
            AuthorizationQueryType::Received => {
                me(a)
                    && r.authorizing_identifier
                        .as_ref()
                        .is_none_or(|f| f.value == a.authorizing_nip)
            }
        })
        .filter(|a| {
            r.permission_types
                .as_ref()
                .is_none_or(|t| t.contains(&a.scope))
        })
        .map(to_api)
        .collect();
    found.sort_by(|a, b| b.start_date.cmp(&a.start_date).then(a.id.cmp(&b.id)));
    let (authorization_grants, has_more) = paged(&found, page);
    Ok(Json(QueryEntityAuthorizationPermissionsResponse {
        authorization_grants,
        has_more,
    }))
}
