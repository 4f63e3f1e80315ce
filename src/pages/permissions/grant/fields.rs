//! What the grant forms hold, as one reducer: every typed value survives a switch between the
//! kinds of grant and a refused send. `call` turns it into the grant's request, checked by
//! ksef-core's rules before anything is sent.

use std::rc::Rc;

use ksef_core::api::permissions::*;
use ksef_core::api::{SubjectIdentifier, SubjectIdentifierKind};
use ksef_core::flow::Call;
use ksef_core::permissions::Permission;
use yew::Reducible;

/// How a person is named in a grant, in the order the form offers them.
pub const PERSON_KINDS: [SubjectIdentifierKind; 3] = [
    SubjectIdentifierKind::Pesel,
    SubjectIdentifierKind::Nip,
    SubjectIdentifierKind::Fingerprint,
];

/// The grants a context can make from this page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum GrantKind {
    #[default]
    Person,
    Entity,
    Indirect,
    Subunit,
    Authorization,
    /// An EU entity's administrator (granted in the NIP's context).
    EuAdministration,
    /// An EU entity's representative (granted in its NIP-VAT UE context).
    EuRepresentative,
}

impl GrantKind {
    pub const ALL: [GrantKind; 7] = [
        GrantKind::Person,
        GrantKind::Entity,
        GrantKind::Indirect,
        GrantKind::Subunit,
        GrantKind::Authorization,
        GrantKind::EuAdministration,
        GrantKind::EuRepresentative,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GrantKind::Person => "person",
            GrantKind::Entity => "entity",
            GrantKind::Indirect => "indirect",
            GrantKind::Subunit => "subunit",
            GrantKind::Authorization => "authorization",
            GrantKind::EuAdministration => "eu-administration",
            GrantKind::EuRepresentative => "eu-representative",
        }
    }

    pub fn from_name(name: &str) -> Option<GrantKind> {
        GrantKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The permissions the grant offers to tick (none: the grant names one thing).
    pub fn offered(self) -> &'static [Permission] {
        match self {
            GrantKind::Person => &Permission::PERSON_GRANT,
            GrantKind::Entity | GrantKind::Indirect => &Permission::DELEGABLE,
            GrantKind::EuRepresentative => &Permission::EU_REPRESENTATIVE,
            GrantKind::Subunit | GrantKind::Authorization | GrantKind::EuAdministration => &[],
        }
    }
}

/// A text field of the forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    SubjectKind,
    Subject,
    FirstName,
    LastName,
    /// A person known by a fingerprint: their NIP or PESEL, if they have one.
    PersonId,
    BirthDate,
    DocumentType,
    DocumentNumber,
    DocumentCountry,
    FullName,
    /// Indirect grants: a client's NIP, empty for all clients.
    Client,
    Subunit,
    SubunitName,
    Scope,
    Description,
    /// EU grants: "entity" when the fingerprint's certificate is an entity's, else a person.
    EuGrantee,
    /// The address of an entity known by its fingerprint.
    Address,
    /// The EU administrator's composite context `{NIP}-{VAT UE}`, its name in KSeF,
    EuContext,
    EuName,
    /// and the EU entity's full name and address.
    EuFullName,
    EuAddress,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    pub kind: GrantKind,
    texts: Vec<(Text, String)>,
    pub permissions: Vec<Permission>,
    pub delegate: Vec<Permission>,
}

pub enum FieldAction {
    Kind(GrantKind),
    Set(Text, String),
    Toggle(Permission),
    ToggleDelegate(Permission),
}

impl Reducible for Fields {
    type Action = FieldAction;

    fn reduce(self: Rc<Self>, action: FieldAction) -> Rc<Self> {
        let mut f = (*self).clone();
        let flip = |list: &mut Vec<Permission>, p| match list.iter().position(|x| *x == p) {
            Some(i) => drop(list.remove(i)),
            None => list.push(p),
        };
        match action {
            FieldAction::Kind(k) => f.kind = k,
            FieldAction::Set(field, value) => {
                f.texts.retain(|(t, _)| *t != field);
                f.texts.push((field, value));
            }
            FieldAction::Toggle(p) => flip(&mut f.permissions, p),
            FieldAction::ToggleDelegate(p) => flip(&mut f.delegate, p),
        }
        Rc::new(f)
    }
}

