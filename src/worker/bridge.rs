//! The page's side: one long-lived worker, and a typed call per job.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_worker::{Spawnable, WorkerBridge};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::codec::{read, Call, JsonCodec, Received, Reply};
use super::{CryptoWorker, Job, NoProgress, WorkerFailure};

/// Where Trunk puts the worker's loader (`data-loader-shim` on the worker's `<link>`).
pub const WORKER_LOADER: &str = "/keygen-worker_loader.js";

thread_local! {
    /// One long-lived worker: a fresh one would run its first keys in wasm's baseline tier.
    /// (The worker itself, not page state: pages share what they hand over through the app.)
    static WORKER: RefCell<Option<WorkerBridge<CryptoWorker>>> = const { RefCell::new(None) };
    /// The calls waiting for an answer: a worker that dies ends them (gloo-worker says nothing).
    static WAITING: RefCell<Vec<Weak<Answer>>> = const { RefCell::new(Vec::new()) };
    static WATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Where a call's end goes, once.
type Answer = RefCell<Option<futures::channel::oneshot::Sender<End>>>;
type End = Result<Box<RawValue>, WorkerFailure>;

/// An uncaught error in a dedicated worker is reported on the page too (HTML's "report an
/// exception" for workers); one from the key worker means it is dead (a wasm trap).
fn watch_for_crashes() {
    if WATCHING.replace(true) {
        return;
    }
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(|e: web_sys::ErrorEvent| {
        if e.filename().contains("keygen-worker") {
            crashed();
        }
    });
    let _ = gloo_utils::window()
        .add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    // For the page's lifetime.
    on_error.forget();
}

/// Ends every waiting call and forgets the dead worker: the next call starts a fresh one.
fn crashed() {
    WORKER.with(|w| w.borrow_mut().take());
    for waiting in WAITING.with(|w| w.take()) {
        if let Some(tx) = waiting.upgrade().and_then(|a| a.borrow_mut().take()) {
            let _ = tx.send(Err(WorkerFailure::Stopped));
        }
    }
}

/// Starts the worker ahead of need (e.g. when a page that makes keys opens).
pub fn warm_up() {
    let started = WORKER.with(|w| {
        let mut w = w.borrow_mut();
        let fresh = w.is_none();
        w.get_or_insert_with(|| {
            CryptoWorker::spawner()
                .encoding::<JsonCodec>()
                .spawn_with_loader(WORKER_LOADER)
        });
        fresh
    });
    if started {
        watch_for_crashes();
        wasm_bindgen_futures::spawn_local(mark_when_ready());
    }
}

/// Ends the worker (the first-visit app's, when the full app takes over with its own).
pub fn stop() {
    WORKER.with(|w| w.borrow_mut().take());
}

/// Answered as soon as the worker runs.
#[derive(Clone, Serialize, Deserialize)]
pub struct Ready;

impl Job for Ready {
    const NAME: &'static str = "ready";
    type Answer = ();
    type Progress = NoProgress;

    async fn run(self, _: impl Fn(NoProgress)) -> Result<(), WorkerFailure> {
        Ok(())
    }
}

/// Sets the user-timing mark `klucznik-worker-ready` once the worker has answered for the first
/// time (`cargo xtask bench load` reads it; so can the browser's performance panel).
async fn mark_when_ready() {
    if call(Ready).await.is_ok() {
        if let Some(performance) = gloo_utils::window().performance() {
            let _ = performance.mark("klucznik-worker-ready");
        }
    }
}

/// Runs `job` in the worker: its answer, or why there is none.
pub async fn call<J: Job<Progress = NoProgress>>(job: J) -> Result<J::Answer, WorkerFailure> {
    call_with_progress(job, |never| match never {}).await
}

/// Runs `job` in the worker; `on_progress` sees each of its reports as the worker makes it.
pub async fn call_with_progress<J: Job>(
    job: J,
    on_progress: impl Fn(J::Progress) + 'static,
) -> Result<J::Answer, WorkerFailure> {
    let call = Call::new(&job)?;
    let progress = move |raw: &RawValue| read(raw).map(&on_progress);
    let answer = exchange(call, Box::new(progress)).await?;
    read(&answer)
}

/// What to do with a progress report; one that does not read ends the call.
type OnProgress = Box<dyn Fn(&RawValue) -> Result<(), WorkerFailure>>;

/// Sends `call` and waits for its end. Not generic, so the page's wasm holds it once, not once
/// per job.
async fn exchange(call: Call, on_progress: OnProgress) -> Result<Box<RawValue>, WorkerFailure> {
    let (tx, rx) = futures::channel::oneshot::channel();
    let tx: Rc<Answer> = Rc::new(RefCell::new(Some(tx)));
    WAITING.with(|w| {
        let mut w = w.borrow_mut();
        w.retain(|a| a.strong_count() > 0);
        w.push(Rc::downgrade(&tx));
    });
    let on_reply = move |reply: Reply| {
        let end = match reply.received() {
            Received::Progress(p) => match on_progress(&p) {
                Ok(()) => return,
                Err(f) => Err(f),
            },
            Received::End(end) => end,
        };
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(end);
        }
    };
    warm_up();
    // A forked bridge has its own handler id, so replies reach this call only.
    let bridge = WORKER.with(|w| w.borrow().as_ref().map(|w| w.fork(Some(on_reply))));
    let Some(bridge) = bridge else {
        return Err(WorkerFailure::Stopped);
    };
    bridge.send(call);
    let end = rx.await.unwrap_or(Err(WorkerFailure::Stopped));
    drop(bridge);
    end
}
