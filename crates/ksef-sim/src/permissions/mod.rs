//! `/v2/permissions/*`: grants and revocations as asynchronous operations, the queries, and the
//! rules of who holds what ([`held`]), which logins and KSeF tokens go by.
//!
//! A grant's body is checked by ksef-core's `validate()` (21405); the relations between the
//! subjects (may this office pass on this client's rights?) are judged when the operation is
//! started and reported by its status after `permissionDelayMs` ([`operations`]).

mod administrators;
pub mod attachments;
mod authorizations;
mod grant;
pub mod held;
pub mod model;
pub mod operations;
mod personal;
mod queries;
mod revoke;
mod roles;

use axum::routing::{delete, get, post};
use axum::Router;
use ksef_core::api::permissions::{Page, PermissionFormError};
use ksef_core::permissions::Permission;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;

use crate::access::Caller;
use crate::errors::{json_body, ApiError};
use crate::state::Sim;

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/permissions/persons/grants", post(grant::persons))
        .route("/permissions/entities/grants", post(grant::entities))
        .route(
            "/permissions/authorizations/grants",
            post(authorizations::grant),
        )
        .route("/permissions/indirect/grants", post(grant::indirect))
        .route(
            "/permissions/subunits/grants",
            post(administrators::subunits),
        )
        .route(
            "/permissions/eu-entities/administration/grants",
            post(administrators::eu_administrators),
        )
        .route(
            "/permissions/eu-entities/grants",
            post(administrators::eu_representatives),
        )
        .route("/permissions/common/grants/{id}", delete(revoke::common))
        .route(
            "/permissions/authorizations/grants/{id}",
            delete(authorizations::revoke),
        )
        .route(
            "/permissions/operations/{reference}",
            get(operations::status),
        )
        .route("/permissions/attachments/status", get(attachments::status))
        .route(
            "/permissions/query/personal/grants",
            post(personal::personal),
        )
        .route("/permissions/query/persons/grants", post(queries::persons))
        .route(
            "/permissions/query/subunits/grants",
            post(queries::subunits),
        )
        .route(
            "/permissions/query/entities/grants",
            post(queries::entities),
        )
        .route(
            "/permissions/query/entities/roles",
            get(roles::entity_roles),
        )
        .route(
            "/permissions/query/subordinate-entities/roles",
            post(roles::subordinates),
        )
        .route(
            "/permissions/query/authorizations/grants",
            post(authorizations::query),
        )
        .route(
            "/permissions/query/eu-entities/grants",
            post(queries::eu_entities),
        )
}

/// A body read and checked by ksef-core's form rules: unreadable → 21001, wrong shape or a
/// broken rule → 21405. An absent body is an empty object (queries without filters).
fn read<T: DeserializeOwned>(
    body: &[u8],
    validate: impl Fn(&T) -> Result<(), PermissionFormError>,
) -> Result<T, ApiError> {
    let body: &[u8] = if body.is_empty() { b"{}" } else { body };
    let request: T = json_body(body)?;
    validate(&request).map_err(|e| ApiError::validation(e.to_string()))?;
    Ok(request)
}

/// A grant endpoint: the permission it needs (403 without), the body's rules (21405), and how
/// KSeF judges the relations; access, reading and the operation are the same for every grant.
fn grant_with<R: DeserializeOwned>(
    sim: &Sim,
    ip: &str,
    headers: &axum::http::HeaderMap,
    body: &[u8],
    needs: &[Permission],
    validate: impl Fn(&R) -> Result<(), PermissionFormError>,
    judge: impl FnOnce(&crate::state::State, &Caller, &R, ksef_core::datetime::DateTime) -> Judged,
) -> Result<grant::Accepted, ApiError> {
    let caller = sim.caller(headers, ip)?;
    caller.require_any(needs)?;
    let r = read(body, validate)?;
    let now = sim.now();
    let mut state = sim.state();
    let judged = judge(&state, &caller, &r, now);
    Ok(operations::start(sim, &mut state, &caller, judged))
}

/// What a grant changes, or why KSeF refuses it (the operation's status).
type Judged = Result<Vec<model::Change>, operations::Refusal>;

/// `pageOffset`/`pageSize` of a query.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Paging {
    page_offset: Option<String>,
    page_size: Option<String>,
}

impl Paging {
    fn page(&self) -> Result<Page, ApiError> {
        Page::from_query(self.page_offset.as_deref(), self.page_size.as_deref())
            .map_err(|e| ApiError::validation(e.to_string()))
    }
}

/// One page of `items` (sorted by the caller: startDate desc, id asc) and `hasMore`.
fn paged<T: Clone>(items: &[T], page: Page) -> (Vec<T>, bool) {
    let (slice, more) = page.slice(items);
    (slice.to_vec(), more)
}

impl Caller {
    /// 403 `missing-permissions` unless the session holds one of `any_of`.
    pub fn require_any(&self, any_of: &[Permission]) -> Result<(), ApiError> {
        if self.has_any(any_of) {
            return Ok(());
        }
        let names = |ps: &mut dyn Iterator<Item = Permission>| -> Vec<&'static str> {
            ps.map(Permission::as_str).collect()
        };
        Err(ApiError::Forbidden {
            reason_code: "missing-permissions",
            detail: "Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście.".into(),
            security: Some(json!({
                "requiredAnyOfPermissions": names(&mut any_of.iter().copied()),
                "presentPermissions": names(&mut self.op.permissions.iter().copied()),
            })),
        })
    }
}
