//! The Certificates page as two reducers: the page's (limits, enrollment data, an unfinished
//! request) and the list's (filters, page, question, revocation with its reason). Pure; the
//! components' effects fetch.

use std::rc::Rc;

use ksef_core::api::certificates::{
    CertificateEnrollmentDataResponse, CertificateLimitsResponse, CertificateListItem,
    CertificateStatus, QueryCertificatesRequest, RevocationReason,
};
use ksef_core::flow::Failure;
use yew::Reducible;

use crate::pages::listing::{Listing, Revocation};
use crate::pending::PendingRequest;

/// The page: what KSeF allows and what a request must carry, asked per `generation`.
#[derive(Clone, Debug, PartialEq)]
pub struct PageState {
    pub limits: Listing<u32, CertificateLimitsResponse>,
    pub data: Listing<u32, CertificateEnrollmentDataResponse>,
    /// Bumped when a certificate is issued (the limits and the list change) or on "Try again".
    pub generation: u32,
    /// A request left over when the page opened (a request running now is not "unfinished").
    pub pending: Option<PendingRequest>,
    /// Why a request left over could not be read back.
    pub pending_unread: Option<crate::idb::StoreError>,
}

impl Default for PageState {
    fn default() -> PageState {
        PageState {
            limits: Listing::new(0),
            data: Listing::new(0),
            generation: 0,
            pending: None,
            pending_unread: None,
        }
    }
}

pub enum PageAction {
    Limits(u32, Result<CertificateLimitsResponse, Failure>),
    Data(u32, Result<CertificateEnrollmentDataResponse, Failure>),
    /// "Try again" after the limits or the enrollment data failed, or a certificate issued.
    Refresh,
    Pending(Option<PendingRequest>),
    /// The request left over, as read from the browser's storage.
    PendingLoaded(Result<Option<PendingRequest>, crate::idb::StoreError>),
}

impl PageState {
    /// A request may be sent only when KSeF said so: a failed check blocks it (and says why).
    pub fn can_request(&self) -> bool {
        self.limits.answer.as_ref().is_some_and(|l| l.can_request)
    }
}

impl Reducible for PageState {
    type Action = PageAction;

    fn reduce(self: Rc<Self>, action: PageAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            PageAction::Limits(g, answer) => {
                s.limits.answered(&g, answer);
            }
            PageAction::Data(g, answer) => {
                s.data.answered(&g, answer);
            }
            PageAction::Refresh => {
                s.generation += 1;
                s.limits.ask(s.generation);
                s.data.ask(s.generation);
            }
            PageAction::Pending(p) => s.pending = p,
            PageAction::PendingLoaded(Ok(p)) => s.pending = p,
            PageAction::PendingLoaded(Err(e)) => s.pending_unread = Some(e),
        }
        Rc::new(s)
    }
}

/// What the list asked `POST /certificates/query`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Question {
    pub filter: QueryCertificatesRequest,
    pub page: u32,
    /// Bumped to ask again (a revocation, a Blocked row polled).
    pub generation: u32,
    /// The page's generation: a certificate issued asks again.
    pub issued: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub rows: Vec<CertificateListItem>,
    pub has_more: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ListState {
    pub list: Listing<Question, Page>,
    /// The serial whose details are open.
    pub details: Option<String>,
    pub revocation: Revocation<RevocationReason>,
}

impl Default for ListState {
    fn default() -> ListState {
        ListState {
            list: Listing::new(Question::default()),
            details: None,
            revocation: Revocation::Idle,
        }
    }
}

pub enum ListAction {
    Filter(QueryCertificatesRequest),
    Page(u32),
    Refresh,
    Issued(u32),
    Answered(Question, Result<Page, Failure>),
    Details(String),
    AskRevoke(String),
    Reason(RevocationReason),
    CancelRevoke,
    ConfirmRevoke,
    Revoked(String, Result<(), Failure>),
}

impl ListState {
    pub fn rows(&self) -> &[CertificateListItem] {
        self.list.answer.as_ref().map_or(&[], |p| &p.rows)
    }

    pub fn has_more(&self) -> bool {
        self.list.answer.as_ref().is_some_and(|p| p.has_more)
    }

    /// A Blocked row is refreshed until KSeF settles it.
    pub fn unsettled(&self) -> bool {
        self.rows()
            .iter()
            .any(|c| c.status.is(CertificateStatus::Blocked))
    }

    fn ask(&mut self, change: impl FnOnce(&mut Question)) {
        let mut q = self.list.question.clone();
        change(&mut q);
        self.list.ask(q);
    }
}

impl Reducible for ListState {
    type Action = ListAction;

    fn reduce(self: Rc<Self>, action: ListAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            ListAction::Filter(filter) => s.ask(|q| {
                q.filter = filter;
                q.page = 0;
            }),
            ListAction::Page(page) => s.ask(|q| q.page = page),
            ListAction::Refresh => s.ask(|q| q.generation += 1),
            ListAction::Issued(n) if n != s.list.question.issued => s.ask(|q| q.issued = n),
            ListAction::Issued(_) => {}
            ListAction::Answered(question, answer) => {
                s.list.answered(&question, answer);
            }
            ListAction::Details(serial) => s.details = Some(serial),
            ListAction::AskRevoke(serial) => {
                s.revocation.ask(serial, RevocationReason::Unspecified)
            }
            ListAction::Reason(reason) => s.revocation.choose(reason),
            ListAction::CancelRevoke => s.revocation.cancel(),
            ListAction::ConfirmRevoke => s.revocation.confirm(),
            ListAction::Revoked(serial, end) => {
                if s.revocation.ended(&serial, end) {
                    s.ask(|q| q.generation += 1);
                }
            }
        }
        Rc::new(s)
    }
}
