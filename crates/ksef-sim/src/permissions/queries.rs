//! The administrators' queries: persons (in force here, or granted by me), subunit
//! administrators, invoice handling received from other entities (an office's clients), and EU
//! entities' administrators and representatives. Sorted by startDate desc, id asc, then paged.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::Json;
use ksef_core::api::permissions::{
    AuthorIdentifier, AuthorIdentifierKind, EntityPermissionItem, EntityPermissionsQueryRequest,
    EuEntityPermission, EuEntityPermissionsQueryRequest, Identifier, PermissionState,
    PersonPermission, PersonPermissionsQueryRequest, PersonPermissionsQueryType,
    QueryEntityPermissionsResponse, QueryEuEntityPermissionsResponse,
    QueryPersonPermissionsResponse, QuerySubunitPermissionsResponse, SubunitKind,
    SubunitPermission, SubunitPermissionsQueryRequest,
};
use ksef_core::api::{SubjectIdentifier, SubjectIdentifierKind};
use ksef_core::context::ContextType;
use ksef_core::permissions::Permission;

use super::held::state_of;
use super::model::{GrantKind, PermissionGrant};
use super::{paged, read, Paging};
use crate::access::ClientIp;
use crate::errors::ApiError;
use crate::model::Grant;
use crate::state::{Sim, State as SimState};

fn author(s: &SubjectIdentifier) -> AuthorIdentifier {
    let kind = match s.kind {
        SubjectIdentifierKind::Nip => AuthorIdentifierKind::Nip,
        SubjectIdentifierKind::Pesel => AuthorIdentifierKind::Pesel,
        SubjectIdentifierKind::Fingerprint => AuthorIdentifierKind::Fingerprint,
    };
    AuthorIdentifier {
        kind,
        value: Some(s.value.clone()),
    }
}

fn person_item(state: &SimState, g: &PermissionGrant) -> PersonPermission {
    PersonPermission {
        id: g.id.clone(),
        authorized_identifier: g.authorized.clone(),
        // Only subunit administrators name a context: the subunit's.
        context_identifier: (g.kind == GrantKind::SubunitAdmin).then(|| g.context.clone()),
        target_identifier: g.target.clone(),
        author_identifier: author(&g.author),
        permission_scope: g.permission.into(),
        description: g.description.clone(),
        subject_person_details: g.person.clone(),
        subject_entity_details: g.entity.clone(),
        permission_state: state_of(state, g).into(),
        start_date: g.granted,
        can_delegate: g.can_delegate,
    }
}

/// A test-data grant was made by KSeF itself (`System`).
fn test_data_item(g: &Grant) -> PersonPermission {
    PersonPermission {
        id: g.id.clone(),
        authorized_identifier: g.authorized.clone(),
        context_identifier: None,
        target_identifier: None,
        author_identifier: AuthorIdentifier {
            kind: AuthorIdentifierKind::System,
            value: None,
        },
        permission_scope: g.permission.into(),
        description: g.description.clone(),
        subject_person_details: None,
        subject_entity_details: None,
        permission_state: PermissionState::Active.into(),
        start_date: g.granted,
        can_delegate: false,
    }
}

fn same_subject(a: &SubjectIdentifier, b: &SubjectIdentifier) -> bool {
    a.kind == b.kind && a.value.eq_ignore_ascii_case(&b.value)
}

fn matches(r: &PersonPermissionsQueryRequest, p: &PersonPermission) -> bool {
    let author = r
        .author_identifier
        .as_ref()
        .is_none_or(|a| a.kind == p.author_identifier.kind && a.value == p.author_identifier.value);
    let authorized = r
        .authorized_identifier
        .as_ref()
        .is_none_or(|a| same_subject(a, &p.authorized_identifier));
    let context = r
        .context_identifier
        .as_ref()
        .is_none_or(|c| p.context_identifier.as_ref() == Some(c));
    let target = r
        .target_identifier
        .as_ref()
        .is_none_or(|t| p.target_identifier.as_ref() == Some(t));
    let types = r
        .permission_types
        .as_ref()
        .is_none_or(|t| p.permission_scope.known().is_some_and(|s| t.contains(&s)));
    let state = r.permission_state.is_none_or(|s| p.permission_state.is(s));
    author && authorized && context && target && types && state
}

