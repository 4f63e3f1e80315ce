//! What KSeF's answers do to the items of a grant batch. A grant whose answer was lost is
//! looked for among the grants made in the office's context, by the batch's marker and the
//! client as target.

use crate::api::permissions::PersonPermission;
use crate::flow::operation::OperationOutcome;
use crate::flow::Failure;
use crate::ident::Nip;

use super::steps::uncertain;
use super::{Batch, ItemState, Outcome, Stage};

impl Batch {
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

    /// Every page of `query/persons/grants` for a [`super::Work::FindGrant`]: the grant is in effect
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
