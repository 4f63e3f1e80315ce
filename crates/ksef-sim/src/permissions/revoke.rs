//! `DELETE /permissions/common/grants/{permissionId}`: any grant the current context made or
//! that takes effect in it, including test-data grants. The id is checked at once (21405);
//! whether it exists here and whether the session's permissions cover its kind is the
//! operation's outcome (400, 420).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use ksef_core::api::permissions::{OperationStatus, PermissionsOperationResponse};
use ksef_core::context::ContextType;
use ksef_core::permissions::Permission;

use super::model::{Change, GrantKind};
use super::operations::{start, Refusal};
use crate::access::{Caller, ClientIp};
use crate::errors::ApiError;
use crate::state::{Sim, State as SimState};

/// `PermissionId`: 36 characters, a UUID.
pub fn check_id(id: &str) -> Result<(), ApiError> {
    let b = id.as_bytes();
    let shape = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        });
    match shape {
        true => Ok(()),
        false => Err(ApiError::validation(format!(
            "permissionId: oczekiwano identyfikatora UUID (36 znaków), podano „{id}”."
        ))),
    }
}

pub fn not_found(id: &str) -> Refusal {
    (
        OperationStatus::Failed,
        format!("Uprawnienie {id} nie istnieje w bieżącym kontekście."),
    )
}

fn judge(state: &SimState, caller: &Caller, id: &str) -> Result<Vec<Change>, Refusal> {
    let here = &caller.op.context;
    let needed = if let Some(g) = state
        .permission_grants
        .iter()
        .find(|g| g.id == id && (g.granted_in == *here || g.context == *here))
    {
        match g.kind {
            GrantKind::SubunitAdmin if g.granted_in == *here => Permission::SubunitManage,
            GrantKind::EuRepresentative => Permission::VatUeManage,
            _ => Permission::CredentialsManage,
        }
    } else if state
        .grants
        .iter()
        .any(|g| g.id == id && here.kind == ContextType::Nip && g.context_nip == here.value)
    {
        Permission::CredentialsManage
    } else {
        return Err(not_found(id));
    };
    if !caller.has_any(&[needed]) {
        return Err((
            OperationStatus::NotPermitted,
            format!(
                "Odebranie tego uprawnienia wymaga uprawnienia {}.",
                needed.as_str()
            ),
        ));
    }
    Ok(vec![Change::Revoke(id.to_string())])
}

pub async fn common(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<(StatusCode, Json<PermissionsOperationResponse>), ApiError> {
    let caller = sim.caller(&headers, &ip)?;
    caller.require_any(&[
        Permission::CredentialsManage,
        Permission::VatUeManage,
        Permission::SubunitManage,
    ])?;
    check_id(&id)?;
    let mut state = sim.state();
    let judged = judge(&state, &caller, &id);
    Ok(start(&sim, &mut state, &caller, judged))
}
