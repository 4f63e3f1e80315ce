//! The QR page as one reducer: the invoice card, the context code II names, and code II as
//! asked of the worker. An answer to an older question is dropped, so a slow signature cannot
//! show a code for an invoice or context that is no longer there. Pure, tested natively.

use std::rc::Rc;

use ksef_core::context::{ApiContextIdentifier, ContextIdentifier, ContextType};
use ksef_core::environment::Environment;
use ksef_core::ident::Nip;
use ksef_core::qr::InvoiceHash;
use yew::Reducible;

use super::invoice::{InvoiceAction, InvoiceFields};
use crate::worker::qr::{Code2Link, SignCode2};
use crate::worker::WorkerFailure;

/// Everything code II is signed over; a change of any part asks again.
#[derive(Clone, Debug, PartialEq)]
pub struct Code2Question {
    /// The loaded certificate's serial number.
    pub serial: String,
    pub env: Environment,
    pub context: ApiContextIdentifier,
    pub seller_nip: Nip,
    pub hash: InvoiceHash,
}

impl Code2Question {
    pub fn job(&self, now_ms: i64) -> SignCode2 {
        SignCode2 {
            env: self.env,
            context: self.context.clone(),
            seller_nip: self.seller_nip.clone(),
            hash: self.hash.clone(),
            now_ms,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Code2 {
    /// Nothing to sign yet: no certificate, no complete invoice, or no valid context.
    #[default]
    NotAsked,
    Signing(Code2Question),
    Signed(Code2Question, Result<Code2Link, WorkerFailure>),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct QrState {
    pub fields: InvoiceFields,
    /// The context as chosen; `None` until typed (then the seller's own NIP is used).
    pub context: Option<ApiContextIdentifier>,
    pub code2: Code2,
}

#[derive(Clone, Debug, PartialEq)]
pub enum QrAction {
    Invoice(InvoiceAction),
    ContextKind(ContextType),
    ContextValue(String),
    /// The page's effect asks the worker (or, with `None`, has nothing to ask).
    Asked(Option<Code2Question>),
    Answered(Code2Question, Result<Code2Link, WorkerFailure>),
}

impl QrState {
    /// Starts with the session's context, if logged in.
    pub fn new(session_context: Option<ApiContextIdentifier>) -> QrState {
        QrState {
            context: session_context,
            ..QrState::default()
        }
    }

    /// The context code II names: the chosen one, else the seller's NIP (self-invoicing).
    pub fn effective_context(&self) -> Option<ApiContextIdentifier> {
        self.context.clone().or_else(|| {
            self.fields.ready().map(|r| ApiContextIdentifier {
                kind: ContextType::Nip,
                value: r.seller_nip.to_string(),
            })
        })
    }

    /// What code II should be signed over now, with the certificate of `serial`.
    pub fn question(&self, serial: Option<&str>, env: Environment) -> Option<Code2Question> {
        let ready = self.fields.ready()?;
        let context = self
            .effective_context()
            .filter(|c| ContextIdentifier::try_from(c).is_ok())?;
        Some(Code2Question {
            serial: serial?.to_string(),
            env,
            context,
            seller_nip: ready.seller_nip,
            hash: ready.hash,
        })
    }

    fn edit_context(&mut self, edit: impl FnOnce(&mut ApiContextIdentifier)) {
        let mut c = self.effective_context().unwrap_or(ApiContextIdentifier {
            kind: ContextType::Nip,
            value: String::new(),
        });
        edit(&mut c);
        self.context = Some(c);
    }
}

impl Reducible for QrState {
    type Action = QrAction;

    fn reduce(self: Rc<Self>, action: QrAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            QrAction::Invoice(a) => s.fields.apply(a),
            QrAction::ContextKind(kind) => s.edit_context(|c| c.kind = kind),
            QrAction::ContextValue(v) => s.edit_context(|c| c.value = v.trim().to_string()),
            QrAction::Asked(Some(q)) => s.code2 = Code2::Signing(q),
            QrAction::Asked(None) => s.code2 = Code2::NotAsked,
            QrAction::Answered(q, answer) => {
                if s.code2 == Code2::Signing(q.clone()) {
                    s.code2 = Code2::Signed(q, answer);
                }
                // Otherwise the answer is to an older question: the newer one is under way.
            }
        }
        Rc::new(s)
    }
}
