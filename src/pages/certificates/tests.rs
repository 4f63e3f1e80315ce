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

mod forms {
    use std::rc::Rc;

    use ksef_core::api::certificates::CertificateType;
    use ksef_core::flow::Failure;
    use yew::Reducible;

    use crate::pages::certificates::forms::{
        BrowserCopy, CopyAction, RequestAction, RequestForm, ResumeAction, ResumeForm,
    };
    use crate::pages::certificates::progress::{FilesChange, Report};
    use crate::pages::login::progress::Phase;

    fn run<R: Reducible + Clone>(s: R, actions: impl IntoIterator<Item = R::Action>) -> R {
        let mut s = Rc::new(s);
        for a in actions {
            s = s.reduce(a);
        }
        (*s).clone()
    }

    fn filled() -> RequestForm {
        run(
            RequestForm::default(),
            [
                RequestAction::Name("Biuro rachunkowe".into()),
                RequestAction::Kind(CertificateType::Offline),
                RequestAction::Password("Dobre-Haslo-2026!".into()),
                RequestAction::Confirm("Dobre-Haslo-2026!".into()),
            ],
        )
    }

    #[test]
    fn the_form_is_ready_only_when_allowed_and_complete() {
        let s = filled();
        assert!(s.ready(true));
        assert!(!s.ready(false), "limits not known or reached");
        let s = run(s, [RequestAction::Confirm("other".into())]);
        assert!(!s.same() && !s.ready(true));
    }

    #[test]
    fn sending_runs_once_and_files_follow_the_reports() {
        let s = run(
            filled(),
            [RequestAction::Send(None), RequestAction::Send(None)],
        );
        let (n, sent) = s.sent.clone().unwrap();
        assert_eq!((n, sent.kind), (1, CertificateType::Offline));
        assert!(s.progress.phase.busy() && !s.ready(true));
        let s = run(
            s,
            [
                RequestAction::Report(Report::Files(FilesChange::Key {
                    stem: "Biuro".into(),
                    key_pem: "KEY".into(),
                    not_kept: false,
                })),
                RequestAction::Report(Report::Files(FilesChange::NotKept)),
                RequestAction::Report(Report::Files(FilesChange::Issued {
                    stem: "Biuro".into(),
                    key_pem: "KEY".into(),
                    cert_der: Some(vec![1]),
                    p12_b64: None,
                })),
                RequestAction::Report(Report::Phase(Phase::Idle)),
            ],
        );
        let f = &s.progress.files;
        assert_eq!(f.key_pem.as_deref(), Some("KEY"));
        assert_eq!(f.cert_der, Some(vec![1]));
        assert!(f.not_kept, "a refused save is still said after issuing");
        assert!(s.ready(true), "another request can be made");
    }

    #[test]
    fn a_failed_request_is_shown_and_can_be_sent_again() {
        let s = run(
            filled(),
            [
                RequestAction::Send(None),
                RequestAction::Report(Report::Phase(Phase::Failed(Failure::Network.into()))),
            ],
        );
        assert_eq!(s.progress.phase, Phase::Failed(Failure::Network.into()));
        let s = run(s, [RequestAction::Send(Some(0))]);
        assert_eq!(
            s.sent.map(|(n, sent)| (n, sent.valid_from_ms)),
            Some((2, Some(0)))
        );
    }

    #[test]
    fn a_resumed_request_runs_once_with_the_password() {
        let s = run(
            ResumeForm::default(),
            [
                ResumeAction::Resume(Some("pw".into())),
                ResumeAction::Resume(None),
            ],
        );
        assert_eq!(s.sent, Some((1, Some("pw".into()))));
        let s = run(
            s,
            [ResumeAction::Report(Report::Phase(Phase::Failed(
                Failure::Network.into(),
            )))],
        );
        assert!(!s.progress.phase.busy());
    }

    #[test]
    fn discarding_waits_while_the_request_runs() {
        let s = run(
            ResumeForm::default(),
            [ResumeAction::Resume(None), ResumeAction::Discard],
        );
        assert!(!s.discarding);
        let s = run(
            s,
            [
                ResumeAction::Report(Report::Phase(Phase::Idle)),
                ResumeAction::Discard,
            ],
        );
        assert!(s.discarding);
    }

    #[test]
    fn the_browser_copy_is_removed_once() {
        let s = run(BrowserCopy::Kept, [CopyAction::Removed]);
        assert_eq!(s, BrowserCopy::Kept, "nothing was being removed");
        let s = run(s, [CopyAction::Remove, CopyAction::Remove]);
        assert_eq!(s, BrowserCopy::Removing);
        let s = run(s, [CopyAction::Removed]);
        assert_eq!(s, BrowserCopy::Removed);
    }

    #[test]
    fn a_refused_removal_is_said_and_can_be_tried_again() {
        use crate::idb::StoreError;
        let s = run(
            BrowserCopy::Kept,
            [CopyAction::Remove, CopyAction::Failed(StoreError::Blocked)],
        );
        assert_eq!(s, BrowserCopy::NotRemoved(StoreError::Blocked));
        let s = run(s, [CopyAction::Remove, CopyAction::Removed]);
        assert_eq!(s, BrowserCopy::Removed);
    }
}
