//! Why a grant or query body breaks KSeF's rules, in words a user can act on. The app shows it
//! before sending; the simulator puts it in a 21405's details.

use crate::api::SubjectIdentifierKind;
use crate::ident::IdError;
use crate::lang::{Lang, Localized};
use crate::permissions::Permission;

use super::kinds::SubjectDetailsType;

/// A field of a `/permissions/*` body, named in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Description,
    SubjectIdentifier,
    TargetIdentifier,
    ContextIdentifier,
    AuthorIdentifier,
    AuthorizedIdentifier,
    AuthorizingIdentifier,
    SubunitIdentifier,
    SubordinateEntityIdentifier,
    PersonIdentifier,
    SubjectDetails,
    FirstName,
    LastName,
    FullName,
    Address,
    BirthDate,
    IdDocumentType,
    IdDocumentNumber,
    IdDocumentCountry,
    SubunitName,
    EuEntityName,
    EuEntityFullName,
    EuEntityAddress,
    Permissions,
    PermissionTypes,
    VatUeIdentifier,
    AuthorizedFingerprint,
}

impl Field {
    /// The JSON name, as a validator's message would give it.
    pub fn path(self) -> &'static str {
        match self {
            Field::Description => "description",
            Field::SubjectIdentifier => "subjectIdentifier",
            Field::TargetIdentifier => "targetIdentifier",
            Field::ContextIdentifier => "contextIdentifier",
            Field::AuthorIdentifier => "authorIdentifier",
            Field::AuthorizedIdentifier => "authorizedIdentifier",
            Field::AuthorizingIdentifier => "authorizingIdentifier",
            Field::SubunitIdentifier => "subunitIdentifier",
            Field::SubordinateEntityIdentifier => "subordinateEntityIdentifier",
            Field::PersonIdentifier => "subjectDetails.identifier",
            Field::SubjectDetails => "subjectDetails",
            Field::FirstName => "firstName",
            Field::LastName => "lastName",
            Field::FullName => "fullName",
            Field::Address => "address",
            Field::BirthDate => "birthDate",
            Field::IdDocumentType => "idDocument.type",
            Field::IdDocumentNumber => "idDocument.number",
            Field::IdDocumentCountry => "idDocument.country",
            Field::SubunitName => "subunitName",
            Field::EuEntityName => "euEntityName",
            Field::EuEntityFullName => "euEntityDetails.fullName",
            Field::EuEntityAddress => "euEntityDetails.address",
            Field::Permissions => "permissions",
            Field::PermissionTypes => "permissionTypes",
            Field::VatUeIdentifier => "vatUeIdentifier",
            Field::AuthorizedFingerprint => "authorizedFingerprintIdentifier",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (pl, en) = match self {
            Field::Description => ("Opis", "Description"),
            Field::SubjectIdentifier => ("Identyfikator uprawnianego", "Grantee identifier"),
            Field::TargetIdentifier => ("Klient (podmiot docelowy)", "Client (target)"),
            Field::ContextIdentifier => ("Kontekst", "Context"),
            Field::AuthorIdentifier => ("Nadający", "Granted by"),
            Field::AuthorizedIdentifier => ("Uprawniony", "Grantee"),
            Field::AuthorizingIdentifier => ("Podmiot uprawniający", "Authorizing entity"),
            Field::SubunitIdentifier => ("Jednostka podrzędna", "Subunit"),
            Field::SubordinateEntityIdentifier => ("Podmiot podrzędny", "Subordinate entity"),
            Field::PersonIdentifier => ("NIP lub PESEL osoby", "Person's NIP or PESEL"),
            Field::SubjectDetails => ("Dane uprawnianego", "Grantee details"),
            Field::FirstName => ("Imię", "First name"),
            Field::LastName => ("Nazwisko", "Last name"),
            Field::FullName => ("Pełna nazwa", "Full name"),
            Field::Address => ("Adres", "Address"),
            Field::BirthDate => ("Data urodzenia", "Date of birth"),
            Field::IdDocumentType => ("Rodzaj dokumentu tożsamości", "ID document type"),
            Field::IdDocumentNumber => ("Seria i numer dokumentu", "ID document number"),
            Field::IdDocumentCountry => ("Kraj wydania dokumentu", "ID document country"),
            Field::SubunitName => ("Nazwa jednostki", "Subunit name"),
            Field::EuEntityName => (
                "Nazwa i adres podmiotu unijnego",
                "EU entity name and address",
            ),
            Field::EuEntityFullName => ("Nazwa podmiotu unijnego", "EU entity name"),
            Field::EuEntityAddress => ("Adres podmiotu unijnego", "EU entity address"),
            Field::Permissions => ("Uprawnienia", "Permissions"),
            Field::PermissionTypes => ("Rodzaje uprawnień", "Permission types"),
            Field::VatUeIdentifier => ("Numer VAT UE", "EU VAT number"),
            Field::AuthorizedFingerprint => ("Odcisk certyfikatu", "Certificate fingerprint"),
        };
        lang.pick(pl, en)
    }
}

