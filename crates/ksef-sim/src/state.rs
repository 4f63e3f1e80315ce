//! The simulator's in-memory state and the shared handle handlers get.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use ksef_core::api::limits::EffectiveContextLimits;
use ksef_core::api::SubjectIdentifierKind;
use ksef_core::context::ApiContextIdentifier;
use ksef_core::datetime::DateTime;
use ksef_core::ident::ReferenceNumber;
use rand::RngCore;
use serde::{Deserialize, Serialize};

use crate::ca::Ca;
use crate::clock::Clock;
use crate::config::Config;
use crate::model::{
    AuthOperation, Enrollment, Entity, Grant, IssuedCertificate, Person, TokenRecord,
};
use crate::permissions::model::{
    AttachmentConsent, AuthorizationGrant, PermissionGrant, PermissionOperation,
};
use crate::rate_limit::RateLimiter;

/// An issued challenge.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct IssuedChallenge {
    #[serde(with = "time::serde::rfc3339")]
    pub issued: DateTime,
    pub timestamp_ms: i64,
    pub consumed: bool,
}

/// Per-subject-type certificate limits: (enrollments, active certificates).
pub fn default_limits(kind: SubjectIdentifierKind) -> (u32, u32) {
    match kind {
        SubjectIdentifierKind::Nip => (300, 100),
        SubjectIdentifierKind::Pesel | SubjectIdentifierKind::Fingerprint => (12, 6),
    }
}

/// The key of per-context state (blocked contexts, limits): `Nip:1234567890`.
pub fn context_key(c: &ApiContextIdentifier) -> String {
    format!("{}:{}", c.kind.as_str(), c.value)
}

/// Everything that changes; saved to the state file when one is configured.
#[derive(Default, Serialize, Deserialize)]
pub struct State {
    pub challenges: HashMap<String, IssuedChallenge>,
    pub operations: BTreeMap<String, AuthOperation>,
    pub tokens: BTreeMap<String, TokenRecord>,
    pub certificates: BTreeMap<String, IssuedCertificate>,
    pub enrollments: BTreeMap<String, Enrollment>,
    pub grants: Vec<Grant>,
    pub persons: Vec<Person>,
    pub entities: Vec<Entity>,
    pub blocked_contexts: HashSet<String>,
    pub limit_overrides: HashMap<String, (Option<u32>, Option<u32>)>,
    /// `/testdata/limits/context/session` per context ([`context_key`]).
    #[serde(default)]
    pub session_limits: HashMap<String, EffectiveContextLimits>,
    /// Grants made through `/permissions/*` (the test-data ones are in `grants`).
    #[serde(default)]
    pub permission_grants: Vec<PermissionGrant>,
    #[serde(default)]
    pub authorizations: Vec<AuthorizationGrant>,
    #[serde(default)]
    pub permission_operations: BTreeMap<String, PermissionOperation>,
    /// `/testdata/attachment` consents by NIP.
    #[serde(default)]
    pub attachments: BTreeMap<String, AttachmentConsent>,
    #[serde(skip)]
    pub rate: RateLimiter,
    #[serde(skip)]
    pub config: Config,
}

impl State {
    /// Certificate limits for a subject type, after `/testdata/limits/subject/certificate`.
    pub fn limits(&self, kind: SubjectIdentifierKind) -> (u32, u32) {
        let (e, c) = default_limits(kind);
        match self.limit_overrides.get(&format!("{kind:?}")) {
            Some((oe, oc)) => (oe.unwrap_or(e), oc.unwrap_or(c)),
            None => (e, c),
        }
    }
}

/// Shared handle to the simulator: state, clock and the keys it signs with.
#[derive(Clone)]
pub struct Sim {
    state: Arc<Mutex<State>>,
    pub clock: Clock,
    pub jwt: Arc<crate::jwt::Keys>,
    pub ca: Arc<Ca>,
    pub published: Arc<Mutex<Vec<crate::keys::PublishedKey>>>,
}

impl Default for Sim {
    fn default() -> Sim {
        Sim::new()
    }
}

impl Sim {
    pub fn new() -> Sim {
        let clock = Clock::default();
        Sim {
            state: Arc::new(Mutex::new(State::default())),
            published: Arc::new(Mutex::new(crate::keys::published(clock.now()))),
            clock,
            jwt: Arc::new(crate::jwt::Keys::random()),
            ca: Arc::new(Ca::new()),
        }
    }

    /// Locks the state; a poisoned lock means a handler panicked, and the state is still usable.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn keys(&self) -> MutexGuard<'_, Vec<crate::keys::PublishedKey>> {
        self.published.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn now(&self) -> DateTime {
        self.clock.now()
    }

    /// Forgets everything except the configuration's defaults and the keys.
    pub fn reset(&self) {
        self.clock.reset();
        *self.state() = State::default();
        *self.keys() = crate::keys::published(self.clock.now());
    }

    /// Everything needed to continue after a restart, as JSON (published RSA keys are made
    /// anew: clients fetch them before every token login).
    pub fn snapshot(&self) -> String {
        let state = serde_json::to_value(&*self.state()).unwrap_or_default();
        serde_json::json!({
            "state": state,
            "caKey": self.ca.key_bytes(),
            "jwtSecret": self.jwt.secret(),
            "clockOffsetMs": self.clock.offset_ms(),
        })
        .to_string()
    }

    /// A simulator continuing from [`Sim::snapshot`]'s output.
    pub fn restore(json: &str) -> Result<Sim, String> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Snapshot {
            state: State,
            ca_key: Vec<u8>,
            jwt_secret: [u8; 32],
            #[serde(default)]
            clock_offset_ms: i64,
        }
        let snap: Snapshot = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let sim = Sim::new();
        sim.clock
            .advance(time::Duration::milliseconds(snap.clock_offset_ms));
        let ca = Ca::from_key_bytes(&snap.ca_key).ok_or("bad CA key in the state file")?;
        Ok(Sim {
            state: Arc::new(Mutex::new(snap.state)),
            ca: Arc::new(ca),
            jwt: Arc::new(crate::jwt::Keys::from_secret(snap.jwt_secret)),
            ..sim
        })
    }

    /// A fresh reference number of the given type, dated by the simulator's clock.
    pub fn reference(&self, kind: &str) -> ReferenceNumber {
        let now = self.clock.now();
        let date = format!(
            "{:04}{:02}{:02}",
            now.year(),
            u8::from(now.month()),
            now.day()
        );
        let mut random = [0u8; 10];
        rand::thread_rng().fill_bytes(&mut random);
        ReferenceNumber::generate(&date, kind, random)
    }
}
