//! The client book: from KSeF (the office's received grants and the user's own permissions),
//! by hand, or from a CSV; kept per environment, and saved as CSV.

use ksef_core::ident::Nip;
use ksef_core::lang::{Lang, Localized};
use ksef_core::office::{read_csv, write_csv, ClientBook};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::use_settings;
use crate::desk::{use_desk, DeskAction, DeskContext, Notice};
use crate::i18n::texts;
use crate::session::use_session;

/// Saves `book` for the environment and tells the desk how the change went.
pub fn keep(desk: &DeskContext, book: ClientBook, notice: Notice) {
    let (d, env) = (desk.dispatcher(), desk.env.clone().unwrap_or_default());
    d.dispatch(DeskAction::Book(book.clone(), notice));
    wasm_bindgen_futures::spawn_local(async move {
        if !crate::desk::store::save(&env, &book).await {
            d.dispatch(DeskAction::Notice(Notice::NotKept));
        }
    });
}

/// The office's clients as KSeF names them, merged into the book.
async fn from_ksef(desk: DeskContext, base: String, access: String, office: Nip) {
    let mut book = desk.book.clone();
    let received = crate::api::permissions::received_grants(&base, &access).await;
    let personal = crate::api::permissions::own_grants(&base, &access).await;
    match (received, personal) {
        (Ok(received), Ok(personal)) => {
            let mut report = book.merge_office_grants(&received);
            let more = book.merge_personal(&office, &personal);
            report.added.extend(more.added);
            keep(&desk, book, Notice::Merged(report));
        }
        (Err(f), _) | (_, Err(f)) => desk.dispatch(DeskAction::Notice(Notice::Failed(f.into()))),
    }
}

fn notice(n: &Notice, lang: Lang) -> Html {
    let t = &texts(lang).desk;
    match n {
        Notice::Imported(import, report) => html! {
            <div id="desk-notice" class="notice" role="status">
                <p>{ (t.imported)(report.added.len(), report.kept, import.rejected.len()) }</p>
                <ul>{ for import.rejected.iter().map(|r| html! {
                    <li>{ (t.line)(r.line as usize) }{ r.reason.message(lang) }</li>
                }) }</ul>
            </div>
        },
        Notice::Merged(r) => html! {
            <p id="desk-notice" class="notice" role="status">{ (t.merged)(r.added.len(), r.withdrawn.len()) }</p>
        },
        Notice::Saved => html! {},
        Notice::NotKept => {
            html! { <p id="desk-notice" class="error" role="alert">{ t.not_kept }</p> }
        }
        Notice::Failed(f) => {
            html! { <p id="desk-notice" class="error" role="alert">{ f.message(lang) }</p> }
        }
        Notice::BadNip(e) => {
            html! { <p id="desk-notice" class="error" role="alert">{ e.message(lang) }</p> }
        }
        Notice::BadClient(e) => {
            html! { <p id="desk-notice" class="error" role="alert">{ e.message(lang) }</p> }
        }
    }
}

#[function_component(BookCard)]
pub fn book_card() -> Html {
    let lang = use_settings().lang;
    let t = &texts(lang).desk;
    let (desk, session) = (use_desk(), use_session());
    let (nip, name, note) = (use_node_ref(), use_node_ref(), use_node_ref());
    let value = |r: &NodeRef| {
        r.cast::<HtmlInputElement>()
            .map(|i| i.value())
            .unwrap_or_default()
    };
    let on_add = {
        let (desk, nip, name, note) = (desk.clone(), nip.clone(), name.clone(), note.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut book = desk.book.clone();
            let added = value(&nip)
                .trim()
                .parse::<Nip>()
                .map_err(Notice::BadNip)
                .and_then(|n| {
                    book.add(n, &value(&name), &value(&note))
                        .map_err(Notice::BadClient)
                });
            match added {
                Ok(()) => {
                    for r in [&nip, &name, &note] {
                        if let Some(i) = r.cast::<HtmlInputElement>() {
                            i.set_value("");
                        }
                    }
                    keep(&desk, book, Notice::Saved)
                }
                Err(why) => desk.dispatch(DeskAction::Notice(why)),
            }
        })
    };
    let on_import = {
        let desk = desk.clone();
        Callback::from(move |e: Event| {
            let Some(file) = crate::files::from_input(&e) else {
                return;
            };
            let desk = desk.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::files::read(file).await {
                    Ok(picked) => {
                        let import = read_csv(&picked.bytes);
                        let mut book = desk.book.clone();
                        let report = book.import(&import.clients);
                        keep(&desk, book, Notice::Imported(Box::new(import), report));
                    }
                    Err(f) => desk.dispatch(DeskAction::Notice(Notice::Failed(f.into()))),
                }
            });
        })
    };
    let on_export = {
        let desk = desk.clone();
        Callback::from(move |_: MouseEvent| {
            let csv = write_csv(desk.book.clients(), lang);
            let csv = crate::components::download::Content::Text(csv);
            crate::components::download::now("text/csv", &csv, "klienci-ksef.csv");
        })
    };
    let office = (*session).clone();
    let on_fetch = {
        let desk = desk.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(s) = office.clone() {
                let nip = s.context.value.parse::<Nip>();
                if let Ok(nip) = nip {
                    wasm_bindgen_futures::spawn_local(from_ksef(
                        desk.clone(),
                        s.base,
                        s.access.token,
                        nip,
                    ));
                }
            }
        })
    };
    html! {
        <section class="card" id="desk-book">
            <h3>{ t.book }</h3>
            <p class="help">{ t.book_help }</p>
            <div class="inline">
                <button id="desk-from-ksef" type="button" disabled={session.is_none()} onclick={on_fetch}>{ t.from_ksef }</button>
                <button id="desk-export" type="button" class="secondary" onclick={on_export}>{ t.export }</button>
            </div>
            <p class="help">{ if session.is_some() { t.from_ksef_help } else { t.need_office_login } }</p>
            <label for="desk-import">{ t.import }</label>
            <input id="desk-import" type="file" accept=".csv,text/csv" onchange={on_import} />
            <p class="help">{ t.import_help }</p>
            <form id="desk-add" class="inline" onsubmit={on_add}>
                <input id="desk-add-nip" placeholder={t.nip} ref={nip} />
                <input id="desk-add-name" placeholder={t.name} ref={name} />
                <input id="desk-add-note" placeholder={t.note} ref={note} />
                <button type="submit" class="secondary">{ t.add }</button>
            </form>
            if let Some(n) = &desk.notice { { notice(n, lang) } }
            if desk.book.clients().is_empty() { <p class="help">{ t.none }</p> }
        </section>
    }
}
