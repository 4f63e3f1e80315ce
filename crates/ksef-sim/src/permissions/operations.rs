//! The life of a grant or revoke: 202 with a reference, status 100 for `permissionDelayMs`,
//! then the outcome judged at the start; a successful change is applied when its status turns
//! 200 (not before: a client must poll), and the status stays readable for 30 days, then 410.

use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use ksef_core::api::permissions::{
    OperationStatus, PermissionsOperationResponse, PermissionsOperationStatusResponse,
};
use ksef_core::datetime::DateTime;
use ksef_core::ident::ReferenceNumber;
use time::Duration;

use super::model::{Change, PermissionOperation};
use crate::access::{Caller, ClientIp};
use crate::errors::ApiError;
use crate::state::{Sim, State as SimState};

/// How long an operation's status is kept.
pub const RETENTION: Duration = Duration::days(30);

/// Why an operation is refused: its status and a detail for the user.
pub type Refusal = (OperationStatus, String);

/// Records an operation judged now (`changes`, or why it is refused) and answers 202.
pub fn start(
    sim: &Sim,
    state: &mut SimState,
    caller: &Caller,
    judged: Result<Vec<Change>, Refusal>,
) -> (StatusCode, Json<PermissionsOperationResponse>) {
    let now = sim.now();
    let forced = state.config.force_permission_status.take();
    let (outcome, changes) = match (forced, judged) {
        (Some(code), _) => {
            let status = OperationStatus::from_code(code).unwrap_or(OperationStatus::Unknown);
            (status.status_info(vec![]), vec![])
        }
        (None, Ok(changes)) => (OperationStatus::Succeeded.status_info(vec![]), changes),
        (None, Err((status, detail))) => (status.status_info(vec![detail]), vec![]),
    };
    let reference = sim.reference("EG");
    state.permission_operations.insert(
        reference.to_string(),
        PermissionOperation {
            reference: reference.to_string(),
            context: caller.op.context.clone(),
            started: now,
            ready_at: now + Duration::milliseconds(state.config.permission_delay_ms),
            outcome,
            changes,
            applied: false,
        },
    );
    (
        StatusCode::ACCEPTED,
        Json(PermissionsOperationResponse {
            reference_number: reference,
        }),
    )
}

/// Applies the changes of every successful operation whose time has come, oldest first.
pub fn apply_due(state: &mut SimState, now: DateTime) {
    let mut due: Vec<(DateTime, DateTime, String)> = state
        .permission_operations
        .values()
        .filter(|op| !op.applied && op.ready_at <= now)
        .map(|op| (op.ready_at, op.started, op.reference.clone()))
        .collect();
    due.sort();
    for (_, _, reference) in due {
        let op = state
            .permission_operations
            .get_mut(&reference)
            .expect("listed above");
        op.applied = true;
        if op.outcome.code != OperationStatus::Succeeded.code() {
            continue;
        }
        let changes = std::mem::take(&mut op.changes);
        for change in changes {
            apply(state, change);
        }
    }
}

fn apply(state: &mut SimState, change: Change) {
    match change {
        Change::Grant(g) => {
            match state
                .permission_grants
                .iter_mut()
                .find(|old| old.same_as(&g))
            {
                // A second grant of the same permission only sets `canDelegate` anew.
                Some(old) => old.can_delegate = g.can_delegate,
                None => state.permission_grants.push(*g),
            }
        }
        Change::Authorize(a) => {
            let exists = state.authorizations.iter().any(|old| {
                old.authorizing_nip == a.authorizing_nip
                    && old.authorized == a.authorized
                    && old.scope == a.scope
            });
            if !exists {
                state.authorizations.push(*a);
            }
        }
        Change::Revoke(id) => {
            state.permission_grants.retain(|g| g.id != id);
            state.grants.retain(|g| g.id != id);
        }
        Change::RevokeAuthorization(id) => state.authorizations.retain(|a| a.id != id),
    }
}

/// Middleware over `/v2`: due operations take effect before any request reads the state.
pub async fn settle(State(sim): State<Sim>, req: Request, next: Next) -> Response {
    let now = sim.now();
    apply_due(&mut sim.state(), now);
    next.run(req).await
}

/// `GET /permissions/operations/{referenceNumber}`: for the context that started it.
pub async fn status(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Json<PermissionsOperationStatusResponse>, ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    reference
        .parse::<ReferenceNumber>()
        .map_err(|e| ApiError::validation(format!("referenceNumber: {e}")))?;
    let now = sim.now();
    let state = sim.state();
    let op = state
        .permission_operations
        .get(&reference)
        .filter(|op| op.context == caller.op.context)
        .ok_or_else(|| {
            ApiError::validation(format!(
                "Operacja o numerze referencyjnym {reference} nie istnieje."
            ))
        })?;
    if now >= op.started + RETENTION {
        return Err(ApiError::Gone(
            "Operacja wygasła i nie jest już dostępna.".into(),
        ));
    }
    let status = match now < op.ready_at {
        true => OperationStatus::Accepted.status_info(vec![]),
        false => op.outcome.clone(),
    };
    Ok(Json(PermissionsOperationStatusResponse { status }))
}
