//! The grants to persons and entities (`persons`, `entities`, `indirect`; the administrators'
//! grants are in [`super::administrators`]): 403 without the permission the spec names, 21405
//! for a body that breaks the form rules, else an operation whose outcome is judged here
//! against the relations KSeF checks (the codes of `PermissionsOperationStatusResponse`).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use ksef_core::api::permissions::{
    EntityPermissionsGrantRequest, IndirectPermissionsGrantRequest, OperationStatus,
    PermissionsOperationResponse, PersonPermissionsGrantRequest, SubjectDetails,
    SubjectDetailsType, SubjectEntityDetails, TargetIdentifier,
};
use ksef_core::api::testdata::SubjectType;
use ksef_core::api::{SubjectIdentifier, SubjectIdentifierKind};
use ksef_core::context::ContextType;
use ksef_core::datetime::DateTime;
use ksef_core::permissions::Permission;

use super::grant_with;
use super::held::{client_of, delegated};
use super::model::{Change, GrantKind, PermissionGrant};
use super::operations::Refusal;
use crate::access::{Caller, ClientIp};
use crate::errors::ApiError;
use crate::model::permission_id;
use crate::state::{Sim, State as SimState};

pub(super) type Accepted = (StatusCode, Json<PermissionsOperationResponse>);

pub(super) fn refuse<T>(status: OperationStatus, detail: impl Into<String>) -> Result<T, Refusal> {
    Err((status, detail.into()))
}

/// One permission of a grant, made by the caller in its context.
pub(super) fn record(
    caller: &Caller,
    kind: GrantKind,
    authorized: &SubjectIdentifier,
    permission: Permission,
    description: &str,
    now: DateTime,
) -> PermissionGrant {
    // Logins name fingerprints in upper case; KSeF compares them regardless of case.
    let authorized = match authorized.kind {
        SubjectIdentifierKind::Fingerprint => fingerprint(&authorized.value),
        _ => authorized.clone(),
    };
    PermissionGrant {
        id: permission_id(),
        kind,
        context: caller.op.context.clone(),
        granted_in: caller.op.context.clone(),
        authorized,
        permission,
        can_delegate: false,
        target: None,
        author: caller.op.subject.clone(),
        description: description.into(),
        person: None,
        entity: None,
        full_name: None,
        subunit_name: None,
        eu_entity_name: None,
        eu_entity_details: None,
        granted: now,
    }
}

pub(super) fn with_details(mut g: PermissionGrant, d: &SubjectDetails) -> PermissionGrant {
    g.person = d.person_answer();
    g.entity = d.entity_answer();
    g
}

pub(super) fn grants(records: Vec<PermissionGrant>) -> Vec<Change> {
    records
        .into_iter()
        .map(|g| Change::Grant(Box::new(g)))
        .collect()
}

/// An entity of the test data with this role-bearing type.
pub(super) fn entity_is(state: &SimState, nip: &str, kinds: &[SubjectType]) -> bool {
    state
        .entities
        .iter()
        .any(|e| e.nip == nip && kinds.contains(&e.kind))
}

pub(super) fn in_context(caller: &Caller, kinds: &[ContextType]) -> Result<(), Refusal> {
    match kinds.contains(&caller.op.context.kind) {
        true => Ok(()),
        false => refuse(
            OperationStatus::ContextMismatch,
            format!(
                "Operacja niedostępna w kontekście typu {}.",
                caller.op.context.kind.as_str()
            ),
        ),
    }
}

fn judge_person(
    state: &SimState,
    caller: &Caller,
    r: &PersonPermissionsGrantRequest,
    now: DateTime,
) -> Result<Vec<Change>, Refusal> {
    in_context(caller, &[ContextType::Nip, ContextType::InternalId])?;
    let enforcement = r.permissions.contains(&Permission::EnforcementOperations);
    let bailiff = state
        .persons
        .iter()
        .any(|p| p.bailiff && p.nip == caller.op.context.value);
    let authority = entity_is(
        state,
        &caller.op.context.value,
        &[SubjectType::EnforcementAuthority],
    );
    if enforcement && !bailiff && !authority {
        return refuse(
            OperationStatus::ContextMismatch,
            "EnforcementOperations wymaga roli EnforcementAuthority lub CourtBailiff.",
        );
    }
    let records = r.permissions.iter().map(|&p| {
        let g = record(
            caller,
            GrantKind::Person,
            &r.subject_identifier,
            p,
            &r.description,
            now,
        );
        with_details(g, &r.subject_details)
    });
    Ok(grants(records.collect()))
}

