//! The status of a grant or revoke operation (`GET /permissions/operations/{ref}`): the codes
//! of the 2.9.0 table with KSeF's own Polish descriptions, and words for the user.

use serde::{Deserialize, Serialize};

use crate::api::StatusInfo;
use crate::ident::ReferenceNumber;
use crate::lang::Lang;

/// Every grant and revoke → 202: the operation to poll.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionsOperationResponse {
    pub reference_number: ReferenceNumber,
}

/// `GET /permissions/operations/{referenceNumber}` → 200: 100 accepted, 200 done, 400..550
/// refused (kept 30 days, then 410 Gone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionsOperationStatusResponse {
    pub status: StatusInfo,
}

impl PermissionsOperationStatusResponse {
    /// The code as one of the table's, `None` for a code of a later release.
    pub fn operation_status(&self) -> Option<OperationStatus> {
        OperationStatus::from_code(self.status.code)
    }
}

/// The codes of `PermissionsOperationStatusResponse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperationStatus {
    /// 100: KSeF is working on it.
    Accepted,
    /// 200: in effect.
    Succeeded,
    /// 400
    Failed,
    /// 410: the identifiers do not match or stand in the wrong relation.
    IdentifiersInconsistent,
    /// 420: the credentials used lack the permission.
    NotPermitted,
    /// 430: the context does not have the role or permissions needed.
    ContextMismatch,
    /// 440: not allowed for these identifiers' relations (e.g. a client that did not allow
    /// delegation).
    RelationNotAllowed,
    /// 450: not allowed for this identifier or its type.
    IdentifierNotAllowed,
    /// 500
    Unknown,
    /// 550: cancelled by the system; try again later.
    Cancelled,
}

impl OperationStatus {
    pub const ALL: [OperationStatus; 10] = [
        OperationStatus::Accepted,
        OperationStatus::Succeeded,
        OperationStatus::Failed,
        OperationStatus::IdentifiersInconsistent,
        OperationStatus::NotPermitted,
        OperationStatus::ContextMismatch,
        OperationStatus::RelationNotAllowed,
        OperationStatus::IdentifierNotAllowed,
        OperationStatus::Unknown,
        OperationStatus::Cancelled,
    ];

    pub fn code(self) -> i32 {
        match self {
            OperationStatus::Accepted => 100,
            OperationStatus::Succeeded => 200,
            OperationStatus::Failed => 400,
            OperationStatus::IdentifiersInconsistent => 410,
            OperationStatus::NotPermitted => 420,
            OperationStatus::ContextMismatch => 430,
            OperationStatus::RelationNotAllowed => 440,
            OperationStatus::IdentifierNotAllowed => 450,
            OperationStatus::Unknown => 500,
            OperationStatus::Cancelled => 550,
        }
    }

    pub fn from_code(code: i32) -> Option<OperationStatus> {
        OperationStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Still running: poll again.
    pub fn is_pending(self) -> bool {
        self == OperationStatus::Accepted
    }

    /// KSeF's description, as the spec's table gives it.
    pub fn description(self) -> &'static str {
        match self {
            OperationStatus::Accepted => "Operacja przyjęta do realizacji",
            OperationStatus::Succeeded => "Operacja zakończona sukcesem",
            OperationStatus::Failed => "Operacja zakończona niepowodzeniem",
            OperationStatus::IdentifiersInconsistent => {
                "Podane identyfikatory są niezgodne lub pozostają w niewłaściwej relacji"
            }
            OperationStatus::NotPermitted => {
                "Użyte poświadczenia nie mają uprawnień do wykonania tej operacji"
            }
            OperationStatus::ContextMismatch => {
                "Kontekst identyfikatora nie odpowiada wymaganej roli lub uprawnieniom"
            }
            OperationStatus::RelationNotAllowed => {
                "Operacja niedozwolona dla wskazanych powiązań identyfikatorów"
            }
            OperationStatus::IdentifierNotAllowed => {
                "Operacja niedozwolona dla wskazanego identyfikatora lub jego typu"
            }
            OperationStatus::Unknown => "Nieznany błąd",
            OperationStatus::Cancelled => "Operacja została anulowana przez system",
        }
    }

    /// The status as KSeF answers it (550 carries its table's detail).
    pub fn status_info(self, details: Vec<String>) -> StatusInfo {
        let mut details = details;
        if self == OperationStatus::Cancelled && details.is_empty() {
            details.push("Przetwarzanie zostało przerwane z przyczyn wewnętrznych systemu. Spróbuj ponownie później.".into());
        }
        StatusInfo {
            code: self.code(),
            description: self.description().into(),
            details: (!details.is_empty()).then_some(details),
        }
    }

    /// What it means for the user.
    pub fn label(self, lang: Lang) -> &'static str {
        let (pl, en) = match self {
            OperationStatus::Accepted => ("KSeF przetwarza operację", "KSeF is processing the operation"),
            OperationStatus::Succeeded => ("Gotowe – zmiana uprawnień obowiązuje", "Done – the change is in effect"),
            OperationStatus::Failed => ("KSeF odrzucił operację", "KSeF refused the operation"),
            OperationStatus::IdentifiersInconsistent => (
                "Identyfikatory nie pasują do siebie (np. jednostka nie należy do tego NIP)",
                "The identifiers do not fit together (e.g. the unit does not belong to this NIP)",
            ),
            OperationStatus::NotPermitted => (
                "Twoje poświadczenia nie pozwalają na tę operację",
                "Your credentials do not allow this operation",
            ),
            OperationStatus::ContextMismatch => (
                "Ten kontekst nie ma roli ani uprawnień potrzebnych do tej operacji",
                "This context lacks the role or permissions this operation needs",
            ),
            OperationStatus::RelationNotAllowed => (
                "Niedozwolone dla tych powiązań (np. klient nie pozwolił na przekazywanie uprawnień)",
                "Not allowed for these relations (e.g. the client did not allow delegation)",
            ),
            OperationStatus::IdentifierNotAllowed => (
                "Niedozwolone dla tego identyfikatora lub jego typu",
                "Not allowed for this identifier or its type",
            ),
            OperationStatus::Unknown => ("Nieznany błąd KSeF", "Unknown KSeF error"),
            OperationStatus::Cancelled => (
                "KSeF przerwał operację – spróbuj ponownie później",
                "KSeF cancelled the operation – try again later",
            ),
        };
        lang.pick(pl, en)
    }
}
