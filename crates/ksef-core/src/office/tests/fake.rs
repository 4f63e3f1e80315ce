//! A small KSeF for the batch tests: tokens per context and indirect grants of the office,
//! answering the calls the real machines make, and counting what reached it.

use std::collections::{BTreeMap, BTreeSet};

use percent_encoding::percent_decode_str;
use serde_json::{json, Value};

use crate::api::permissions::{IndirectPermissionsGrantRequest, PersonPermissionsQueryRequest};
use crate::api::tokens::GenerateTokenRequest;
use crate::flow::{Body, Call, Method, Reply};
use crate::ident::{Nip, ReferenceNumber};

/// The user the fake says made every token.
pub const ME: &str = "44051401359";

#[derive(Clone, Debug)]
pub struct Token {
    pub context: Nip,
    pub reference: String,
    pub description: String,
    pub status: &'static str,
}

#[derive(Clone, Debug)]
pub struct Grant {
    pub target: String,
    pub description: String,
    pub subject: String,
}

/// What happens to one call instead of its usual answer.
#[derive(Clone, Debug)]
pub enum Inject {
    /// KSeF never sees the call; this comes back.
    Refuse(Reply),
    /// KSeF does it, and the answer is lost on the way.
    LoseAnswer,
}

#[derive(Default)]
pub struct Fake {
    pub tokens: Vec<Token>,
    pub grants: Vec<Grant>,
    /// `POST /tokens` that reached KSeF, per context.
    pub token_posts: BTreeMap<Nip, usize>,
    /// `POST /permissions/indirect/grants` that reached KSeF, per client.
    pub grant_posts: BTreeMap<String, usize>,
    /// `DELETE /tokens/{ref}` that reached KSeF, per token.
    pub deletes: BTreeMap<String, usize>,
    /// One-off: the first call in the context whose `METHOD path` starts with the text.
    pub inject: Vec<(Nip, &'static str, Inject)>,
    /// Logins to these contexts end with status 415.
    pub no_permission: BTreeSet<Nip>,
    /// Logins to these contexts are rate-limited this many more times.
    pub login_429: BTreeMap<Nip, u32>,
    seq: u8,
}

pub fn access(context: &Nip) -> String {
    format!("access-{context}")
}

fn json(status: u16, body: Value) -> Reply {
    Reply::ok(status, body.to_string())
}

impl Fake {
    fn reference(&mut self, kind: &str) -> String {
        self.seq += 1;
        ReferenceNumber::generate("20261201", kind, [self.seq; 10]).to_string()
    }

    pub fn add_token(&mut self, context: &Nip, description: &str, status: &'static str) -> String {
        let reference = self.reference("EC");
        self.tokens.push(Token {
            context: context.clone(),
            reference: reference.clone(),
            description: description.into(),
            status,
        });
        reference
    }

    pub fn tokens_of(&self, context: &Nip) -> Vec<&Token> {
        self.tokens
            .iter()
            .filter(|t| &t.context == context)
            .collect()
    }

    pub fn answer(&mut self, call: &Call) -> Reply {
        let context: Nip = call
            .bearer
            .as_deref()
            .and_then(|b| b.strip_prefix("access-"))
            .expect("every batch call has a bearer")
            .parse()
            .unwrap();
        let line = format!("{} {}", call.method.as_str(), call.path);
        let hit = self
            .inject
            .iter()
            .position(|(c, prefix, _)| c == &context && line.starts_with(prefix));
        match hit.map(|i| self.inject.remove(i).2) {
            Some(Inject::Refuse(reply)) => reply,
            Some(Inject::LoseAnswer) => {
                self.route(&context, call);
                Reply::TimedOut
            }
            None => self.route(&context, call),
        }
    }

    fn body<T: serde::de::DeserializeOwned>(call: &Call) -> T {
        match &call.body {
            Body::Json(s) => serde_json::from_str(s).unwrap(),
            other => panic!("expected JSON, got {other:?}"),
        }
    }

