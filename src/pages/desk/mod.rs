//! Biuro: an accounting office's desk. One certificate loaded once opens every client context
//! where its holder has a permission; the client book and an overview of all clients. The
//! state is the app's ([`crate::desk`]), so it outlives this page.

mod batch;
mod book;
mod overview;
mod signer;

use yew::prelude::*;

use crate::idb::StoreError;

use crate::app::use_settings;
use crate::desk::{use_desk, DeskAction, Notice};
use crate::i18n::texts;

#[function_component(DeskPage)]
pub fn desk_page() -> Html {
    let settings = use_settings();
    let t = &texts(settings.lang).desk;
    let desk = use_desk();
    let env = settings.env.segment().to_string();
    {
        // The book of the chosen environment, loaded once per environment.
        let (d, loaded) = (desk.dispatcher(), desk.env.clone());
        use_effect_with(env, move |env| {
            if loaded.as_deref() != Some(env.as_str()) {
                let (d, env) = (d.clone(), env.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let book = crate::desk::store::load(&env).await;
                    let batch = crate::desk::batch::load(&env).await;
                    match book {
                        Ok(book) => d.dispatch(DeskAction::BookLoaded(env, book)),
                        // Moved aside: a new book is saved without touching it.
                        Err(StoreError::Unreadable) => {
                            d.dispatch(DeskAction::BookLoaded(env, Default::default()));
                            d.dispatch(DeskAction::Notice(Notice::Store(StoreError::Unreadable)));
                        }
                        Err(e) => d.dispatch(DeskAction::BookUnread(env, e)),
                    }
                    match batch {
                        Ok(batch) => d.dispatch(DeskAction::Batch(batch, true)),
                        Err(e) => d.dispatch(DeskAction::Notice(Notice::Store(e))),
                    }
                });
            }
        });
    }
    {
        // Every change of the book is saved, for the environment it belongs to.
        let (d, env, book) = (desk.dispatcher(), desk.env.clone(), desk.book.clone());
        let read = desk.book_read;
        use_effect_with(desk.book_version, move |version| {
            match (env, *version > 0) {
                // Never over a stored book that could not be read: this one lives in the tab.
                (Some(_), true) if !read => d.dispatch(DeskAction::Notice(Notice::NotKept)),
                (Some(env), true) => wasm_bindgen_futures::spawn_local(async move {
                    if !crate::desk::store::save(&env, &book).await {
                        d.dispatch(DeskAction::Notice(Notice::NotKept));
                    }
                }),
                _ => {}
            }
        });
    }
    {
        // The session the user logged in with (not one the desk opened) is the office's.
        let (d, current) = (desk.dispatcher(), (*crate::session::use_session()).clone());
        use_effect_with(current, move |s| d.dispatch(DeskAction::Session(s.clone())));
    }
    html! {
        <>
            <section class="card" id="desk">
                <h2>{ t.title }</h2>
                <p class="help">{ t.intro }</p>
            </section>
            <signer::DeskSignerCard />
            <book::BookCard />
            <overview::OverviewCard />
            <batch::BatchCard />
        </>
    }
}
