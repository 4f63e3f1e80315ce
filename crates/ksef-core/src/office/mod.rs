//! The accounting office's desk: one person serving 20–500 client NIPs.
//!
//! KSeF has no session spanning contexts (one access token = one context), so everything an
//! office does for many clients is many small conversations, one per client context, each with
//! its own rate limits. This module is the pure logic of that desk; the app does the I/O:
//!
//! - [`book`]: the client book (who the clients are, from KSeF's answers or by hand; CSV in
//!   and out), stored by the app per environment.
//! - [`schedule`]: which client to visit next with K at once, holding back a client KSeF
//!   rate-limited while the others go on.
//! - [`overview`]: one row per client from what was fetched there, sorted and filtered.
//! - [`batch`]: an action over selected clients that survives a reload without doing any
//!   client's part twice.
//!
//! Every user-facing text of this module lives in the private `text` module's two catalogs, one per language.

pub mod batch;
pub mod book;
pub mod book_csv;
mod cp1250;
pub mod overview;
pub mod schedule;
mod text;

pub use batch::{Batch, BatchError, BatchId, ItemState, Outcome, Task, Work};
pub use book::{Client, ClientBook, ClientError, MergeReport, OfficeGrant};
pub use book_csv::{read_csv, write_csv, CsvImport, LineError, RejectedLine, TextEncoding};
pub use overview::{ClientFacts, Overview, Query, Row, RowFilter, RowStatus, SortKey, TokenCounts};
pub use schedule::{Finish, Progress, Schedule};

#[cfg(test)]
mod tests;