/// A rule of a `/permissions/*` body that does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Pl))]
pub enum PermissionFormError {
    /// Not a valid NIP, PESEL, fingerprint, internal id… (checksums included).
    Identifier {
        field: Field,
        #[source]
        source: IdError,
    },
    /// An identifier type this body does not take here (by its API name).
    IdentifierKind {
        field: Field,
        kind: &'static str,
    },
    /// A NIP/PESEL/… identifier without its value.
    MissingValue {
        field: Field,
    },
    /// `AllPartners` or `System` carry no value.
    UnexpectedValue {
        field: Field,
    },
    /// Text length outside `min..=max` characters.
    Length {
        field: Field,
        min: usize,
        max: usize,
        got: usize,
    },
    /// A part the body needs here is absent.
    Missing {
        field: Field,
    },
    NoPermissions,
    /// A permission this grant or query cannot carry.
    NotAllowed {
        permission: Permission,
    },
    /// "Każda wartość może wystąpić tylko raz."
    Duplicate {
        permission: Permission,
    },
    /// Only InvoiceRead, InvoiceWrite and CollectiveIdentifierManage can be passed on.
    NotDelegable {
        permission: Permission,
    },
    /// A `subjectDetailsType` this grant does not take.
    DetailsType {
        kind: SubjectDetailsType,
    },
    /// The details describe another kind of subject than the identifier names (e.g. a PESEL
    /// with `PersonByFingerprintWithIdentifier`).
    DetailsMismatch {
        subject: SubjectIdentifierKind,
        details: SubjectDetailsType,
    },
    /// Not a `YYYY-MM-DD` date.
    BadDate {
        field: Field,
    },
    /// Not two capital letters (ISO 3166-1 alpha-2).
    BadCountry,
}

impl PermissionFormError {
    /// The field at fault, when there is one.
    pub fn field(&self) -> Option<Field> {
        use PermissionFormError as E;
        match self {
            E::Identifier { field, .. }
            | E::IdentifierKind { field, .. }
            | E::MissingValue { field }
            | E::UnexpectedValue { field }
            | E::Length { field, .. }
            | E::Missing { field }
            | E::BadDate { field } => Some(*field),
            E::NoPermissions | E::NotAllowed { .. } | E::Duplicate { .. } => {
                Some(Field::Permissions)
            }
            E::NotDelegable { .. } => Some(Field::Permissions),
            E::DetailsType { .. } | E::DetailsMismatch { .. } => Some(Field::SubjectDetails),
            E::BadCountry => Some(Field::IdDocumentCountry),
        }
    }
}

impl Localized for PermissionFormError {
    fn message(&self, lang: Lang) -> String {
        use PermissionFormError as E;
        let pl = lang == Lang::Pl;
        match self {
            E::Identifier { field, source } => {
                format!("{}: {}", field.label(lang), source.message(lang))
            }
            E::IdentifierKind { field, kind } if pl => {
                format!("{}: typ {kind} jest tu niedozwolony", field.label(lang))
            }
            E::IdentifierKind { field, kind } => {
                format!("{}: type {kind} is not allowed here", field.label(lang))
            }
            E::MissingValue { field } if pl => format!("{}: podaj wartość", field.label(lang)),
            E::MissingValue { field } => format!("{}: enter a value", field.label(lang)),
            E::UnexpectedValue { field } if pl => {
                format!("{}: ten typ nie ma wartości", field.label(lang))
            }
            E::UnexpectedValue { field } => {
                format!("{}: this type takes no value", field.label(lang))
            }
            E::Length {
                field,
                min,
                max,
                got,
            } => {
                let name = field.label(lang);
                match (pl, *min) {
                    (true, 0) => format!("{name}: najwyżej {max} znaków, podano {got}"),
                    (true, _) => format!("{name}: od {min} do {max} znaków, podano {got}"),
                    (false, 0) => format!("{name}: at most {max} characters, {got} given"),
                    (false, _) => format!("{name}: {min} to {max} characters, {got} given"),
                }
            }
            E::Missing { field } if pl => format!("{}: pole wymagane", field.label(lang)),
            E::Missing { field } => format!("{}: required", field.label(lang)),
            E::NoPermissions => lang
                .pick("Wybierz co najmniej jedno uprawnienie", "Choose at least one permission")
                .into(),
            E::NotAllowed { permission } if pl => {
                format!("Uprawnienie „{}” jest tu niedozwolone", permission.label(lang))
            }
            E::NotAllowed { permission } => {
                format!("The permission “{}” is not allowed here", permission.label(lang))
            }
            E::Duplicate { permission } if pl => {
                format!("Uprawnienie „{}” podano więcej niż raz", permission.label(lang))
            }
            E::Duplicate { permission } => {
                format!("The permission “{}” is given more than once", permission.label(lang))
            }
            E::NotDelegable { permission } if pl => format!(
                "Uprawnienia „{}” nie można przekazywać dalej (tylko przeglądanie i wystawianie faktur oraz identyfikatory zbiorcze)",
                permission.label(lang)
            ),
            E::NotDelegable { permission } => format!(
                "“{}” cannot be delegated (only viewing and issuing invoices and collective identifiers can)",
                permission.label(lang)
            ),
            E::DetailsType { kind } if pl => {
                format!("Rodzaj danych „{}” jest tu niedozwolony", kind.label(lang))
            }
            E::DetailsType { kind } => {
                format!("The details kind “{}” is not allowed here", kind.label(lang))
            }
            E::DetailsMismatch { subject, details } if pl => format!(
                "Identyfikator ({}) nie pasuje do rodzaju danych „{}”",
                subject.label(lang),
                details.label(lang)
            ),
            E::DetailsMismatch { subject, details } => format!(
                "The identifier ({}) does not fit the details kind “{}”",
                subject.label(lang),
                details.label(lang)
            ),
            E::BadDate { field } if pl => {
                format!("{}: oczekiwano daty RRRR-MM-DD", field.label(lang))
            }
            E::BadDate { field } => format!("{}: expected a date YYYY-MM-DD", field.label(lang)),
            E::BadCountry => lang
                .pick(
                    "Kraj wydania dokumentu: dwie wielkie litery (np. PL, DE)",
                    "ID document country: two capital letters (e.g. PL, DE)",
                )
                .into(),
        }
    }
}
