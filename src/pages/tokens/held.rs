//! What the logged-in subject may put in a token: its own permissions in this context, read from
//! `POST /permissions/query/personal/grants` (a token cannot carry more: KSeF answers 26001).

use ksef_core::context::ContextType;
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

/// Fetched once per login and context; a refreshed access token does not ask again.
#[hook]
pub fn use_held_permissions(session: &Session) -> Held {
    let held = use_state(|| Held::Checking);
    let key = (session.reference.clone(), session.context.clone());
    {
        let (held, s) = (held.clone(), session.clone());
        use_effect_with(key, move |_| {
            if !matches!(s.context.kind, ContextType::Nip | ContextType::InternalId) {
                return held.set(Held::NoTokensHere);
            }
            held.set(Held::Checking);
            wasm_bindgen_futures::spawn_local(async move {
                let got = crate::api::held_permissions(&s.base, &s.access.token, &s.context).await;
                held.set(match got {
                    Ok(list) => Held::Known(list),
                    Err(e) => Held::Unavailable(e),
                });
            });
        });
    }
    (*held).clone()
}
