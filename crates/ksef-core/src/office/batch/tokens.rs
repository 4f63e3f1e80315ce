//! What KSeF's answers do to the items of a token batch (make or revoke). A token is found
//! again by the batch's marker (made) or by its reference and status (revoked), so a lost
//! answer is settled by a list, never by sending again.

use crate::api::tokens::{TokenStatus, TokenStatusResponse};
use crate::flow::token::{GeneratedToken, TokenOutcome};
use crate::flow::Failure;
use crate::ident::Nip;

use super::steps::uncertain;
use super::{
    Action, Activation, Batch, ItemState, NotRevoked, Outcome, Secret, SecretState, Stage,
};

impl Batch {
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
    /// [`super::Work::FindTokens`].
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
        let revoking_one = |i: &super::Item| {
            matches!(
                &i.state,
                ItemState::Running(Stage::Revoking { sent: Some(_), .. })
            )
        };
        if !self.items.iter().any(|i| &i.nip == nip && revoking_one(i)) {
            return false; // not an answer to a revocation
        }
        let Some(i) = self.land(nip) else {
            return false;
        };
        let ItemState::Running(Stage::Revoking {
            planned,
            mut revoked,
            mut not_revoked,
            sent: Some(reference),
        }) = std::mem::replace(&mut self.items[i].state, ItemState::Todo)
        else {
            unreachable!("checked above")
        };
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
