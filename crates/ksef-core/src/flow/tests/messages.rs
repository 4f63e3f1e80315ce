//! Each kind of failure reads differently, in both languages.

use crate::error::KsefError;
use crate::flow::{Failure, LocalFailure};
use crate::lang::{Lang, Localized};

/// One failure of every kind; the match makes a new kind fail to compile until it is here.
fn every_kind() -> Vec<Failure> {
    let all = vec![
        Failure::Network,
        Failure::TimedOut,
        Failure::Relay {
            status: 413,
            code: "body-too-large".into(),
        },
        Failure::Ksef(KsefError {
            http_status: 400,
            codes: vec![21111],
            ..Default::default()
        }),
        Failure::Server { status: 502 },
        Failure::RateLimited {
            retry_after: Some(5),
        },
        Failure::Unexpected {
            status: 200,
            detail: "expected value".into(),
        },
        Failure::AuthStatus {
            code: 450,
            details: vec![],
        },
        Failure::StartAgain {
            code: 550,
            details: vec![],
        },
        Failure::Rejected {
            code: Some(400),
            description: "Operacja zakończona niepowodzeniem".into(),
            details: vec![],
        },
        Failure::GaveUp,
        Failure::local(LocalFailure::Encryption, ""),
        Failure::local(LocalFailure::Signing, ""),
        Failure::local(LocalFailure::KeyGeneration, ""),
        Failure::local(LocalFailure::Storage, ""),
        Failure::local(LocalFailure::Worker, ""),
    ];
    for f in &all {
        match f {
            Failure::Network
            | Failure::TimedOut
            | Failure::Relay { .. }
            | Failure::Ksef(_)
            | Failure::Server { .. }
            | Failure::RateLimited { .. }
            | Failure::Unexpected { .. }
            | Failure::AuthStatus { .. }
            | Failure::StartAgain { .. }
            | Failure::Rejected { .. }
            | Failure::GaveUp
            | Failure::Local { .. } => {}
        }
    }
    all
}

#[test]
fn every_kind_has_its_own_message_in_both_languages() {
    let all = every_kind();
    for lang in [Lang::Pl, Lang::En] {
        let messages: Vec<String> = all.iter().map(|f| f.message(lang)).collect();
        for (i, m) in messages.iter().enumerate() {
            assert!(!m.trim().is_empty(), "{:?} says nothing", all[i]);
            for (j, other) in messages.iter().enumerate().skip(i + 1) {
                assert_ne!(m, other, "{:?} and {:?} read the same", all[i], all[j]);
            }
        }
    }
    for f in &all {
        assert_ne!(f.message(Lang::Pl), f.message(Lang::En), "{f:?}");
    }
}
