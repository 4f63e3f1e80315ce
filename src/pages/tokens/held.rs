//! What the logged-in subject may put in a token: its own permissions in this context, read from
//! `POST /permissions/query/personal/grants` (a token cannot carry more: KSeF answers 26001).

use std::rc::Rc;

use ksef_core::context::{ApiContextIdentifier, ContextType};
use ksef_core::flow::Failure;
use ksef_core::permissions::Permission;
use yew::prelude::*;

use crate::session::Session;

#[derive(Clone, Debug, PartialEq)]
pub enum Held {
    Checking,
    Known(Vec<Permission>),
    /// The query failed; KSeF still checks the token's permissions when it is made.
    Unavailable(Failure),
    /// KSeF makes tokens only in NIP and internal-ID contexts (26002), and the query takes no
    /// other context.
    NoTokensHere,
}

impl Held {
    /// Whether the form may offer `p`: unknown holdings allow everything (KSeF decides).
    pub fn allows(&self, p: Permission) -> bool {
        match self {
            Held::Known(held) => held.contains(&p),
            Held::NoTokensHere => false,
            Held::Checking | Held::Unavailable(_) => true,
        }
    }
}

/// What was asked: the login and its context (a refreshed access token does not ask again).
type Asked = (String, ApiContextIdentifier);

/// The held permissions of the login asked last; an answer for an earlier login is dropped.
#[derive(Clone, Debug, PartialEq)]
pub struct HeldState {
    pub asked: Option<Asked>,
    pub held: Held,
}

pub enum HeldAction {
    Ask(Asked, ContextType),
    Answered(Asked, Result<Vec<Permission>, Failure>),
}

impl Reducible for HeldState {
    type Action = HeldAction;

    fn reduce(self: Rc<Self>, action: HeldAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            HeldAction::Ask(asked, kind) => {
                s.asked = Some(asked);
                s.held = match kind {
                    ContextType::Nip | ContextType::InternalId => Held::Checking,
                    ContextType::NipVatUe | ContextType::PeppolId => Held::NoTokensHere,
                };
            }
            HeldAction::Answered(asked, answer) if s.asked.as_ref() == Some(&asked) => {
                s.held = match answer {
                    Ok(list) => Held::Known(list),
                    Err(e) => Held::Unavailable(e),
                };
            }
            HeldAction::Answered(..) => {}
        }
        Rc::new(s)
    }
}

/// Fetched once per login and context.
#[hook]
pub fn use_held_permissions(session: &Session) -> Held {
    let state = use_reducer(|| HeldState {
        asked: None,
        held: Held::Checking,
    });
    let asked: Asked = (session.reference.clone(), session.context.clone());
    {
        let (d, s) = (state.dispatcher(), session.clone());
        use_effect_with(asked, move |asked| {
            d.dispatch(HeldAction::Ask(asked.clone(), s.context.kind));
            if matches!(s.context.kind, ContextType::Nip | ContextType::InternalId) {
                let asked = asked.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let got =
                        crate::api::held_permissions(&s.base, &s.access.token, &s.context).await;
                    d.dispatch(HeldAction::Answered(asked, got));
                });
            }
        });
    }
    state.held.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(reference: &str) -> Asked {
        let context = ApiContextIdentifier {
            kind: ContextType::Nip,
            value: "5265877635".into(),
        };
        (reference.into(), context)
    }

    fn run(actions: impl IntoIterator<Item = HeldAction>) -> Held {
        let mut s = Rc::new(HeldState {
            asked: None,
            held: Held::Checking,
        });
        for a in actions {
            s = s.reduce(a);
        }
        s.held.clone()
    }

    #[test]
    fn the_answer_for_an_earlier_login_is_dropped() {
        let held = run([
            HeldAction::Ask(asked("a"), ContextType::Nip),
            HeldAction::Ask(asked("b"), ContextType::Nip),
            HeldAction::Answered(asked("a"), Ok(vec![Permission::InvoiceRead])),
        ]);
        assert_eq!(held, Held::Checking);
        let held = run([
            HeldAction::Ask(asked("b"), ContextType::Nip),
            HeldAction::Answered(asked("b"), Ok(vec![Permission::InvoiceRead])),
        ]);
        assert!(held.allows(Permission::InvoiceRead));
        assert!(!held.allows(Permission::InvoiceWrite));
    }

    #[test]
    fn a_failed_query_allows_everything_and_keeps_the_reason() {
        let held = run([
            HeldAction::Ask(asked("a"), ContextType::Nip),
            HeldAction::Answered(asked("a"), Err(Failure::Network)),
        ]);
        assert_eq!(held, Held::Unavailable(Failure::Network));
        assert!(held.allows(Permission::InvoiceWrite));
    }

    #[test]
    fn no_tokens_outside_nip_and_internal_id_contexts() {
        let held = run([HeldAction::Ask(asked("a"), ContextType::NipVatUe)]);
        assert_eq!(held, Held::NoTokensHere);
        assert!(!held.allows(Permission::InvoiceRead));
    }
}
