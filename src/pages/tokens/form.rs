//! The token form as a reducer: description, chosen permissions, the request sent, its phase,
//! and the secret shown once. Pure; the form's effect drives `TokenGeneration`.

use std::rc::Rc;

use ksef_core::api::tokens::GenerateTokenRequest;
use ksef_core::flow::token::GeneratedToken;
use ksef_core::flow::Failure;
use ksef_core::permissions::Permission;
use yew::Reducible;

use crate::pages::login::progress::{Activity, Phase};

/// A token KSeF gave; `unconfirmed` says why its activation was not seen.
#[derive(Clone, Debug, PartialEq)]
pub struct Made {
    pub reference: String,
    pub token: String,
    pub unconfirmed: Option<Failure>,
}

/// How the generation ended.
#[derive(Clone, Debug, PartialEq)]
pub enum End {
    Active,
    Unconfirmed(GeneratedToken, Failure),
    Failed(Failure),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TokenForm {
    pub description: String,
    pub chosen: Vec<Permission>,
    pub phase: Phase,
    /// The request sent and its number: the effect runs once per number.
    pub sent: Option<(u32, GenerateTokenRequest)>,
    pub secret: Option<Made>,
    /// `Some(true)` copied, `Some(false)` the clipboard refused.
    pub copied: Option<bool>,
}

pub enum Action {
    Describe(String),
    Toggle(Permission),
    /// A preset's permissions the subject holds.
    Choose(Vec<Permission>),
    Send(GenerateTokenRequest),
    Phase(Phase),
    /// KSeF gave the secret: shown at once, activation is followed after.
    Shown(GeneratedToken),
    Ended(End),
    Copied(bool),
    /// "I saved it": the secret is gone and the form is empty again.
    Done,
}

fn made(t: GeneratedToken, unconfirmed: Option<Failure>) -> Made {
    Made {
        reference: t.reference,
        token: t.token,
        unconfirmed,
    }
}

impl Reducible for TokenForm {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Describe(d) => s.description = d,
            Action::Toggle(p) => match s.chosen.iter().position(|x| *x == p) {
                Some(i) => {
                    s.chosen.remove(i);
                }
                None => s.chosen.push(p),
            },
            Action::Choose(ps) => s.chosen = ps,
            Action::Send(_) if s.phase.busy() => {}
            Action::Send(req) => {
                let n = s.sent.as_ref().map_or(1, |(n, _)| n + 1);
                s.sent = Some((n, req));
                s.phase = Phase::Working(Activity::CreatingToken);
            }
            Action::Phase(p) => s.phase = p,
            Action::Shown(t) => {
                s.secret = Some(made(t, None));
                s.copied = None;
                s.phase = Phase::Idle;
            }
            Action::Ended(End::Active) => s.phase = Phase::Idle,
            Action::Ended(End::Unconfirmed(t, why)) => {
                s.phase = Phase::Idle;
                s.secret = Some(made(t, Some(why)));
            }
            // After the secret was shown, a failure only means activation was not seen.
            Action::Ended(End::Failed(why)) => match &mut s.secret {
                Some(m) => {
                    m.unconfirmed = Some(why);
                    s.phase = Phase::Idle;
                }
                None => s.phase = Phase::Failed(why.into()),
            },
            Action::Copied(ok) => s.copied = Some(ok),
            Action::Done => {
                s.secret = None;
                s.description.clear();
                s.chosen.clear();
                s.copied = None;
            }
        }
        Rc::new(s)
    }
}
