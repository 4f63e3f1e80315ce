//! The office desk's app side: its state (kept by the app across pages), the client book's
//! storage, and the I/O that opens and checks client contexts. The logic is ksef-core's
//! `office`; the page is `pages::desk`.

pub mod batch;
pub mod run;
pub mod state;
pub mod store;
#[cfg(test)]
mod tests;

use yew::prelude::*;

pub use state::{Desk, DeskAction, Notice};

pub type DeskContext = UseReducerHandle<Desk>;

#[hook]
pub fn use_desk() -> DeskContext {
    use_context::<DeskContext>().expect("components live inside App")
}
