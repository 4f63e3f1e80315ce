//! The permission queries behind the Permissions page's lists, one page each, read into the
//! page's rows; and the grant and revoke calls that a `PermissionOperation` sends.

use ksef_core::api::permissions::*;
use ksef_core::flow::{Call, Failure};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::net::fetch;
use crate::pages::permissions::rows::{self, Filter, Row};
use crate::pages::permissions::state::{List, Question};

/// Rows per page: a screenful, within KSeF's 10..=100.
const PAGE_SIZE: u32 = 20;

fn quiet(_: &ksef_core::flow::Waiting, _: u64) {}

async fn page<T: DeserializeOwned + Clone>(
    base: &str,
    access: &str,
    path: &str,
    body: &impl Serialize,
    page: u32,
) -> Result<T, Failure> {
    let paging = Page::new(page, PAGE_SIZE).unwrap_or_default();
    let call = Call::json(format!("{path}?{}", paging.query()), body).bearer(access);
    fetch(base, call, &quiet).await
}

fn persons_query(
    kind: PersonPermissionsQueryType,
    filter: &Filter,
) -> PersonPermissionsQueryRequest {
    PersonPermissionsQueryRequest {
        authorized_identifier: filter.who.clone(),
        permission_types: filter.permission.map(|p| vec![p]),
        permission_state: filter.state,
        ..PersonPermissionsQueryRequest::new(kind)
    }
}

/// One page of `list`, as `question` asks it: the rows and whether KSeF has more.
pub async fn list(
    base: &str,
    access: &str,
    list: List,
    question: &Question,
) -> Result<(Vec<Row>, bool), Failure> {
    let (f, n) = (&question.filter, question.page);
    Ok(match list {
        List::Here | List::Granted => {
            let kind = if list == List::Here {
                PersonPermissionsQueryType::PermissionsInCurrentContext
            } else {
                PersonPermissionsQueryType::PermissionsGrantedInCurrentContext
            };
            let r: QueryPersonPermissionsResponse = page(
                base,
                access,
                "/permissions/query/persons/grants",
                &persons_query(kind, f),
                n,
            )
            .await?;
            (r.permissions.iter().map(rows::person).collect(), r.has_more)
        }
        List::Subunits => {
            let body = SubunitPermissionsQueryRequest::default();
            let r: QuerySubunitPermissionsResponse =
                page(base, access, "/permissions/query/subunits/grants", &body, n).await?;
            (
                r.permissions.iter().map(rows::subunit).collect(),
                r.has_more,
            )
        }
        List::AuthorizationsGranted | List::AuthorizationsReceived => {
            let granted = list == List::AuthorizationsGranted;
            let kind = if granted {
                AuthorizationQueryType::Granted
            } else {
                AuthorizationQueryType::Received
            };
            let body = EntityAuthorizationPermissionsQueryRequest::new(kind);
            let r: QueryEntityAuthorizationPermissionsResponse = page(
                base,
                access,
                "/permissions/query/authorizations/grants",
                &body,
                n,
            )
            .await?;
            let rows = r.authorization_grants.iter();
            (
                rows.map(|a| rows::authorization(a, granted)).collect(),
                r.has_more,
            )
        }
        List::Received => {
            let body = EntityPermissionsQueryRequest::default();
            let r: QueryEntityPermissionsResponse =
                page(base, access, "/permissions/query/entities/grants", &body, n).await?;
            (
                r.permissions.iter().map(rows::received).collect(),
                r.has_more,
            )
        }
        List::Mine => {
            let body = PersonalPermissionsQueryRequest {
                permission_types: f.permission.map(|p| vec![p]),
                permission_state: f.state,
                ..Default::default()
            };
            let r: QueryPersonalPermissionsResponse =
                page(base, access, "/permissions/query/personal/grants", &body, n).await?;
            // The owner's rights come with every page; list them once, on the first.
            let owned = r.owner_permissions.iter().flatten().filter(|p| {
                n == 0
                    && f.state != Some(PermissionState::Inactive)
                    && f.permission.is_none_or(|want| p.is(want))
            });
            let rows = owned
                .map(rows::owned)
                .chain(r.permissions.iter().map(rows::mine));
            (rows.collect(), r.has_more)
        }
    })
}

/// Every page of one query, read by `items`; KSeF's largest page keeps the calls few.
async fn every_page<T: DeserializeOwned + Clone, I>(
    base: &str,
    access: &str,
    path: &str,
    body: &impl Serialize,
    items: impl Fn(T) -> (Vec<I>, bool),
) -> Result<Vec<I>, Failure> {
    let mut all = Vec::new();
    let mut paging = Page::largest();
    // 50 pages of 100: more grants than any office has clients.
    for _ in 0..50 {
        let call = Call::json(format!("{path}?{}", paging.query()), body).bearer(access);
        let (page, more) = items(fetch(base, call, &quiet).await?);
        all.extend(page);
        if !more {
            break;
        }
        paging = paging.next();
    }
    Ok(all)
}

/// What the current context received from other entities: an office's clients.
pub async fn received_grants(
    base: &str,
    access: &str,
) -> Result<Vec<EntityPermissionItem>, Failure> {
    let body = EntityPermissionsQueryRequest::default();
    every_page(
        base,
        access,
        "/permissions/query/entities/grants",
        &body,
        |r: QueryEntityPermissionsResponse| (r.permissions, r.has_more),
    )
    .await
}

/// The logged-in subject's own permissions, everywhere.
pub async fn own_grants(base: &str, access: &str) -> Result<Vec<PersonalPermission>, Failure> {
    let body = PersonalPermissionsQueryRequest::default();
    every_page(
        base,
        access,
        "/permissions/query/personal/grants",
        &body,
        |r: QueryPersonalPermissionsResponse| (r.permissions, r.has_more),
    )
    .await
}
