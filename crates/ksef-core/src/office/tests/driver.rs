//! The app's side of a batch, as the web app will do it: take a task, save, log in, drive the
//! task's machine against the fake, feed the result back, save after every change. A crash
//! can be set at any event (a save, or a call KSeF carried out whose answer was then lost);
//! a reload takes the last saved JSON.

use crate::flow::single::{Answer, Single};
use crate::flow::{Failure, Machine, Step};
use crate::office::batch::{Batch, Task, Work};

use super::fake::{access, Fake};

#[derive(Debug)]
pub struct Crashed;

pub struct App {
    pub batch: Batch,
    pub saved: String,
    pub now: u64,
    pub events: usize,
    pub crash_at: Option<usize>,
    /// Every task handed out, as `nip work-kind`.
    pub tasks: Vec<String>,
}

impl App {
    pub fn new(batch: Batch) -> App {
        let saved = serde_json::to_string(&batch).unwrap();
        App {
            batch,
            saved,
            now: 0,
            events: 0,
            crash_at: None,
            tasks: Vec::new(),
        }
    }

    /// The page reloaded: the batch as last saved, a new clock, nothing in flight.
    pub fn reload(&self) -> App {
        App::new(serde_json::from_str(&self.saved).unwrap())
    }

    fn tick(&mut self) -> Result<(), Crashed> {
        self.events += 1;
        if self.crash_at == Some(self.events) {
            return Err(Crashed);
        }
        Ok(())
    }

    fn save(&mut self) -> Result<(), Crashed> {
        self.saved = serde_json::to_string(&self.batch).unwrap();
        self.tick()
    }

    /// Runs until the batch is over (or paused with nothing in flight).
    pub fn run(&mut self, fake: &mut Fake) -> Result<(), Crashed> {
        loop {
            let Some(task) = self.batch.next(self.now) else {
                match self.batch.wake_at() {
                    Some(t) if !self.batch.is_over() && !self.batch.paused() => {
                        self.now = self.now.max(t);
                        continue;
                    }
                    _ => return Ok(()),
                }
            };
            self.tasks
                .push(format!("{} {}", task.nip, kind(&task.work)));
            self.save()?;
            self.run_task(fake, task)?;
        }
    }

    /// Drives `m`, calling `hook` after every answer.
    fn drive<M>(
        &mut self,
        fake: &mut Fake,
        m: &mut M,
        mut hook: impl FnMut(&mut App, &M) -> Result<(), Crashed>,
    ) -> Result<Result<M::Output, Failure>, Crashed>
    where
        M: Machine<Need = std::convert::Infallible>,
    {
        loop {
            match m.step(self.now) {
                Step::Send(call) => {
                    let reply = fake.answer(&call);
                    self.tick()?; // KSeF did it; a crash here loses the answer
                    m.receive(reply, self.now);
                    hook(self, m)?;
                }
                Step::Wait { until, .. } => self.now = until,
                Step::Done(out) => return Ok(Ok(out)),
                Step::Failed(f) => return Ok(Err(f)),
                Step::Need(never) => match never {},
            }
        }
    }

    fn single<A: Answer + Clone>(
        &mut self,
        fake: &mut Fake,
        mut m: Single<A>,
    ) -> Result<Result<A, Failure>, Crashed> {
        self.drive(fake, &mut m, |_, _| Ok(()))
    }

    fn run_task(&mut self, fake: &mut Fake, task: Task) -> Result<(), Crashed> {
        let nip = task.nip.clone();
        if fake.no_permission.contains(&task.context) {
            let refused = Failure::AuthStatus {
                code: 415,
                details: vec![],
            };
            self.batch.failed(&nip, refused, self.now);
            return self.save();
        }
        if let Some(n) = fake.login_429.get_mut(&task.context).filter(|n| **n > 0) {
            *n -= 1;
            self.batch.failed(
                &nip,
                Failure::RateLimited {
                    retry_after: Some(5),
                },
                self.now,
            );
            return self.save();
        }
        let access = access(&task.context);
        match &task.work {
            Work::CreateToken(_) => {
                let mut m = task.work.token_generation(&access).unwrap();
                let mut told = false;
                let end = self.drive(fake, &mut m, |app, m| match m.made().filter(|_| !told) {
                    Some(made) => {
                        told = true;
                        app.batch.token_made(&nip, made);
                        app.save()
                    }
                    None => Ok(()),
                })?;
                self.batch.token_done(&nip, end, self.now);
            }
            Work::FindTokens { .. } => {
                let mut all = Vec::new();
                let mut continuation: Option<String> = None;
                loop {
                    let page = task
                        .work
                        .tokens_page(&access, continuation.as_deref())
                        .unwrap();
                    match self.single(fake, page)? {
                        Ok(r) => {
                            all.extend(r.0.tokens);
                            continuation = r.0.continuation_token;
                            if continuation.is_none() {
                                self.batch.tokens_found(&nip, &all);
                                break;
                            }
                        }
                        Err(f) => {
                            self.batch.failed(&nip, f, self.now);
                            break;
                        }
                    }
                }
            }
            Work::RevokeToken { .. } => {
                let end = self.single(fake, task.work.revoke(&access).unwrap())?;
                self.batch.revoke_done(&nip, end, self.now);
            }
            Work::Grant(_) | Work::CheckGrant { .. } => {
                let mut m = task.work.grant_operation(&access).unwrap();
                let mut told = false;
                let end = self.drive(fake, &mut m, |app, m| {
                    match m.reference().filter(|_| !told) {
                        Some(r) => {
                            told = true;
                            app.batch.grant_accepted(&nip, r);
                            app.save()
                        }
                        None => Ok(()),
                    }
                })?;
                self.batch.grant_done(&nip, end, self.now);
            }
            Work::FindGrant(_) => {
                let mut all = Vec::new();
                for page in 0.. {
                    match self.single(fake, task.work.grants_page(&access, page).unwrap())? {
                        Ok(r) if r.0.has_more => all.extend(r.0.permissions),
                        Ok(r) => {
                            all.extend(r.0.permissions);
                            self.batch.grants_found(&nip, &all);
                            break;
                        }
                        Err(f) => {
                            self.batch.failed(&nip, f, self.now);
                            break;
                        }
                    }
                }
            }
        }
        self.save()
    }
}

fn kind(w: &Work) -> &'static str {
    match w {
        Work::CreateToken(_) => "create",
        Work::FindTokens { .. } => "find-tokens",
        Work::RevokeToken { .. } => "revoke",
        Work::Grant(_) => "grant",
        Work::FindGrant(_) => "find-grant",
        Work::CheckGrant { .. } => "check-grant",
    }
}
