//! Runs a batch over clients: takes each task ksef-core's `Batch` gives, logs in to its
//! context (or reuses the session kept for it), drives the task's machine, and feeds the end
//! back. The batch is saved after every change, before the next call, so a reload resumes it
//! without repeating what KSeF already did. Pausing takes effect between tasks.

use std::cell::Cell;
use std::rc::Rc;

use ksef_core::flow::single::{Answer, Single};
use ksef_core::flow::{Failure, Machine, Step};
use ksef_core::ident::Nip;
use ksef_core::office::{Batch, Task, Work};
use yew::UseReducerDispatcher;

use super::state::{Desk, DeskAction};
use crate::idb::{self, Store, StoreError};
use crate::session::Session;

/// Shared with the page: set to stop the run before its next task.
#[derive(Clone, Debug, Default)]
pub struct Pause(Rc<Cell<bool>>);

impl PartialEq for Pause {
    fn eq(&self, other: &Pause) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Pause {
    pub fn ask(&self) {
        self.0.set(true);
    }
}

fn key(env: &str) -> String {
    format!("batch-{env}")
}

pub async fn load(env: &str) -> Result<Option<Batch>, StoreError> {
    idb::get(Store::Desk, &key(env)).await
}

/// Saves the batch and shows it; `false` when IndexedDB refused (the page says so).
pub async fn save(env: &str, batch: &Batch, desk: &UseReducerDispatcher<Desk>) -> bool {
    let kept = idb::put(Store::Desk, &key(env), batch).await.is_ok();
    desk.dispatch(DeskAction::Batch(Some(batch.clone()), kept));
    kept
}

pub async fn forget(env: &str) {
    // Not forgotten: a reload offers the ended batch again, which does no harm.
    let _ = idb::delete(Store::Desk, &key(env)).await;
}

/// A session in `context`: the one kept if fresh, else a new login with the held certificate.
async fn session(base: &str, context: &Nip, kept: Option<Session>) -> Result<Session, Failure> {
    let now = js_sys::Date::now() as i64;
    if let Some(s) = kept.filter(|s| s.access.valid_until.unix_timestamp() * 1000 > now + 60_000) {
        return Ok(s);
    }
    super::run::open_client(base, context)
        .await
        .map_err(super::run::flow_failure)
}

/// A task that ended in `f`: the batch decides (retry later after a 429, or failed).
fn fail(batch: &mut Batch, nip: &Nip, f: Failure) {
    batch.failed(nip, f, crate::net::now_ms());
}

pub struct Runner {
    pub base: String,
    pub env: String,
    pub desk: UseReducerDispatcher<Desk>,
    pub sessions: std::collections::BTreeMap<String, Session>,
    pub pause: Pause,
}

impl Runner {
    /// Drives `m` to its end; after every answer `note` may record in the batch what KSeF
    /// just accepted (`true`), and the batch is saved before anything else is sent.
    async fn drive<M: Machine<Need = std::convert::Infallible>>(
        &self,
        m: &mut M,
        batch: &mut Batch,
        mut note: impl FnMut(&M, &mut Batch) -> bool,
    ) -> Result<M::Output, Failure> {
        loop {
            match m.step(crate::net::now_ms()) {
                Step::Send(call) => {
                    let reply = crate::net::perform(&self.base, &call).await;
                    m.receive(reply, crate::net::now_ms());
                    if note(m, batch) {
                        save(&self.env, batch, &self.desk).await;
                    }
                }
                Step::Wait { until, .. } => {
                    let wait = until.saturating_sub(crate::net::now_ms());
                    gloo_timers::future::TimeoutFuture::new(wait.min(120_000) as u32).await;
                }
                Step::Done(out) => return Ok(out),
                Step::Failed(f) => return Err(f),
                Step::Need(never) => match never {},
            }
        }
    }

    async fn single<A: Answer + Clone>(
        &self,
        mut m: Single<A>,
        batch: &mut Batch,
    ) -> Result<A, Failure> {
        self.drive(&mut m, batch, |_, _| false).await
    }

