//! The administrators' grants: of a subunit (an internal id of the current NIP, or a
//! subordinate entity of a JST or VAT group) and of an EU entity's composite context, and the
//! EU entity's representatives, granted from inside that context.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use ksef_core::api::permissions::{
    EuEntityAdministrationPermissionsGrantRequest, EuEntityPermissionsGrantRequest,
    OperationStatus, SubunitKind, SubunitPermissionsGrantRequest,
};
use ksef_core::api::testdata::SubjectType;
use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::datetime::DateTime;
use ksef_core::permissions::Permission;

use super::grant::{
    entity_is, fingerprint, grants, in_context, record, refuse, with_details, Accepted,
};
use super::grant_with;
use super::model::{Change, GrantKind};
use super::operations::Refusal;
use crate::access::{Caller, ClientIp};
use crate::errors::ApiError;
use crate::state::{Sim, State as SimState};

/// An internal id must be of the current NIP; a subordinate NIP must be listed under the
/// current entity, which must be a JST or a VAT group.
fn judge_subunit(
    state: &SimState,
    caller: &Caller,
    r: &SubunitPermissionsGrantRequest,
    now: DateTime,
) -> Result<Vec<Change>, Refusal> {
    in_context(caller, &[ContextType::Nip])?;
    let nip = caller.op.context.value.clone();
    let unit = &r.context_identifier;
    let kind = match unit.kind {
        SubunitKind::InternalId if !unit.value.starts_with(&format!("{nip}-")) => {
            return refuse(
                OperationStatus::IdentifiersInconsistent,
                format!(
                    "Identyfikator wewnętrzny {} nie należy do NIP {nip}.",
                    unit.value
                ),
            )
        }
        SubunitKind::InternalId => ContextType::InternalId,
        SubunitKind::Nip => {
            let parent = [SubjectType::Jst, SubjectType::VatGroup];
            if !entity_is(state, &nip, &parent) {
                return refuse(
                    OperationStatus::ContextMismatch,
                    "Podmiot bieżącego kontekstu nie ma roli LocalGovernmentUnit ani VatGroupUnit.",
                );
            }
            let listed = state
                .entities
                .iter()
                .any(|e| e.nip == nip && e.subunits.contains(&unit.value));
            if !listed {
                return refuse(
                    OperationStatus::IdentifiersInconsistent,
                    format!("NIP {} nie jest podmiotem podrzędnym {nip}.", unit.value),
                );
            }
            ContextType::Nip
        }
    };
    let mut g = record(
        caller,
        GrantKind::SubunitAdmin,
        &r.subject_identifier,
        Permission::CredentialsManage,
        &r.description,
        now,
    );
    g.context = ApiContextIdentifier {
        kind,
        value: unit.value.clone(),
    };
    g.subunit_name = r.subunit_name.clone();
    Ok(grants(vec![with_details(g, &r.subject_details)]))
}

pub async fn subunits(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Accepted, ApiError> {
    let needs = [Permission::SubunitManage];
    grant_with(
        &sim,
        &ip,
        &headers,
        &body,
        &needs,
        SubunitPermissionsGrantRequest::validate,
        judge_subunit,
    )
}

fn judge_eu_administrator(
    caller: &Caller,
    r: &EuEntityAdministrationPermissionsGrantRequest,
    now: DateTime,
) -> Result<Vec<Change>, Refusal> {
    in_context(caller, &[ContextType::Nip])?;
    let nip = &caller.op.context.value;
    if !r.context_identifier.value.starts_with(&format!("{nip}-")) {
        return refuse(
            OperationStatus::IdentifiersInconsistent,
            format!(
                "Kontekst złożony {} nie zaczyna się od NIP {nip}.",
                r.context_identifier.value
            ),
        );
    }
    let subject = fingerprint(&r.subject_identifier.value);
    let records = Permission::EU_ADMINISTRATOR.iter().map(|&p| {
        let mut g = record(caller, GrantKind::EuAdmin, &subject, p, &r.description, now);
        g.context = ApiContextIdentifier {
            kind: ContextType::NipVatUe,
            value: r.context_identifier.value.clone(),
        };
        g.eu_entity_name = Some(r.eu_entity_name.clone());
        g.eu_entity_details = Some(r.eu_entity_details.clone());
        with_details(g, &r.subject_details)
    });
    Ok(grants(records.collect()))
}

pub async fn eu_administrators(
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
        EuEntityAdministrationPermissionsGrantRequest::validate,
        |_, c, r, now| judge_eu_administrator(c, r, now),
    )
}

/// Representatives are granted in the composite context itself, by its administrator.
fn judge_eu_representative(
    state: &SimState,
    caller: &Caller,
    r: &EuEntityPermissionsGrantRequest,
    now: DateTime,
) -> Result<Vec<Change>, Refusal> {
    in_context(caller, &[ContextType::NipVatUe])?;
    let subject = fingerprint(&r.subject_identifier.value);
    let name = state
        .permission_grants
        .iter()
        .find(|g| g.kind == GrantKind::EuAdmin && g.context == caller.op.context)
        .and_then(|g| g.eu_entity_name.clone());
    let records = r.permissions.iter().map(|&p| {
        let mut g = record(
            caller,
            GrantKind::EuRepresentative,
            &subject,
            p,
            &r.description,
            now,
        );
        g.eu_entity_name = name.clone();
        with_details(g, &r.subject_details)
    });
    Ok(grants(records.collect()))
}

pub async fn eu_representatives(
    State(sim): State<Sim>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Accepted, ApiError> {
    let needs = [Permission::VatUeManage];
    grant_with(
        &sim,
        &ip,
        &headers,
        &body,
        &needs,
        EuEntityPermissionsGrantRequest::validate,
        judge_eu_representative,
    )
}