    fn route(&mut self, context: &Nip, call: &Call) -> Reply {
        let (path, query) = call.path.split_once('?').unwrap_or((&call.path, ""));
        match (call.method, path) {
            (Method::Post, "/tokens") => {
                let req: GenerateTokenRequest = Fake::body(call);
                *self.token_posts.entry(context.clone()).or_default() += 1;
                let reference = self.add_token(context, &req.description, "Pending");
                json(
                    202,
                    json!({"referenceNumber": reference, "token": format!("secret-{reference}")}),
                )
            }
            (Method::Get, "/tokens") => {
                let wanted = query
                    .split('&')
                    .find_map(|p| p.strip_prefix("description="))
                    .map(|d| percent_decode_str(d).decode_utf8().unwrap().to_lowercase())
                    .unwrap_or_default();
                let list: Vec<Value> = self
                    .tokens_of(context)
                    .into_iter()
                    .filter(|t| t.description.to_lowercase().contains(&wanted))
                    .map(token_json)
                    .collect();
                json(200, json!({"tokens": list}))
            }
            (Method::Get, p) if p.starts_with("/tokens/") => {
                let reference = &p["/tokens/".len()..];
                let t = self
                    .tokens
                    .iter_mut()
                    .find(|t| t.reference == reference)
                    .unwrap();
                // Activation takes one look.
                if t.status == "Pending" {
                    t.status = "Active";
                }
                json(200, token_json(t))
            }
            (Method::Delete, p) if p.starts_with("/tokens/") => {
                let reference = p["/tokens/".len()..].to_string();
                *self.deletes.entry(reference.clone()).or_default() += 1;
                let t = self
                    .tokens
                    .iter_mut()
                    .find(|t| t.reference == reference)
                    .unwrap();
                t.status = "Revoked";
                Reply::ok(204, "")
            }
            (Method::Post, "/permissions/indirect/grants") => {
                let req: IndirectPermissionsGrantRequest = Fake::body(call);
                let target = req.client().expect("one client per grant").to_string();
                *self.grant_posts.entry(target.clone()).or_default() += 1;
                self.grants.push(Grant {
                    target,
                    description: req.description,
                    subject: req.subject_identifier.value,
                });
                let reference = self.reference("OP");
                json(202, json!({"referenceNumber": reference}))
            }
            (Method::Get, p) if p.starts_with("/permissions/operations/") => json(
                200,
                json!({"status": {"code": 200, "description": "Operacja zakończona sukcesem"}}),
            ),
            (Method::Post, "/permissions/query/persons/grants") => {
                let q: PersonPermissionsQueryRequest = Fake::body(call);
                let target = q.target_identifier.and_then(|t| t.value);
                let list: Vec<Value> = self
                    .grants
                    .iter()
                    .filter(|g| target.as_deref().is_none_or(|t| t == g.target))
                    .map(|g| grant_json(context, g))
                    .collect();
                json(200, json!({"permissions": list, "hasMore": false}))
            }
            other => panic!("the fake does not know {other:?}"),
        }
    }
}

fn token_json(t: &Token) -> Value {
    json!({
        "referenceNumber": t.reference,
        "authorIdentifier": {"type": "Pesel", "value": ME},
        "contextIdentifier": {"type": "Nip", "value": t.context.as_str()},
        "description": t.description,
        "requestedPermissions": ["InvoiceRead"],
        "dateCreated": "2026-12-01T10:00:00+00:00",
        "status": t.status,
    })
}

fn grant_json(office: &Nip, g: &Grant) -> Value {
    json!({
        "id": "g",
        "authorizedIdentifier": {"type": "Pesel", "value": g.subject},
        "contextIdentifier": {"type": "Nip", "value": office.as_str()},
        "targetIdentifier": {"type": "Nip", "value": g.target},
        "authorIdentifier": {"type": "Pesel", "value": ME},
        "permissionScope": "InvoiceRead",
        "description": g.description,
        "permissionState": "Active",
        "startDate": "2026-12-01T10:00:00+00:00",
        "canDelegate": false,
    })
}
