//! KSeF's permission answers as the page's rows: each query answers in its own shape, and the
//! tables show one (who, what, state, since, granted by, where, may delegate).

use ksef_core::api::permissions::{
    AuthorIdentifier, AuthorIdentifierKind, AuthorizationScope, EntityAuthorizationGrant,
    EntityPermissionItem, PermissionState, PersonPermission, PersonalPermission,
    SubjectEntityDetails, SubjectPersonDetails, SubunitPermission, TargetIdentifier,
    TargetIdentifierKind,
};
use ksef_core::api::{SubjectIdentifier, SubjectIdentifierKind};
use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::datetime::DateTime;
use ksef_core::extensible::Extensible;
use ksef_core::permissions::Permission;

/// The kind of an identifier in a row; named in the user's language by the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Nip,
    Pesel,
    Fingerprint,
    InternalId,
    NipVatUe,
    PeppolId,
    AllPartners,
    /// KSeF itself granted it (an owner's rights).
    System,
}

/// A subject or context in a row, with its name when KSeF gave one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    pub kind: Kind,
    pub value: Option<String>,
    pub name: Option<String>,
}

impl Party {
    fn of(kind: Kind, value: &str) -> Party {
        Party {
            kind,
            value: Some(value.to_string()),
            name: None,
        }
    }

    fn named(mut self, name: Option<String>) -> Party {
        self.name = name;
        self
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    Permission(Extensible<Permission>),
    Authorization(Extensible<AuthorizationScope>),
}

/// How a row is revoked, when this context may revoke it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revocation {
    /// `DELETE /permissions/common/grants/{id}`.
    Common,
    /// `DELETE /permissions/authorizations/grants/{id}`.
    Authorization,
}