impl Fields {
    /// An empty form for `kind`.
    pub fn of(kind: GrantKind) -> Fields {
        Fields {
            kind,
            ..Fields::default()
        }
    }

    pub fn text(&self, field: Text) -> &str {
        self.texts
            .iter()
            .find(|(t, _)| *t == field)
            .map_or("", |(_, v)| v.as_str())
    }

    fn trimmed(&self, field: Text) -> String {
        self.text(field).trim().to_string()
    }

    /// The ticked permissions this kind offers, in the offered order.
    fn chosen(&self) -> Vec<Permission> {
        let offered = self.kind.offered();
        offered
            .iter()
            .filter(|p| self.permissions.contains(p))
            .copied()
            .collect()
    }

    pub fn subject_kind(&self) -> SubjectIdentifierKind {
        PERSON_KINDS
            .into_iter()
            .find(|k| k.as_str() == self.text(Text::SubjectKind))
            .unwrap_or(SubjectIdentifierKind::Pesel)
    }

    fn subject(&self) -> SubjectIdentifier {
        let kind = self.subject_kind();
        let mut value = self.trimmed(Text::Subject);
        if kind == SubjectIdentifierKind::Fingerprint {
            value = value.to_ascii_uppercase();
        }
        SubjectIdentifier { kind, value }
    }

    fn person_details(&self) -> SubjectDetails {
        if self.subject_kind() != SubjectIdentifierKind::Fingerprint {
            return SubjectDetails::person(self.person_name());
        }
        self.fingerprint_person()
    }

    fn person_name(&self) -> PersonName {
        PersonName::new(self.trimmed(Text::FirstName), self.trimmed(Text::LastName))
    }

    /// A person known by a certificate fingerprint: by their NIP or PESEL, else by birth date
    /// and identity document.
    fn fingerprint_person(&self) -> SubjectDetails {
        let name = self.person_name();
        let id = self.trimmed(Text::PersonId);
        if !id.is_empty() {
            let kind = if id.len() == 11 {
                PersonIdentifierKind::Pesel
            } else {
                PersonIdentifierKind::Nip
            };
            return SubjectDetails::person_by_fingerprint(name, Identifier::new(kind, id));
        }
        let document = IdDocument {
            kind: self.trimmed(Text::DocumentType),
            number: self.trimmed(Text::DocumentNumber),
            country: self.trimmed(Text::DocumentCountry).to_ascii_uppercase(),
        };
        SubjectDetails::person_without_identifier(name, self.trimmed(Text::BirthDate), document)
    }

    fn description(&self) -> String {
        self.trimmed(Text::Description)
    }

    /// The grant's request for the current kind, or the first rule it breaks.
    pub fn call(&self) -> Result<Call, PermissionFormError> {
        match self.kind {
            GrantKind::Person => self.person(),
            GrantKind::Entity => self.entity(),
            GrantKind::Indirect => self.indirect(),
            GrantKind::Subunit => self.subunit(),
            GrantKind::Authorization => self.authorization(),
            GrantKind::EuAdministration => self.eu_administration(),
            GrantKind::EuRepresentative => self.eu_representative(),
        }
    }

    /// The EU grantee: a certificate fingerprint, its holder a person or an entity.
    fn eu_subject(&self) -> (Identifier<FingerprintKind>, SubjectDetails) {
        let fingerprint = self.trimmed(Text::Subject).to_ascii_uppercase();
        let details = match self.text(Text::EuGrantee) {
            "entity" => SubjectDetails::entity_by_fingerprint(
                self.trimmed(Text::FullName),
                self.trimmed(Text::Address),
            ),
            _ => self.fingerprint_person(),
        };
        let id = Identifier::new(FingerprintKind::Fingerprint, fingerprint);
        (id, details)
    }

