//! The Certificates page's reducers: limits and enrollment data as values with a retry, and the
//! list's questions, stale answers, paging and revocation with its reason.

use std::rc::Rc;

use ksef_core::api::certificates::{
    CertificateEnrollmentDataResponse, CertificateLimit, CertificateLimitsResponse,
    CertificateListItem, CertificateStatus, QueryCertificatesRequest, RevocationReason,
};
use ksef_core::flow::Failure;
use yew::Reducible;

use super::state::{ListAction, ListState, Page, PageAction, PageState, Question};
use crate::pages::listing::Revocation;

const SERIAL: &str = "0123456789ABCDEF";

fn reduce<R: Reducible + Clone>(s: R, actions: impl IntoIterator<Item = R::Action>) -> R {
    let mut s = Rc::new(s);
    for a in actions {
        s = s.reduce(a);
    }
    (*s).clone()
}

fn limits(can_request: bool) -> CertificateLimitsResponse {
    let one = CertificateLimit {
        remaining: 1,
        limit: 6,
    };
    CertificateLimitsResponse {
        can_request,
        enrollment: one,
        certificate: one,
    }
}

fn cert(status: &str) -> CertificateListItem {
    serde_json::from_value(serde_json::json!({
        "certificateSerialNumber": SERIAL, "name": "Biuro", "type": "Authentication",
        "commonName": "Jan Kowalski", "status": status,
        "subjectIdentifier": {"type": "Nip", "value": "5265877635"},
        "validFrom": "2026-01-01T00:00:00+00:00", "validTo": "2027-01-01T00:00:00+00:00",
        "requestDate": "2026-01-01T00:00:00+00:00",
    }))
    .unwrap()
}

fn page(status: &str, has_more: bool) -> Page {
    Page {
        rows: vec![cert(status)],
        has_more,
    }
}

#[test]
fn failed_limits_block_the_request_with_the_reason_and_a_retry_asks_again() {
    let s = reduce(
        PageState::default(),
        [
            PageAction::Limits(0, Err(Failure::Network)),
            PageAction::Data(0, Ok(CertificateEnrollmentDataResponse::default())),
        ],
    );
    assert!(!s.can_request());
    assert_eq!(s.limits.failure, Some(Failure::Network));
    assert!(s.data.answer.is_some());
    let s = reduce(s, [PageAction::Refresh]);
    assert_eq!(s.generation, 1);
    assert!(s.limits.waiting && s.data.waiting);
    // A late answer to the first check changes nothing.
    let s = reduce(s, [PageAction::Limits(0, Ok(limits(true)))]);
    assert!(!s.can_request());
    let s = reduce(s, [PageAction::Limits(1, Ok(limits(true)))]);
    assert!(s.can_request());
    assert_eq!(s.limits.failure, None);
}

#[test]
fn a_reached_limit_blocks_the_request() {
    let s = reduce(
        PageState::default(),
        [PageAction::Limits(0, Ok(limits(false)))],
    );
    assert!(!s.can_request());
}

#[test]
fn failed_enrollment_data_is_a_value() {
    let s = reduce(
        PageState::default(),
        [PageAction::Data(0, Err(Failure::Network))],
    );
    assert_eq!(s.data.failure, Some(Failure::Network));
    assert!(s.data.answer.is_none());
}

#[test]
fn an_unfinished_request_is_shown_until_dropped() {
    let s = reduce(PageState::default(), [PageAction::Pending(None)]);
    assert_eq!(s.pending, None);
}

#[test]
fn the_list_drops_an_answer_for_an_older_filter() {
    let filter = QueryCertificatesRequest {
        status: Some(CertificateStatus::Active),
        ..QueryCertificatesRequest::default()
    };
    let s = reduce(
        ListState::default(),
        [
            ListAction::Page(1),
            ListAction::Filter(filter.clone()),
            ListAction::Answered(Question::default(), Ok(page("Revoked", false))),
        ],
    );
    assert!(s.rows().is_empty());
    assert_eq!(
        s.list.question.page, 0,
        "a new filter starts at the first page"
    );
    let q = s.list.question.clone();
    let s = reduce(s, [ListAction::Answered(q, Ok(page("Active", true)))]);
    assert_eq!(s.rows().len(), 1);
    assert!(s.has_more());
}

#[test]
fn an_issued_certificate_asks_again_once() {
    let s = reduce(ListState::default(), [ListAction::Issued(0)]);
    assert_eq!(s.list.question, Question::default());
    let s = reduce(s, [ListAction::Issued(1), ListAction::Issued(1)]);
    assert_eq!(s.list.question.issued, 1);
}

#[test]
fn a_failed_list_is_a_value_and_a_blocked_row_is_polled() {
    let s = reduce(
        ListState::default(),
        [ListAction::Answered(
            Question::default(),
            Err(Failure::Network),
        )],
    );
    assert_eq!(s.list.failure, Some(Failure::Network));
    let s = reduce(
        s,
        [
            ListAction::Refresh,
            ListAction::Answered(
                Question {
                    generation: 1,
                    ..Question::default()
                },
                Ok(page("Blocked", false)),
            ),
        ],
    );
    assert!(s.unsettled());
    assert_eq!(s.list.failure, None);
}

#[test]
fn a_revocation_carries_the_chosen_reason() {
    let s = reduce(
        ListState::default(),
        [
            ListAction::Details(SERIAL.into()),
            ListAction::AskRevoke(SERIAL.into()),
            ListAction::Reason(RevocationReason::KeyCompromise),
            ListAction::ConfirmRevoke,
        ],
    );
    assert_eq!(s.details.as_deref(), Some(SERIAL));
    assert_eq!(
        s.revocation,
        Revocation::Running {
            id: SERIAL.into(),
            choice: RevocationReason::KeyCompromise
        }
    );
    let s = reduce(s, [ListAction::Revoked(SERIAL.into(), Ok(()))]);
    assert_eq!(s.revocation, Revocation::Idle);
    assert_eq!(s.list.question.generation, 1);
}

#[test]
fn a_failed_revocation_is_shown() {
    let s = reduce(
        ListState::default(),
        [
            ListAction::AskRevoke(SERIAL.into()),
            ListAction::ConfirmRevoke,
            ListAction::Revoked(SERIAL.into(), Err(Failure::Network)),
        ],
    );
    assert!(matches!(s.revocation, Revocation::Failed { .. }));
    assert_eq!(s.list.question.generation, 0);
}