    /// Runs `batch` until it is over or paused; saves after every change.
    pub async fn run(mut self, mut batch: Batch) {
        batch.resume();
        save(&self.env, &batch, &self.desk).await;
        loop {
            if self.pause.0.get() {
                batch.pause();
                save(&self.env, &batch, &self.desk).await;
                return;
            }
            let Some(task) = batch.next(crate::net::now_ms()) else {
                match batch.wake_at().filter(|_| !batch.is_over()) {
                    Some(at) => {
                        let wait = at.saturating_sub(crate::net::now_ms()).max(1);
                        gloo_timers::future::TimeoutFuture::new(wait.min(120_000) as u32).await;
                        continue;
                    }
                    None => break,
                }
            };
            // The task is marked running before its first call goes out.
            save(&self.env, &batch, &self.desk).await;
            self.task(&mut batch, task).await;
            save(&self.env, &batch, &self.desk).await;
        }
        save(&self.env, &batch, &self.desk).await;
    }

    async fn task(&mut self, batch: &mut Batch, task: Task) {
        let (nip, base) = (task.nip.clone(), self.base.clone());

        let kept = self.sessions.get(task.context.as_str()).cloned();
        let s = match session(&base, &task.context, kept).await {
            Ok(s) => s,
            Err(f) => return fail(batch, &nip, f),
        };
        self.sessions.insert(task.context.to_string(), s.clone());
        self.desk.dispatch(DeskAction::Opened(s.clone()));
        let access = s.access.token.clone();
        match &task.work {
            Work::CreateToken(_) => {
                let Some(mut m) = task.work.token_generation(&access) else {
                    return;
                };
                // The secret is kept (and saved) the moment KSeF gives it.
                let mut told = false;
                let end = self
                    .drive(&mut m, batch, |m, b| match m.made() {
                        Some(t) if !told => {
                            told = true;
                            b.token_made(&nip, t)
                        }
                        _ => false,
                    })
                    .await;
                batch.token_done(&nip, end, crate::net::now_ms());
            }
            Work::FindTokens { .. } => {
                let mut all = Vec::new();
                let mut continuation: Option<String> = None;
                loop {
                    let Some(page) = task.work.tokens_page(&access, continuation.as_deref()) else {
                        return;
                    };
                    match self.single(page, batch).await {
                        Ok(r) => {
                            all.extend(r.0.tokens);
                            continuation = r.0.continuation_token;
                            if continuation.is_none() {
                                batch.tokens_found(&nip, &all);
                                break;
                            }
                        }
                        Err(f) => return fail(batch, &nip, f),
                    }
                }
            }
            Work::RevokeToken { .. } => {
                let Some(m) = task.work.revoke(&access) else {
                    return;
                };
                let end = self.single(m, batch).await;
                batch.revoke_done(&nip, end, crate::net::now_ms());
            }
            Work::Grant(_) | Work::CheckGrant { .. } => {
                let Some(mut m) = task.work.grant_operation(&access) else {
                    return;
                };
                let mut told = false;
                let end = self
                    .drive(&mut m, batch, |m, b| match m.reference() {
                        Some(r) if !told => {
                            told = true;
                            b.grant_accepted(&nip, r)
                        }
                        _ => false,
                    })
                    .await;
                batch.grant_done(&nip, end, crate::net::now_ms());
            }
            Work::FindGrant(_) => {
                let mut all = Vec::new();
                for page in 0.. {
                    let Some(m) = task.work.grants_page(&access, page) else {
                        return;
                    };
                    match self.single(m, batch).await {
                        Ok(r) => {
                            let more = r.0.has_more;
                            all.extend(r.0.permissions);
                            if !more {
                                batch.grants_found(&nip, &all);
                                break;
                            }
                        }
                        Err(f) => return fail(batch, &nip, f),
                    }
                }
            }
        }
    }
}
