//! What each item does next, and what each answer does to it. Every transition names the
//! client and applies only while that client's task is in flight: a late answer for a task the
//! batch no longer waits for changes nothing.

use crate::api::permissions::{
    IndirectPermissionsGrantRequest, PersonPermission, PersonPermissionsQueryRequest,
    PersonPermissionsQueryType, TargetIdentifier,
};
use crate::api::tokens::{GenerateTokenRequest, TokenStatus, TokenStatusResponse};
use crate::flow::operation::OperationOutcome;
use crate::flow::token::{GeneratedToken, TokenOutcome};
use crate::flow::Failure;
use crate::ident::Nip;

use super::{
    marked, Action, Activation, Batch, ItemState, NotRevoked, Outcome, Secret, SecretState, Stage,
    Task, Work,
};

/// Whether a failed request may have been carried out by KSeF all the same: no answer, a
/// timeout, a server error, or a success nobody could read.
fn uncertain(f: &Failure) -> bool {
    matches!(
        f,
        Failure::Network | Failure::TimedOut | Failure::Server { .. } | Failure::Unexpected { .. }
    )
}

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
                // A Revoking stage with nothing open is finished as soon as it is reached.
                let reference = open.cloned().unwrap_or_default();
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
    fn land(&mut self, nip: &Nip) -> Option<usize> {
        if !self.live.in_flight.remove(nip) {
            return None;
        }
        self.items.iter().position(|i| &i.nip == nip)
    }

    fn hold(&mut self, nip: &Nip, retry_after: Option<u64>, now: u64) {
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
    fn send_failed(&mut self, i: usize, failure: Failure, now: u64) {
        let nip = self.items[i].nip.clone();
        match failure {
            Failure::RateLimited { retry_after } => {
                self.items[i].state = ItemState::Todo;
                self.hold(&nip, retry_after, now);
            }
            f if uncertain(&f) => {} // stays in its sent stage: the next task looks first
            f => {
                self.items[i].state = ItemState::Failed {
                    failure: f,
                    stage: None,
                }
            }
        }
    }

    /// KSeF gave `nip`'s token (`TokenGeneration::made`): save the batch now, the secret is in it.
    pub fn token_made(&mut self, nip: &Nip, made: &GeneratedToken) -> bool {
        if !self.live.in_flight.contains(nip) {
            return false;
        }
        let Some(item) = self.items.iter_mut().find(|i| &i.nip == nip) else {
            return false;
        };
        if item.state != ItemState::Running(Stage::TokenSent) {
            return false;
        }
        item.state = ItemState::Running(Stage::TokenMade {
            reference: made.reference.clone(),
            secret: SecretState::Kept(Secret(made.token.clone())),
        });
        true
    }

    /// How `nip`'s `TokenGeneration` ended.
    pub fn token_done(&mut self, nip: &Nip, end: Result<TokenOutcome, Failure>, now: u64) -> bool {
        let Some(i) = self.land(nip) else {
            return false;
        };
        let made = |t: GeneratedToken, activation| {
            ItemState::Done(Outcome::TokenMade {
                reference: t.reference.clone(),
                activation,
                secret: SecretState::Kept(Secret(t.token.clone())),
            })
        };
        match (end, &self.items[i].state) {
            (Ok(TokenOutcome::Active(t)), _) => self.items[i].state = made(t, Activation::Active),
            (Ok(TokenOutcome::Unconfirmed { token, .. }), _) => {
                self.items[i].state = made(token, Activation::Unconfirmed)
            }
            // Made, then refused activation (status Failed): nothing usable exists.
            (Err(f), ItemState::Running(Stage::TokenMade { .. })) => {
                self.items[i].state = ItemState::Failed {
                    failure: f,
                    stage: None,
                }
            }
            (Err(f), _) => self.send_failed(i, f, now),
        }
        true
    }

    /// Every page of `GET /tokens?description=…` in `nip`'s context, for a
    /// [`Work::FindTokens`].
    pub fn tokens_found(&mut self, nip: &Nip, tokens: &[TokenStatusResponse]) -> bool {
        let Some(i) = self.land(nip) else {
            return false;
        };
        let state = std::mem::replace(&mut self.items[i].state, ItemState::Todo);
        self.items[i].state = match (&self.action, state) {
            (Action::RevokeTokens { containing }, ItemState::Todo) => {
                let needle = containing.to_lowercase();
                let planned: Vec<String> = tokens
                    .iter()
                    .filter(|t| t.description.to_lowercase().contains(&needle))
                    .filter(|t| revocable(t.status.known()))
                    .map(|t| t.reference_number.to_string())
                    .collect();
                revoking(planned, Vec::new(), Vec::new())
            }
            (
                _,
                ItemState::Running(Stage::Revoking {
                    planned,
                    mut revoked,
                    not_revoked,
                    ..
                }),
            ) => {
                // Gone from the list, or no longer revocable: the lost DELETE went through.
                for r in &planned {
                    let open = tokens
                        .iter()
                        .any(|t| t.reference_number.as_str() == r && revocable(t.status.known()));
                    let failed = not_revoked.iter().any(|n| &n.reference == r);
                    if !open && !failed && !revoked.contains(r) {
                        revoked.push(r.clone());
                    }
                }
                revoking(planned, revoked, not_revoked)
            }
            (_, ItemState::Running(Stage::TokenSent)) => {
                match tokens.iter().find(|t| self.id.marks(&t.description)) {
                    // Never reached KSeF: safe to send again.
                    None => ItemState::Todo,
                    Some(t) => found_token(t, SecretState::Lost),
                }
            }
            (_, ItemState::Running(Stage::TokenMade { reference, secret })) => {
                match tokens
                    .iter()
                    .find(|t| t.reference_number.as_str() == reference)
                {
                    Some(t) => found_token(t, secret),
                    None => ItemState::Done(Outcome::TokenMade {
                        reference,
                        activation: Activation::Unconfirmed,
                        secret,
                    }),
                }
            }
            (_, other) => other,
        };
        true
    }

    /// How `DELETE /tokens/{reference}` ended.
    pub fn revoke_done(&mut self, nip: &Nip, result: Result<(), Failure>, now: u64) -> bool {
        let Some(i) = self.land(nip) else {
            return false;
        };
        let ItemState::Running(Stage::Revoking {
            planned,
            mut revoked,
            mut not_revoked,
            sent,
        }) = std::mem::replace(&mut self.items[i].state, ItemState::Todo)
        else {
            unreachable!("a revoke is in flight only in the Revoking stage")
        };
        let reference = sent.unwrap_or_default();
        match result {
            Ok(()) => revoked.push(reference),
            Err(Failure::RateLimited { retry_after }) => self.hold(nip, retry_after, now),
            Err(f) if uncertain(&f) => {
                self.items[i].state = ItemState::Running(Stage::Revoking {
                    planned,
                    revoked,
                    not_revoked,
                    sent: Some(reference),
                });
                return true;
            }
            Err(failure) => not_revoked.push(NotRevoked { reference, failure }),
        }
        self.items[i].state = revoking(planned, revoked, not_revoked);
        true
    }

    /// KSeF accepted `nip`'s grant (`PermissionOperation::reference` appeared): save now.
    pub fn grant_accepted(&mut self, nip: &Nip, reference: &str) -> bool {
        if !self.live.in_flight.contains(nip) {
            return false;
        }
        let Some(item) = self.items.iter_mut().find(|i| &i.nip == nip) else {
            return false;
        };
        if item.state != ItemState::Running(Stage::GrantSent) {
            return false;
        }
        item.state = ItemState::Running(Stage::GrantAccepted {
            reference: reference.to_string(),
        });
        true
    }

    /// How `nip`'s `PermissionOperation` (a grant, or the check of an accepted one) ended.
    pub fn grant_done(
        &mut self,
        nip: &Nip,
        end: Result<OperationOutcome, Failure>,
        now: u64,
    ) -> bool {
        let Some(i) = self.land(nip) else {
            return false;
        };
        let granted = |reference, confirmed| {
            ItemState::Done(Outcome::Granted {
                reference: Some(reference),
                confirmed,
            })
        };
        match (end, &self.items[i].state) {
            (Ok(OperationOutcome::Completed { reference }), _) => {
                self.items[i].state = granted(reference, true)
            }
            (Ok(OperationOutcome::Unconfirmed { reference, .. }), _) => {
                self.items[i].state = granted(reference, false)
            }
            (Err(f), ItemState::Running(Stage::GrantAccepted { reference })) => {
                // Accepted, then refused: nothing more to send. A check that could not be
                // read keeps the reference for a retry.
                let stage = uncertain(&f).then(|| Stage::GrantAccepted {
                    reference: reference.clone(),
                });
                self.items[i].state = ItemState::Failed { failure: f, stage }
            }
            (Err(f), _) => self.send_failed(i, f, now),
        }
        true
    }

    /// Every page of `query/persons/grants` for a [`Work::FindGrant`]: the grant is in effect
    /// when one of them carries the marker; otherwise it never reached KSeF.
    pub fn grants_found(&mut self, nip: &Nip, found: &[PersonPermission]) -> bool {
        let Some(i) = self.land(nip) else {
            return false;
        };
        let ours = found.iter().any(|p| {
            self.id.marks(&p.description)
                && p.target_identifier.as_ref().and_then(|t| t.client()) == Some(nip.as_str())
        });
        if self.items[i].state == ItemState::Running(Stage::GrantSent) {
            self.items[i].state = if ours {
                ItemState::Done(Outcome::Granted {
                    reference: None,
                    confirmed: true,
                })
            } else {
                ItemState::Todo
            };
        }
        true
    }
}

