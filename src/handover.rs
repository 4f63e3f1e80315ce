//! What one page hands to another, held by the app (not in globals): a certificate picked on
//! the certificates page for the login or QR page, and which Offline certificate the worker
//! holds for code II (so the QR page shows it again after navigating away).

use std::rc::Rc;

use yew::prelude::*;

use crate::files::Picked;
use crate::worker::qr::QrSigner;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Handover {
    /// Offered by "use for login" / "use for QR codes"; the next page to read it takes it.
    pub certificate: Option<Picked>,
    pub qr_signer: Option<QrSigner>,
}

pub enum HandoverAction {
    OfferCertificate(Picked),
    CertificateTaken,
    QrSigner(Option<QrSigner>),
}

impl Reducible for Handover {
    type Action = HandoverAction;

    fn reduce(self: Rc<Self>, action: HandoverAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            HandoverAction::OfferCertificate(cert) => next.certificate = Some(cert),
            HandoverAction::CertificateTaken => next.certificate = None,
            HandoverAction::QrSigner(signer) => next.qr_signer = signer,
        }
        Rc::new(next)
    }
}

pub type HandoverContext = UseReducerHandle<Handover>;

/// The handover; panics only if used outside `App`, which is a programming error.
#[hook]
pub fn use_handover() -> HandoverContext {
    use_context::<HandoverContext>().expect("components live inside App")
}

/// A file slot that starts with the offered certificate, if any, and takes it (once mounted),
/// so it is offered to one page only.
#[hook]
pub fn use_offered_certificate() -> UseStateHandle<Option<Picked>> {
    let handover = use_handover();
    let slot = {
        let offered = handover.certificate.clone();
        use_state(move || offered)
    };
    use_effect_with((), move |_| {
        if handover.certificate.is_some() {
            handover.dispatch(HandoverAction::CertificateTaken);
        }
    });
    slot
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert() -> Picked {
        Picked {
            name: "0123.crt".into(),
            bytes: b"-----BEGIN CERTIFICATE-----".to_vec(),
        }
    }

    #[test]
    fn an_offered_certificate_is_taken_once_and_the_signer_stays() {
        let signer = QrSigner {
            subject: "CN=Jan".into(),
            serial: "01".into(),
            valid_to: "2027-01-01".into(),
        };
        let h = Rc::new(Handover::default())
            .reduce(HandoverAction::QrSigner(Some(signer.clone())))
            .reduce(HandoverAction::OfferCertificate(cert()));
        assert_eq!(h.certificate, Some(cert()));
        let h = h.reduce(HandoverAction::CertificateTaken);
        assert_eq!(h.certificate, None);
        assert_eq!(h.qr_signer, Some(signer));
        assert_eq!(h.reduce(HandoverAction::QrSigner(None)).qr_signer, None);
    }
}
