//! `/permissions/*` of KSeF 2.9.0: grants, revocations, queries and operation statuses.
//!
//! The access token of real KSeF does not list permissions, so `query/personal/grants` is how a
//! client learns which token permissions it may ask for (26001 otherwise). Every grant and
//! revoke is asynchronous: 202 with a reference, then the operation's status
//! ([`crate::flow::operation`] polls it).
//!
//! Bodies are plain serde types mirroring the spec; each request has `validate()` with KSeF's
//! form rules ([`PermissionFormError`]), for the app before sending and the simulator on receipt.

mod answers;
mod details;
mod error;
mod grants;
mod identifiers;
mod kinds;
mod page;
mod queries;
mod status;

pub use answers::*;
pub use details::{
    validate_description, EntityByFingerprint, EntityDetails, EuEntityDetails, IdDocument,
    PersonByFingerprintWithIdentifier, PersonByFingerprintWithoutIdentifier, PersonName,
    SubjectDetails, SubjectEntityDetails, SubjectPersonDetails,
};
pub use error::{Field, PermissionFormError};
pub use grants::*;
pub use identifiers::{
    check_value, require_subject_kind, validate_context, validate_subject, AuthorIdentifier,
    Identifier, IdentifierKind, OptionalIdentifier, PersonIdentifier, TargetIdentifier,
};
pub use kinds::*;
pub use page::{Page, PageError};
pub use queries::*;
pub use status::{
    OperationStatus, PermissionsOperationResponse, PermissionsOperationStatusResponse,
};

#[cfg(test)]
mod tests;