    fn eu_administration(&self) -> Result<Call, PermissionFormError> {
        let (subject_identifier, subject_details) = self.eu_subject();
        let context = self.trimmed(Text::EuContext).to_ascii_uppercase();
        let r = EuEntityAdministrationPermissionsGrantRequest {
            subject_identifier,
            context_identifier: Identifier::new(NipVatUeKind::NipVatUe, context),
            description: self.description(),
            eu_entity_name: self.trimmed(Text::EuName),
            subject_details,
            eu_entity_details: EuEntityDetails {
                full_name: self.trimmed(Text::EuFullName),
                address: self.trimmed(Text::EuAddress),
            },
        };
        r.validate()?;
        Ok(Call::json(
            "/permissions/eu-entities/administration/grants",
            &r,
        ))
    }

    fn eu_representative(&self) -> Result<Call, PermissionFormError> {
        let (subject_identifier, subject_details) = self.eu_subject();
        let r = EuEntityPermissionsGrantRequest {
            subject_identifier,
            permissions: self.chosen(),
            description: self.description(),
            subject_details,
        };
        r.validate()?;
        Ok(Call::json("/permissions/eu-entities/grants", &r))
    }

    fn person(&self) -> Result<Call, PermissionFormError> {
        let r = PersonPermissionsGrantRequest {
            subject_identifier: self.subject(),
            permissions: self.chosen(),
            description: self.description(),
            subject_details: self.person_details(),
        };
        r.validate()?;
        Ok(Call::json("/permissions/persons/grants", &r))
    }

    fn entity(&self) -> Result<Call, PermissionFormError> {
        let permissions = self.chosen().into_iter();
        let r = EntityPermissionsGrantRequest {
            subject_identifier: Identifier::new(NipKind::Nip, self.trimmed(Text::Subject)),
            permissions: permissions
                .map(|p| EntityPermission::new(p, self.delegate.contains(&p)))
                .collect(),
            description: self.description(),
            subject_details: EntityDetails::new(self.trimmed(Text::FullName)),
        };
        r.validate()?;
        Ok(Call::json("/permissions/entities/grants", &r))
    }

    /// The indirect grant as typed, not yet checked (the desk's batch sets each client).
    pub fn indirect_request(&self) -> IndirectPermissionsGrantRequest {
        let client = self.trimmed(Text::Client);
        IndirectPermissionsGrantRequest {
            subject_identifier: self.subject(),
            target_identifier: Some(match client.is_empty() {
                true => TargetIdentifier::all_partners(),
                false => OptionalIdentifier {
                    kind: TargetIdentifierKind::Nip,
                    value: Some(client),
                },
            }),
            permissions: self.chosen(),
            description: self.description(),
            subject_details: self.person_details(),
        }
    }

    fn indirect(&self) -> Result<Call, PermissionFormError> {
        let r = self.indirect_request();
        r.validate()?;
        Ok(Call::json("/permissions/indirect/grants", &r))
    }

    fn subunit(&self) -> Result<Call, PermissionFormError> {
        let unit = self.trimmed(Text::Subunit);
        // An internal id is `{NIP}-{5 digits}`; ten digits alone are a subordinate entity's NIP.
        let kind = match unit.contains('-') {
            true => SubunitKind::InternalId,
            false => SubunitKind::Nip,
        };
        let name = self.trimmed(Text::SubunitName);
        let r = SubunitPermissionsGrantRequest {
            subject_identifier: self.subject(),
            context_identifier: Identifier::new(kind, unit),
            description: self.description(),
            subunit_name: (!name.is_empty()).then_some(name),
            subject_details: self.person_details(),
        };
        r.validate()?;
        Ok(Call::json("/permissions/subunits/grants", &r))
    }

    fn authorization(&self) -> Result<Call, PermissionFormError> {
        let who = self.trimmed(Text::Subject);
        // A Peppol service provider's id is `PXXXXXXXX`; anything else is read as a NIP.
        let kind = match who.starts_with('P') {
            true => AuthorizedEntityKind::PeppolId,
            false => AuthorizedEntityKind::Nip,
        };
        let scope = AuthorizationScope::from_name(self.text(Text::Scope))
            .unwrap_or(AuthorizationScope::SelfInvoicing);
        let r = EntityAuthorizationPermissionsGrantRequest {
            subject_identifier: Identifier::new(kind, who),
            permission: scope,
            description: self.description(),
            subject_details: EntityDetails::new(self.trimmed(Text::FullName)),
        };
        r.validate()?;
        Ok(Call::json("/permissions/authorizations/grants", &r))
    }
}
