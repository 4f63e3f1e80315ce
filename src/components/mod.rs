pub mod confirm;
pub mod credentials;
pub mod download;
pub mod ksef_value;
pub mod offline;
pub mod shell;
pub mod switcher;

use yew::{Callback, Reducible, UseReducerDispatcher};

/// A callback that dispatches the action made of its event (a dispatcher has no `reform`).
pub fn on<R: Reducible + 'static, E: 'static>(
    d: &UseReducerDispatcher<R>,
    action: impl Fn(E) -> R::Action + 'static,
) -> Callback<E> {
    let d = d.clone();
    Callback::from(move |e: E| d.dispatch(action(e)))
}
