//! The I/O around `ksef_core::flow`'s machines: sends their calls through the relay, feeds back
//! the answers and the time, and sleeps through their waits. Everything else is in the machines.

use futures::future::{select, Either};
use gloo_net::http::{Request, RequestBuilder};
use ksef_core::flow::single::{Json, Single};
use ksef_core::flow::{Body, Call, Failure, Machine, Method, Reply, Step, Waiting};
use serde::de::DeserializeOwned;

/// Longer than KSeF ever takes to answer, short enough for a person to wait; and longer than
/// the relay's own 30 s upstream timeout, so a slow KSeF shows as the relay's 504, and only a
/// relay that does not answer at all ends here.
const TIMEOUT_MS: u32 = 35_000;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen::prelude::wasm_bindgen(js_namespace = console, js_name = warn)]
    fn console_warn(text: &str);
}

/// Milliseconds on the page's monotonic clock.
pub fn now_ms() -> u64 {
    gloo_utils::window()
        .performance()
        .map_or_else(js_sys::Date::now, |p| p.now()) as u64
}

fn builder(method: Method, url: &str) -> RequestBuilder {
    match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Delete => Request::delete(url),
    }
}

/// The browser's own words ("TypeError: Failed to fetch") help a developer, not the user.
fn lost(detail: &str) -> Reply {
    console_warn(&format!("Klucznik: no answer from the relay: {detail}"));
    Reply::NoAnswer
}

/// Sends one call to the API at `base`; never fails, every outcome is a [`Reply`].
pub async fn perform(base: &str, call: &Call) -> Reply {
    let url = format!("{base}{}", call.path);
    let mut b = builder(call.method, &url).header("X-Error-Format", "problem-details");
    if let Some(t) = &call.bearer {
        b = b.header("Authorization", &format!("Bearer {t}"));
    }
    if let Some(c) = &call.continuation {
        b = b.header("x-continuation-token", c);
    }
    let request = match &call.body {
        Body::Empty => b.build(),
        Body::Json(j) => b
            .header("Content-Type", "application/json")
            .body(j.as_str()),
        Body::Xml(x) => b.header("Content-Type", "application/xml").body(x.as_str()),
    };
    let request = match request {
        Ok(r) => r,
        Err(e) => return lost(&e.to_string()),
    };
    let timeout = gloo_timers::future::TimeoutFuture::new(TIMEOUT_MS);
    let resp = match select(Box::pin(request.send()), timeout).await {
        Either::Left((Ok(r), _)) => r,
        Either::Left((Err(e), _)) => return lost(&e.to_string()),
        Either::Right(_) => return Reply::TimedOut,
    };
    let retry_after = resp.headers().get("retry-after");
    match resp.binary().await {
        Ok(body) => Reply::Answer {
            status: resp.status(),
            retry_after,
            body,
        },
        Err(e) => lost(&e.to_string()),
    }
}

async fn sleep_until(until: u64, why: &Waiting, on_wait: &dyn Fn(&Waiting, u64)) {
    loop {
        let now = now_ms();
        if now >= until {
            return;
        }
        let left = until - now;
        on_wait(why, left.div_ceil(1000));
        // Whole seconds, so a countdown shown to the user ticks once a second.
        let tick = left.clamp(1, 1000) as u32;
        gloo_timers::future::TimeoutFuture::new(tick).await;
    }
}

/// Runs `m` until it ends or needs something from the caller; `on_wait` hears each wait
/// (why, and whole seconds left; 0 once it is over) as it passes.
pub async fn drive<M: Machine>(
    m: &mut M,
    base: &str,
    on_wait: &dyn Fn(&Waiting, u64),
) -> Step<M::Output, M::Need> {
    drive_shown(m, base, on_wait, &|_| {}).await
}

/// [`drive`], and `on_send` sees the machine before each call it sends (to show its stage).
pub async fn drive_shown<M: Machine>(
    m: &mut M,
    base: &str,
    on_wait: &dyn Fn(&Waiting, u64),
    on_send: &dyn Fn(&M),
) -> Step<M::Output, M::Need> {
    loop {
        match m.step(now_ms()) {
            Step::Send(call) => {
                on_send(m);
                let reply = perform(base, &call).await;
                m.receive(reply, now_ms());
            }
            Step::Wait { until, why } => {
                sleep_until(until, &why, on_wait).await;
                on_wait(&why, 0);
            }
            end => return end,
        }
    }
}

/// Ends a machine that needs nothing from the caller.
pub async fn run<M: Machine<Need = std::convert::Infallible>>(
    m: &mut M,
    base: &str,
    on_wait: &dyn Fn(&Waiting, u64),
) -> Result<M::Output, Failure> {
    match drive(m, base, on_wait).await {
        Step::Done(out) => Ok(out),
        Step::Failed(f) => Err(f),
        Step::Need(never) => match never {},
        Step::Send(_) | Step::Wait { .. } => unreachable!("drive returns only ends"),
    }
}

/// One call read as JSON, with the machines' retry rules.
pub async fn fetch<T: DeserializeOwned + Clone>(
    base: &str,
    call: Call,
    on_wait: &dyn Fn(&Waiting, u64),
) -> Result<T, Failure> {
    run(&mut Single::<Json<T>>::new(call), base, on_wait)
        .await
        .map(|Json(t)| t)
}

/// One call whose answer has no body to read (a revocation).
pub async fn send(base: &str, call: Call) -> Result<(), Failure> {
    run(&mut Single::<()>::new(call), base, &|_, _| {}).await
}
