//! A clock tests can move forward, so a 10-minute expiry takes no 10 minutes.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use time::{Duration, OffsetDateTime};

#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Current time truncated to whole milliseconds (KSeF stores challenge times in ms).
    pub fn now_ms(&self) -> (OffsetDateTime, i64) {
        let now = self.now();
        let ms = (now.unix_timestamp_nanos() / 1_000_000) as i64;
        let truncated =
            OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000).expect("in range");
        (truncated, ms)
    }

    pub fn advance(&self, by: Duration) {
        self.offset_ms
            .fetch_add(by.whole_milliseconds() as i64, Ordering::Relaxed);
    }

    /// How far the clock has been moved (saved with the state, so time never runs backwards).
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    pub fn reset(&self) {
        self.offset_ms.store(0, Ordering::Relaxed);
    }
}