pub async fn persons(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Accepted, ApiError> {
    let needs = [Permission::CredentialsManage];
    grant_with(
        &sim,
        &ip,
        &headers,
        &body,
        &needs,
        PersonPermissionsGrantRequest::validate,
        judge_person,
    )
}

fn judge_entity(
    caller: &Caller,
    r: &EntityPermissionsGrantRequest,
    now: DateTime,
) -> Result<Vec<Change>, Refusal> {
    in_context(caller, &[ContextType::Nip, ContextType::InternalId])?;
    if r.subject_identifier.value == caller.op.context.value {
        return refuse(
            OperationStatus::IdentifierNotAllowed,
            "Podmiot nie może nadać uprawnień samemu sobie.",
        );
    }
    let subject = SubjectIdentifier {
        kind: SubjectIdentifierKind::Nip,
        value: r.subject_identifier.value.clone(),
    };
    let records = r.permissions.iter().map(|p| {
        let mut g = record(
            caller,
            GrantKind::Entity,
            &subject,
            p.kind,
            &r.description,
            now,
        );
        g.can_delegate = p.delegates();
        g.full_name = Some(r.subject_details.full_name.clone());
        g.entity = Some(SubjectEntityDetails {
            subject_details_type: SubjectDetailsType::EntityByIdentifier.into(),
            full_name: r.subject_details.full_name.clone(),
            address: None,
        });
        g
    });
    Ok(grants(records.collect()))
}

pub async fn entities(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Accepted, ApiError> {
    let needs = [Permission::CredentialsManage];
    grant_with(
        &sim,
        &ip,
        &headers,
        &body,
        &needs,
        EntityPermissionsGrantRequest::validate,
        |_, c, r, now| judge_entity(c, r, now),
    )
}

/// A selective grant needs the client's delegable grant of each permission to this office
/// (stricter than the docs' "any permission with canDelegate": an office cannot pass on what
/// it was not given); a general one (no target, `AllPartners`) holds for whichever clients
/// allowed it.
fn judge_indirect(
    state: &SimState,
    caller: &Caller,
    r: &IndirectPermissionsGrantRequest,
    now: DateTime,
) -> Result<Vec<Change>, Refusal> {
    in_context(caller, &[ContextType::Nip])?;
    let office = caller.op.context.value.clone();
    let mut probe = record(
        caller,
        GrantKind::Indirect,
        &r.subject_identifier,
        Permission::InvoiceRead,
        "",
        now,
    );
    probe.target = r.target_identifier.clone();
    if let Some(client) = client_of(&probe) {
        if client.value == office {
            return refuse(
                OperationStatus::IdentifierNotAllowed,
                "Podmiot bieżącego kontekstu nie jest swoim własnym klientem.",
            );
        }
        if let Some(p) = r
            .permissions
            .iter()
            .find(|&&p| !delegated(state, &client, &office, p))
        {
            return refuse(
                OperationStatus::RelationNotAllowed,
                format!(
                    "Klient {} nie nadał podmiotowi {office} uprawnienia {} z prawem do dalszego przekazywania.",
                    client.value,
                    p.as_str()
                ),
            );
        }
    }
    let records = r.permissions.iter().map(|&p| {
        let mut g = record(
            caller,
            GrantKind::Indirect,
            &r.subject_identifier,
            p,
            &r.description,
            now,
        );
        // No target means all partners; the queries say so explicitly.
        let general = TargetIdentifier::all_partners;
        g.target = Some(r.target_identifier.clone().unwrap_or_else(general));
        with_details(g, &r.subject_details)
    });
    Ok(grants(records.collect()))
}

pub async fn indirect(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Accepted, ApiError> {
    let needs = [Permission::CredentialsManage];
    grant_with(
        &sim,
        &ip,
        &headers,
        &body,
        &needs,
        IndirectPermissionsGrantRequest::validate,
        judge_indirect,
    )
}

pub(super) fn fingerprint(value: &str) -> SubjectIdentifier {
    SubjectIdentifier {
        kind: SubjectIdentifierKind::Fingerprint,
        value: value.to_ascii_uppercase(),
    }
}
