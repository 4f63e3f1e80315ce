//! The `futureValues` switch: enum values a later KSeF release might send, so that tests can
//! show a client keeps them instead of failing on a whole list.

use ksef_core::api::certificates::{CertificateStatus, CertificateType};
use ksef_core::extensible::Extensible;

pub const PERMISSION: &str = "InvoiceArchiveManage";
pub const STATUS: &str = "Suspended";
pub const CERTIFICATE_TYPE: &str = "Signature";

pub fn kind(known: CertificateType, future: bool) -> Extensible<CertificateType> {
    if future {
        Extensible::Unknown(CERTIFICATE_TYPE.into())
    } else {
        known.into()
    }
}

pub fn status(known: CertificateStatus, future: bool) -> Extensible<CertificateStatus> {
    if future {
        Extensible::Unknown(STATUS.into())
    } else {
        known.into()
    }
}
