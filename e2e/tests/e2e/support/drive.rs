//! The I/O around `ksef_core::flow` machines for the e2e helpers: each `Send` goes to the
//! relay with reqwest, each `Wait` is slept, until the machine ends or needs something.

use ksef_core::flow::{Body, Call, Machine, Reply, Step};

use super::Api;

impl Api {
    /// Milliseconds on the clock every machine of this client shares (a machine driven in two
    /// parts, around a `Need`, keeps one clock).
    fn now(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    pub async fn drive<M: Machine>(&self, m: &mut M) -> Step<M::Output, M::Need> {
        loop {
            match m.step(self.now()) {
                Step::Send(call) => {
                    let reply = self.send(&call).await;
                    m.receive(reply, self.now());
                }
                Step::Wait { until, .. } => {
                    let ms = until.saturating_sub(self.now());
                    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
                }
                other => return other,
            }
        }
    }

    async fn send(&self, call: &Call) -> Reply {
        let url = format!("{}{}", self.base, call.path);
        let mut r = self
            .http
            .request(call.method.as_str().parse().unwrap(), url)
            .header("origin", self.base.split("/sim").next().unwrap());
        if let Some(b) = &call.bearer {
            r = r.bearer_auth(b);
        }
        if let Some(c) = &call.continuation {
            r = r.header("x-continuation-token", c);
        }
        r = match &call.body {
            Body::Empty => r,
            Body::Json(b) => r.header("content-type", "application/json").body(b.clone()),
            Body::Xml(b) => r.header("content-type", "application/xml").body(b.clone()),
        };
        match r.send().await {
            Ok(resp) => Reply::Answer {
                status: resp.status().as_u16(),
                retry_after: resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string),
                body: resp.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
            },
            Err(e) if e.is_timeout() => Reply::TimedOut,
            Err(_) => Reply::NoAnswer,
        }
    }
}
