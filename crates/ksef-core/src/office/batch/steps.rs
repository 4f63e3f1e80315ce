//! What each item does next, and what each answer does to it. Every transition names the
//! client and applies only while that client's task is in flight: a late answer for a task the
//! batch no longer waits for changes nothing.

use crate::api::permissions::{
    IndirectPermissionsGrantRequest, PersonPermissionsQueryRequest, PersonPermissionsQueryType,
    TargetIdentifier,
};
use crate::api::tokens::GenerateTokenRequest;
use crate::flow::Failure;
use crate::ident::Nip;

use super::{marked, Action, Batch, ItemState, Stage, Task, Work};

/// Whether a failed request may have been carried out by KSeF all the same: no answer, a
/// timeout, a server error, or a success nobody could read.
pub(super) fn uncertain(f: &Failure) -> bool {
    matches!(
        f,
        Failure::Network | Failure::TimedOut | Failure::Server { .. } | Failure::Unexpected { .. }
    )
}

/// How long an item whose request may have reached KSeF waits before the batch looks for its
/// result: KSeF may still be carrying out a request whose answer timed out on the way, and a
/// look too early would send it again.
pub const RECONCILE_AFTER_MS: u64 = 10_000;

impl Batch {
    /// The next task, marked in flight (and its item's stage moved on, so save the batch now,
    /// before sending). `None` when paused, when K tasks are in flight, or nothing is ready.
    pub fn next(&mut self, now: u64) -> Option<Task> {
        if self.paused || self.live.in_flight.len() >= self.limit {
            return None;
        }
        if self.live.all_held.is_some_and(|t| t > now) {
            return None;
        }
        self.live.held.retain(|_, until| *until > now);
        let i = self.items.iter().position(|i| {
            matches!(i.state, ItemState::Todo | ItemState::Running(_))
                && !self.live.in_flight.contains(&i.nip)
                && !self.live.held.contains_key(&i.nip)
        })?;
        let work = self.work(i);
        let nip = self.items[i].nip.clone();
        self.live.in_flight.insert(nip.clone());
        let context = match &self.action {
            Action::GrantIndirect { office, .. } => office.clone(),
            _ => nip.clone(),
        };
        Some(Task { nip, context, work })
    }

    /// The work for item `i`, moving its stage on where the work may change KSeF.
    fn work(&mut self, i: usize) -> Work {
        let nip = self.items[i].nip.clone();
        let item = &mut self.items[i];
        match (&self.action, &mut item.state) {
            (
                Action::CreateToken {
                    permissions,
                    description,
                },
                ItemState::Todo,
            ) => {
                item.state = ItemState::Running(Stage::TokenSent);
                Work::CreateToken(GenerateTokenRequest {
                    permissions: permissions.clone(),
                    description: marked(&self.id, description),
                })
            }
            (Action::RevokeTokens { containing }, ItemState::Todo) => Work::FindTokens {
                description: containing.clone(),
            },
            (Action::GrantIndirect { request, .. }, ItemState::Todo) => {
                item.state = ItemState::Running(Stage::GrantSent);
                Work::Grant(Box::new(IndirectPermissionsGrantRequest {
                    target_identifier: Some(TargetIdentifier::nip(&nip)),
                    description: marked(&self.id, &request.description),
                    ..request.as_ref().clone()
                }))
            }
            (_, ItemState::Running(Stage::TokenSent | Stage::TokenMade { .. })) => {
                Work::FindTokens {
                    description: self.id.as_str().to_string(),
                }
            }
            (
                Action::RevokeTokens { containing },
                ItemState::Running(Stage::Revoking { sent: Some(_), .. }),
            ) => Work::FindTokens {
                description: containing.clone(),
            },
            (
                _,
                ItemState::Running(Stage::Revoking {
                    planned,
                    revoked,
                    not_revoked,
                    sent,
                }),
            ) => {
                let open = planned.iter().find(|r| {
                    !revoked.contains(r) && not_revoked.iter().all(|n| &n.reference != *r)
                });
                let reference = open
                    .cloned()
                    .expect("a Revoking stage has an open token: `revoking` ends it otherwise");
                *sent = Some(reference.clone());
                Work::RevokeToken { reference }
            }
            (Action::GrantIndirect { request, .. }, ItemState::Running(Stage::GrantSent)) => {
                let mut query = PersonPermissionsQueryRequest::new(
                    PersonPermissionsQueryType::PermissionsGrantedInCurrentContext,
                );
                query.authorized_identifier = Some(request.subject_identifier.clone());
                query.target_identifier = Some(TargetIdentifier::nip(&nip));
                Work::FindGrant(query)
            }
            (_, ItemState::Running(Stage::GrantAccepted { reference })) => Work::CheckGrant {
                reference: reference.clone(),
            },
            (action, state) => unreachable!("no work for {state:?} in {action:?}"),
        }
    }

    /// Ends `nip`'s task in flight; the item's index, or `None` for a stale answer.
    pub(super) fn land(&mut self, nip: &Nip) -> Option<usize> {
        if !self.live.in_flight.remove(nip) {
            return None;
        }
        self.items.iter().position(|i| &i.nip == nip)
    }

    pub(super) fn hold(&mut self, nip: &Nip, retry_after: Option<u64>, now: u64) {
        let until = now + retry_after.unwrap_or(1).clamp(1, 3600) * 1000;
        match self.action {
            // One context for all items: its limit holds every one of them.
            Action::GrantIndirect { .. } => self.live.all_held = Some(until),
            _ => {
                self.live.held.insert(nip.clone(), until);
            }
        }
    }

    /// The task for `nip` failed before its own answer could be read (the login, a list).
    /// A rate limit holds the item back; anything else fails it, keeping its stage.
    pub fn failed(&mut self, nip: &Nip, failure: Failure, now: u64) -> bool {
        let Some(i) = self.land(nip) else {
            return false;
        };
        if let Failure::RateLimited { retry_after } = failure {
            self.hold(nip, retry_after, now);
            return true;
        }
        let stage = match std::mem::replace(&mut self.items[i].state, ItemState::Todo) {
            ItemState::Running(s) => Some(s),
            _ => None,
        };
        self.items[i].state = ItemState::Failed { failure, stage };
        true
    }

    /// A failure of the request that moves KSeF (`POST /tokens`, a grant): put back to be
    /// sent again after a rate limit, left to reconcile when KSeF may have done it, else failed.
    pub(super) fn send_failed(&mut self, i: usize, failure: Failure, now: u64) {
        let nip = self.items[i].nip.clone();
        match failure {
            Failure::RateLimited { retry_after } => {
                self.items[i].state = ItemState::Todo;
                self.hold(&nip, retry_after, now);
            }
            // Stays in its sent stage: the next task looks for it first, after a pause.
            f if uncertain(&f) => {
                self.live.held.insert(nip, now + RECONCILE_AFTER_MS);
            }
            f => {
                self.items[i].state = ItemState::Failed {
                    failure: f,
                    stage: None,
                }
            }
        }
    }
}