fn by_date_then_id<T>(items: &mut [T], key: impl Fn(&T) -> (ksef_core::datetime::DateTime, &str)) {
    items.sort_by(|a, b| {
        let (da, ia) = key(a);
        let (db, ib) = key(b);
        db.cmp(&da).then(ia.cmp(ib))
    });
}

/// In force here: grants to work in this context (direct, subunit administrators, entities,
/// test data) and the indirect grants this context made. Granted by me: what the caller
/// granted from here, directly or indirectly.
pub async fn persons(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<QueryPersonPermissionsResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[
        Permission::CredentialsManage,
        Permission::CredentialsRead,
        Permission::SubunitManage,
    ])?;
    let page = paging.page()?;
    let r = read(&body, PersonPermissionsQueryRequest::validate)?;
    let here = &caller.op.context;
    let state = sim.state();
    let listed = |g: &&PermissionGrant| match (r.query_type, g.kind) {
        (_, GrantKind::EuAdmin | GrantKind::EuRepresentative) => false,
        (PersonPermissionsQueryType::PermissionsInCurrentContext, GrantKind::Indirect) => {
            g.granted_in == *here
        }
        (PersonPermissionsQueryType::PermissionsInCurrentContext, _) => g.context == *here,
        (PersonPermissionsQueryType::PermissionsGrantedInCurrentContext, _) => {
            g.granted_in == *here && same_subject(&g.author, &caller.op.subject)
        }
    };
    let mut items: Vec<PersonPermission> = state
        .permission_grants
        .iter()
        .filter(listed)
        .map(|g| person_item(&state, g))
        .collect();
    if r.query_type == PersonPermissionsQueryType::PermissionsInCurrentContext {
        let here_nip = here.kind == ContextType::Nip;
        items.extend(
            state
                .grants
                .iter()
                .filter(|g| here_nip && g.context_nip == here.value)
                .map(test_data_item),
        );
    }
    items.retain(|p| matches(&r, p));
    by_date_then_id(&mut items, |p| (p.start_date, p.id.as_str()));
    let (permissions, has_more) = paged(&items, page);
    Ok(Json(QueryPersonPermissionsResponse {
        permissions,
        has_more,
    }))
}

/// Administrators of subunits, as granted from the current context.
pub async fn subunits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<QuerySubunitPermissionsResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[
        Permission::CredentialsManage,
        Permission::CredentialsRead,
        Permission::SubunitManage,
    ])?;
    let page = paging.page()?;
    let r = read(&body, SubunitPermissionsQueryRequest::validate)?;
    let state = sim.state();
    let mut items: Vec<SubunitPermission> = state
        .permission_grants
        .iter()
        .filter(|g| g.kind == GrantKind::SubunitAdmin && g.granted_in == caller.op.context)
        .map(|g| SubunitPermission {
            id: g.id.clone(),
            authorized_identifier: g.authorized.clone(),
            subunit_identifier: Identifier::new(
                match g.context.kind {
                    ContextType::InternalId => SubunitKind::InternalId,
                    _ => SubunitKind::Nip,
                },
                g.context.value.clone(),
            ),
            author_identifier: g.author.clone(),
            permission_scope: g.permission.into(),
            description: g.description.clone(),
            subject_person_details: g.person.clone(),
            subunit_name: g.subunit_name.clone(),
            start_date: g.granted,
        })
        .filter(|p| {
            r.subunit_identifier
                .as_ref()
                .is_none_or(|s| *s == p.subunit_identifier)
        })
        .collect();
    by_date_then_id(&mut items, |p| (p.start_date, p.id.as_str()));
    let (permissions, has_more) = paged(&items, page);
    Ok(Json(QuerySubunitPermissionsResponse {
        permissions,
        has_more,
    }))
}