impl Revocation {
    pub fn path(self, id: &str) -> String {
        match self {
            Revocation::Common => format!("/permissions/common/grants/{id}"),
            Revocation::Authorization => format!("/permissions/authorizations/grants/{id}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub who: Party,
    pub scope: Scope,
    /// Absent where KSeF names no state (subunits, authorizations, received grants).
    pub state: Option<Extensible<PermissionState>>,
    /// Absent for an owner's rights, which KSeF lists without a date.
    pub since: Option<DateTime>,
    pub by: Option<Party>,
    /// Where the permission works, when it is not this context.
    pub place: Option<Party>,
    /// The client of an indirect grant (one NIP, or all clients).
    pub target: Option<Party>,
    pub can_delegate: bool,
    pub description: String,
    pub revoke: Option<Revocation>,
}

/// The filters of the lists that KSeF filters (persons and personal queries).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub permission: Option<Permission>,
    pub state: Option<PermissionState>,
    /// A grantee: NIP, PESEL or certificate fingerprint.
    pub who: Option<SubjectIdentifier>,
}

/// A NIP, PESEL or SHA-256 fingerprint typed into the "who" filter, by its shape and checksum.
pub fn parse_subject(text: &str) -> Option<SubjectIdentifier> {
    let text = text.trim();
    let kind = if text.parse::<ksef_core::ident::Nip>().is_ok() {
        SubjectIdentifierKind::Nip
    } else if text.parse::<ksef_core::ident::Pesel>().is_ok() {
        SubjectIdentifierKind::Pesel
    } else if text.parse::<ksef_core::ident::CertFingerprint>().is_ok() {
        SubjectIdentifierKind::Fingerprint
    } else {
        return None;
    };
    let value = match kind {
        SubjectIdentifierKind::Fingerprint => text.to_ascii_uppercase(),
        _ => text.to_string(),
    };
    Some(SubjectIdentifier { kind, value })
}

fn subject(id: &SubjectIdentifier) -> Party {
    let kind = match id.kind {
        SubjectIdentifierKind::Nip => Kind::Nip,
        SubjectIdentifierKind::Pesel => Kind::Pesel,
        SubjectIdentifierKind::Fingerprint => Kind::Fingerprint,
    };
    Party::of(kind, &id.value)
}

fn context(id: &ApiContextIdentifier) -> Party {
    let kind = match id.kind {
        ContextType::Nip => Kind::Nip,
        ContextType::InternalId => Kind::InternalId,
        ContextType::NipVatUe => Kind::NipVatUe,
        ContextType::PeppolId => Kind::PeppolId,
    };
    Party::of(kind, &id.value)
}

fn author(id: &AuthorIdentifier) -> Party {
    let kind = match id.kind {
        AuthorIdentifierKind::Nip => Kind::Nip,
        AuthorIdentifierKind::Pesel => Kind::Pesel,
        AuthorIdentifierKind::Fingerprint => Kind::Fingerprint,
        AuthorIdentifierKind::System => Kind::System,
    };
    Party {
        kind,
        value: id.value.clone(),
        name: None,
    }
}

fn target(id: &TargetIdentifier) -> Party {
    let kind = match id.kind {
        TargetIdentifierKind::Nip => Kind::Nip,
        TargetIdentifierKind::InternalId => Kind::InternalId,
        TargetIdentifierKind::AllPartners => Kind::AllPartners,
    };
    Party {
        kind,
        value: id.value.clone(),
        name: None,
    }
}

fn name_of(
    person: &Option<SubjectPersonDetails>,
    entity: &Option<SubjectEntityDetails>,
) -> Option<String> {
    let person = person
        .as_ref()
        .map(|p| format!("{} {}", p.first_name, p.last_name));
    person.or_else(|| entity.as_ref().map(|e| e.full_name.clone()))
}

/// Who holds what in this context, or what this context granted (`query/persons/grants`).
pub fn person(p: &PersonPermission) -> Row {
    Row {
        id: p.id.clone(),
        who: subject(&p.authorized_identifier).named(name_of(
            &p.subject_person_details,
            &p.subject_entity_details,
        )),
        scope: Scope::Permission(p.permission_scope.clone()),
        state: Some(p.permission_state.clone()),
        since: Some(p.start_date),
        by: Some(author(&p.author_identifier)),
        place: p.context_identifier.as_ref().map(context),
        target: p.target_identifier.as_ref().map(target),
        can_delegate: p.can_delegate,
        description: p.description.clone(),
        revoke: Some(Revocation::Common),
    }
}

/// A subunit's administrator (`query/subunits/grants`).
pub fn subunit(p: &SubunitPermission) -> Row {
    let unit = Party::of(
        match p.subunit_identifier.kind {
            ksef_core::api::permissions::SubunitKind::InternalId => Kind::InternalId,
            ksef_core::api::permissions::SubunitKind::Nip => Kind::Nip,
        },
        &p.subunit_identifier.value,
    );
    Row {
        id: p.id.clone(),
        who: subject(&p.authorized_identifier).named(name_of(&p.subject_person_details, &None)),
        scope: Scope::Permission(p.permission_scope.clone()),
        state: None,
        since: Some(p.start_date),
        by: Some(subject(&p.author_identifier)),
        place: Some(unit.named(p.subunit_name.clone())),
        target: None,
        can_delegate: false,
        description: p.description.clone(),
        revoke: Some(Revocation::Common),
    }
}

/// An entity right; only its grantor may revoke it.
pub fn authorization(a: &EntityAuthorizationGrant, granted_here: bool) -> Row {
    let who_kind = match a.authorized_entity_identifier.kind {
        ksef_core::api::permissions::AuthorizedEntityKind::Nip => Kind::Nip,
        ksef_core::api::permissions::AuthorizedEntityKind::PeppolId => Kind::PeppolId,
    };
    let name = a
        .subject_entity_details
        .as_ref()
        .map(|d| d.full_name.clone());
    Row {
        id: a.id.clone(),
        who: Party::of(who_kind, &a.authorized_entity_identifier.value).named(name),
        scope: Scope::Authorization(a.authorization_scope.clone()),
        state: None,
        since: Some(a.start_date),
        by: a.author_identifier.as_ref().map(subject),
        place: Some(Party::of(Kind::Nip, &a.authorizing_entity_identifier.value)),
        target: None,
        can_delegate: false,
        description: a.description.clone(),
        revoke: granted_here.then_some(Revocation::Authorization),
    }
}

/// Invoice handling this context received from another entity (`query/entities/grants`): the
/// giver is the row's "who" (an office sees its clients).
pub fn received(p: &EntityPermissionItem) -> Row {
    Row {
        id: p.id.clone(),
        who: context(&p.context_identifier),
        scope: Scope::Permission(p.permission_scope.clone()),
        state: None,
        since: Some(p.start_date),
        by: None,
        place: None,
        target: None,
        can_delegate: p.can_delegate,
        description: p.description.clone(),
        revoke: None,
    }
}

/// One of the logged-in subject's own permissions (`query/personal/grants`).
pub fn mine(p: &PersonalPermission) -> Row {
    let who = p
        .authorized_identifier
        .as_ref()
        .map(subject)
        .unwrap_or(Party {
            kind: Kind::System,
            value: None,
            name: None,
        });
    Row {
        id: p.id.clone(),
        who: who.named(name_of(
            &p.subject_person_details,
            &p.subject_entity_details,
        )),
        scope: Scope::Permission(p.permission_scope.clone()),
        state: Some(p.permission_state.clone()),
        since: Some(p.start_date),
        by: None,
        place: p.context_identifier.as_ref().map(context),
        target: p.target_identifier.as_ref().map(target),
        can_delegate: p.can_delegate,
        description: p.description.clone(),
        revoke: None,
    }
}

/// What the subject holds as the context's owner: KSeF lists these without an id or a date.
pub fn owned(p: &Extensible<Permission>) -> Row {
    Row {
        id: format!("owner-{}", p.name()),
        who: Party {
            kind: Kind::System,
            value: None,
            name: None,
        },
        scope: Scope::Permission(p.clone()),
        state: Some(PermissionState::Active.into()),
        since: None,
        by: Some(Party {
            kind: Kind::System,
            value: None,
            name: None,
        }),
        place: None,
        target: None,
        can_delegate: false,
        description: String::new(),
        revoke: None,
    }
}
