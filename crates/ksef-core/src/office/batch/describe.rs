//! The batch in words: each item's state and outcome, and the summary at the end.

use crate::ident::Nip;
use crate::lang::{Lang, Localized};

use super::super::text::Text;
use super::{Activation, Batch, Item, ItemState, Outcome, SecretState, SkipReason, Stage};

/// How an item ended, for the summary's marks and counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    Done,
    /// Done, with something to look at: activation unconfirmed, a secret lost, a token not
    /// revoked, a grant not confirmed.
    Attention,
    Failed,
    Skipped,
    /// Not ended yet (waiting, or started).
    Left,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryLine {
    pub nip: Nip,
    pub name: String,
    pub kind: LineKind,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub done: usize,
    pub attention: usize,
    pub failed: usize,
    pub skipped: usize,
    pub left: usize,
    /// Each client's outcome, in the batch's order.
    pub lines: Vec<SummaryLine>,
}

impl Item {
    pub fn kind(&self) -> LineKind {
        match &self.state {
            ItemState::Todo | ItemState::Running(_) => LineKind::Left,
            ItemState::Failed { .. } => LineKind::Failed,
            ItemState::Skipped(_) => LineKind::Skipped,
            ItemState::Done(o) if needs_attention(o) => LineKind::Attention,
            ItemState::Done(_) => LineKind::Done,
        }
    }

    /// The item's state or outcome in one line.
    pub fn describe(&self, lang: Lang) -> String {
        match &self.state {
            ItemState::Todo => Text::Waiting.say(lang),
            ItemState::Running(stage) => stage_text(stage, lang),
            ItemState::Done(outcome) => outcome_text(outcome, lang),
            ItemState::Failed { failure, stage } => {
                let why = failure.message(lang);
                match stage {
                    None => why,
                    Some(_) => format!("{why} {}", Text::WillCheckFirst.say(lang)),
                }
            }
            ItemState::Skipped(SkipReason::Cancelled) => Text::Cancelled.say(lang),
            ItemState::Skipped(SkipReason::NotDelegable { missing }) => {
                let list: Vec<&str> = missing.iter().map(|p| p.label(lang)).collect();
                Text::NotDelegable {
                    list: &list.join(", "),
                }
                .say(lang)
            }
        }
    }
}

fn needs_attention(o: &Outcome) -> bool {
    match o {
        Outcome::TokenMade {
            activation, secret, ..
        } => *activation != Activation::Active || *secret == SecretState::Lost,
        Outcome::Revoked { not_revoked, .. } => !not_revoked.is_empty(),
        Outcome::Granted { confirmed, .. } => !confirmed,
    }
}

fn stage_text(stage: &Stage, lang: Lang) -> String {
    match stage {
        Stage::TokenSent => Text::TokenSent.say(lang),
        Stage::TokenMade { reference, .. } => Text::TokenActivating { reference }.say(lang),
        Stage::Revoking {
            planned,
            revoked,
            not_revoked,
            ..
        } => Text::Revoking {
            done: revoked.len() + not_revoked.len(),
            of: planned.len(),
        }
        .say(lang),
        Stage::GrantSent => Text::GrantSent.say(lang),
        Stage::GrantAccepted { reference } => Text::GrantAccepted { reference }.say(lang),
    }
}

fn outcome_text(outcome: &Outcome, lang: Lang) -> String {
    match outcome {
        Outcome::TokenMade {
            reference,
            activation,
            secret,
        } => {
            let secret = match secret {
                SecretState::Kept(_) => Text::SecretKept,
                SecretState::Saved => Text::SecretSaved,
                SecretState::Lost => Text::SecretLost,
            };
            let made = Text::TokenMade {
                reference,
                activation: *activation,
            };
            format!("{}; {}", made.say(lang), secret.say(lang))
        }
        Outcome::Revoked {
            revoked,
            not_revoked,
        } => {
            let why = not_revoked
                .first()
                .map(|n| n.failure.message(lang))
                .unwrap_or_default();
            Text::Revoked {
                revoked: revoked.len(),
                failed: not_revoked.len(),
                why: &why,
            }
            .say(lang)
        }
        Outcome::Granted {
            reference,
            confirmed,
        } => Text::Granted {
            confirmed: *confirmed,
            reference: reference.as_deref(),
        }
        .say(lang),
    }
}

impl Batch {
    /// Counts and each client's line, in `lang`.
    pub fn summary(&self, lang: Lang) -> Summary {
        let mut s = Summary::default();
        for item in &self.items {
            let kind = item.kind();
            match kind {
                LineKind::Done => s.done += 1,
                LineKind::Attention => s.attention += 1,
                LineKind::Failed => s.failed += 1,
                LineKind::Skipped => s.skipped += 1,
                LineKind::Left => s.left += 1,
            }
            s.lines.push(SummaryLine {
                nip: item.nip.clone(),
                name: item.name.clone(),
                kind,
                text: item.describe(lang),
            });
        }
        s
    }
}