/// Invoice handling the current entity received: `contextIdentifier` is the client that gave
/// it (API grants with their `canDelegate`, and test-data grants to this NIP).
pub async fn entities(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<QueryEntityPermissionsResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[Permission::CredentialsManage, Permission::CredentialsRead])?;
    let page = paging.page()?;
    let r = read(&body, EntityPermissionsQueryRequest::validate)?;
    let here = &caller.op.context;
    let me = SubjectIdentifier {
        kind: SubjectIdentifierKind::Nip,
        value: here.value.clone(),
    };
    let state = sim.state();
    let api = state
        .permission_grants
        .iter()
        .filter(|g| g.kind == GrantKind::Entity && g.authorized == me)
        .map(|g| EntityPermissionItem {
            id: g.id.clone(),
            context_identifier: g.context.clone(),
            permission_scope: g.permission.into(),
            description: g.description.clone(),
            start_date: g.granted,
            can_delegate: g.can_delegate,
        });
    let test_data = state
        .grants
        .iter()
        .filter(|g| g.authorized == me && Permission::DELEGABLE.contains(&g.permission))
        .map(|g| EntityPermissionItem {
            id: g.id.clone(),
            context_identifier: super::held::nip_context(&g.context_nip),
            permission_scope: g.permission.into(),
            description: g.description.clone(),
            start_date: g.granted,
            can_delegate: false,
        });
    let mut items: Vec<EntityPermissionItem> = api
        .chain(test_data)
        .filter(|_| here.kind == ContextType::Nip)
        .filter(|p| {
            r.context_identifier
                .as_ref()
                .is_none_or(|c| *c == p.context_identifier)
        })
        .collect();
    by_date_then_id(&mut items, |p| (p.start_date, p.id.as_str()));
    let (permissions, has_more) = paged(&items, page);
    Ok(Json(QueryEntityPermissionsResponse {
        permissions,
        has_more,
    }))
}

fn eu_item(g: &PermissionGrant) -> EuEntityPermission {
    let vat = g.context.value.split_once('-').map_or("", |(_, v)| v);
    EuEntityPermission {
        id: g.id.clone(),
        author_identifier: g.author.clone(),
        vat_ue_identifier: vat.to_string(),
        eu_entity_name: g
            .eu_entity_name
            .clone()
            .unwrap_or_else(|| "Podmiot unijny".into()),
        authorized_fingerprint_identifier: g.authorized.value.clone(),
        permission_scope: g.permission.into(),
        description: g.description.clone(),
        subject_person_details: g.person.clone(),
        subject_entity_details: g.entity.clone(),
        eu_entity_details: g.eu_entity_details.clone(),
        start_date: g.granted,
    }
}

/// From a NIP: the administrators of its EU entities; from a composite context: everyone's
/// permissions there.
pub async fn eu_entities(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Query(paging): Query<Paging>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<QueryEuEntityPermissionsResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[
        Permission::CredentialsManage,
        Permission::CredentialsRead,
        Permission::VatUeManage,
    ])?;
    let page = paging.page()?;
    let r = read(&body, EuEntityPermissionsQueryRequest::validate)?;
    let here = &caller.op.context;
    let prefix = format!("{}-", here.value);
    let state = sim.state();
    let mut items: Vec<EuEntityPermission> = state
        .permission_grants
        .iter()
        .filter(|g| match (here.kind, g.kind) {
            (ContextType::Nip, GrantKind::EuAdmin) => g.context.value.starts_with(&prefix),
            (ContextType::NipVatUe, GrantKind::EuAdmin | GrantKind::EuRepresentative) => {
                g.context == *here
            }
            _ => false,
        })
        .map(eu_item)
        .filter(|p| {
            r.vat_ue_identifier
                .as_ref()
                .is_none_or(|v| *v == p.vat_ue_identifier)
        })
        .filter(|p| {
            r.authorized_fingerprint_identifier
                .as_ref()
                .is_none_or(|f| {
                    p.authorized_fingerprint_identifier
                        .to_ascii_uppercase()
                        .contains(&f.to_ascii_uppercase())
                })
        })
        .filter(|p| {
            r.permission_types
                .as_ref()
                .is_none_or(|t| p.permission_scope.known().is_some_and(|s| t.contains(&s)))
        })
        .collect();
    by_date_then_id(&mut items, |p| (p.start_date, p.id.as_str()));
    let (permissions, has_more) = paged(&items, page);
    Ok(Json(QueryEuEntityPermissionsResponse {
        permissions,
        has_more,
    }))
}