fn revocable(status: Option<TokenStatus>) -> bool {
    matches!(status, Some(TokenStatus::Active | TokenStatus::Pending))
}

/// The Revoking stage, or the outcome once every planned token is revoked or failed.
fn revoking(planned: Vec<String>, revoked: Vec<String>, not_revoked: Vec<NotRevoked>) -> ItemState {
    if revoked.len() + not_revoked.len() >= planned.len() {
        ItemState::Done(Outcome::Revoked {
            revoked,
            not_revoked,
        })
    } else {
        ItemState::Running(Stage::Revoking {
            planned,
            revoked,
            not_revoked,
            sent: None,
        })
    }
}

/// A token of this batch, found in KSeF's list.
fn found_token(t: &TokenStatusResponse, secret: SecretState) -> ItemState {
    let activation = match t.status.known() {
        Some(TokenStatus::Active) => Activation::Active,
        Some(TokenStatus::Pending) => Activation::Pending,
        Some(TokenStatus::Revoking | TokenStatus::Revoked) => Activation::Revoked,
        Some(TokenStatus::Failed) => {
            return ItemState::Failed {
                failure: Failure::Rejected {
                    code: None,
                    description: String::new(),
                    details: t.status_details.clone().unwrap_or_default(),
                },
                stage: None,
            }
        }
        None => Activation::Unconfirmed,
    };
    ItemState::Done(Outcome::TokenMade {
        reference: t.reference_number.to_string(),
        activation,
        secret,
    })
}
