//! The current entity's roles and subordinate entities (from `/testdata/subject` and
//! `/testdata/person`).

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use ksef_core::api::permissions::{
    EntityRole, EntityRoleType, Identifier, NipKind, QueryEntityRolesResponse,
    QuerySubordinateEntityRolesResponse, SubordinateEntityRole, SubordinateEntityRolesQueryRequest,
};
use ksef_core::api::testdata::SubjectType;
use ksef_core::context::ContextType;
use ksef_core::permissions::Permission;

use super::{paged, read, Paging};
use crate::access::ClientIp;
use crate::errors::ApiError;
use crate::model::Entity;
use crate::state::Sim;

fn own_role(kind: SubjectType) -> EntityRoleType {
    match kind {
        SubjectType::EnforcementAuthority => EntityRoleType::EnforcementAuthority,
        SubjectType::VatGroup => EntityRoleType::VatGroupUnit,
        SubjectType::Jst => EntityRoleType::LocalGovernmentUnit,
    }
}

/// The role of an entity's subunits; an enforcement authority has none.
fn sub_role(parent: &Entity) -> Option<EntityRoleType> {
    match parent.kind {
        SubjectType::VatGroup => Some(EntityRoleType::VatGroupSubUnit),
        SubjectType::Jst => Some(EntityRoleType::LocalGovernmentSubUnit),
        SubjectType::EnforcementAuthority => None,
    }
}

/// `GET /permissions/query/entities/roles`.
pub async fn entity_roles(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
) -> Result<Json<QueryEntityRolesResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[Permission::CredentialsManage, Permission::CredentialsRead])?;
    let page = paging.page()?;
    let here = &caller.op.context;
    let nip = (here.kind == ContextType::Nip).then_some(here.value.as_str());
    let state = sim.state();
    let own = state
        .entities
        .iter()
        .filter(|e| Some(e.nip.as_str()) == nip)
        .map(|e| EntityRole {
            parent_entity_identifier: None,
            role: own_role(e.kind).into(),
            description: e.description.clone(),
            start_date: e.created,
        });
    let bailiff = state
        .persons
        .iter()
        .filter(|p| p.bailiff && Some(p.nip.as_str()) == nip)
        .map(|p| EntityRole {
            parent_entity_identifier: None,
            role: EntityRoleType::CourtBailiff.into(),
            description: "Komornik sądowy".into(),
            start_date: p.created,
        });
    let under = state.entities.iter().filter_map(|parent| {
        let role = sub_role(parent)?;
        let listed = nip.is_some_and(|n| parent.subunits.iter().any(|s| s == n));
        listed.then(|| EntityRole {
            parent_entity_identifier: Some(Identifier::new(NipKind::Nip, parent.nip.clone())),
            role: role.into(),
            description: parent.description.clone(),
            start_date: parent.created,
        })
    });
    let mut roles: Vec<EntityRole> = own.chain(bailiff).chain(under).collect();
    roles.sort_by_key(|r| std::cmp::Reverse(r.start_date));
    let (roles, has_more) = paged(&roles, page);
    Ok(Json(QueryEntityRolesResponse { roles, has_more }))
}

/// `POST /permissions/query/subordinate-entities/roles`: a JST's or VAT group's members.
pub async fn subordinates(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<QuerySubordinateEntityRolesResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[
        Permission::CredentialsManage,
        Permission::CredentialsRead,
        Permission::SubunitManage,
    ])?;
    let page = paging.page()?;
    let r = read(&body, SubordinateEntityRolesQueryRequest::validate)?;
    let here = &caller.op.context;
    let state = sim.state();
    let mut roles: Vec<SubordinateEntityRole> = state
        .entities
        .iter()
        .filter(|e| here.kind == ContextType::Nip && e.nip == here.value)
        .flat_map(|parent| {
            let role = sub_role(parent);
            parent.subunits.iter().filter_map(move |s| {
                Some(SubordinateEntityRole {
                    subordinate_entity_identifier: Identifier::new(NipKind::Nip, s.clone()),
                    role: role?.into(),
                    description: parent.description.clone(),
                    start_date: parent.created,
                })
            })
        })
        .filter(|s| {
            r.subordinate_entity_identifier
                .as_ref()
                .is_none_or(|f| *f == s.subordinate_entity_identifier)
        })
        .collect();
    roles.sort_by(|a, b| {
        let (x, y) = (
            &a.subordinate_entity_identifier.value,
            &b.subordinate_entity_identifier.value,
        );
        b.start_date.cmp(&a.start_date).then(x.cmp(y))
    });
    let (roles, has_more) = paged(&roles, page);
    Ok(Json(QuerySubordinateEntityRolesResponse {
        roles,
        has_more,
    }))
}
