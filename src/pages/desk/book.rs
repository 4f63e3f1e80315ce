//! The client book: from KSeF (the office's received grants and the user's own permissions),
//! by hand, or from a CSV; kept per environment, and saved as CSV.

use ksef_core::ident::Nip;
use ksef_core::lang::{Lang, Localized};
use ksef_core::office::{read_csv, write_csv};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::app::use_settings;
use crate::desk::{use_desk, Desk, DeskAction, Notice};
use crate::i18n::texts;
use crate::session::Session;

/// The office's clients as KSeF names them, merged into the book as it is when they arrive.
async fn from_ksef(desk: UseReducerDispatcher<Desk>, office: Session) {
    let (base, access) = (&office.base, &office.access.token);
    let Ok(nip) = office.context.value.parse::<Nip>() else {
        return;
    };
    let received = crate::api::permissions::received_grants(base, access).await;
    let personal = crate::api::permissions::own_grants(base, access).await;
    match (received, personal) {
        (Ok(received), Ok(personal)) => desk.dispatch(DeskAction::FromKsef {
            office: nip,
            received,
            personal,
        }),
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
        Notice::Store(e) => {
            html! { <p id="desk-notice" class="error" role="alert">{ e.message(lang) }</p> }
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
    let desk = use_desk();
    let (nip, name, note) = (use_node_ref(), use_node_ref(), use_node_ref());
    {
        // A client that went in leaves the fields empty for the next; a refused one stays.
        let fields = [nip.clone(), name.clone(), note.clone()];
        let added = desk.notice == Some(Notice::Saved);
        use_effect_with(desk.book_version, move |_| {
            for f in fields.iter().filter(|_| added) {
                if let Some(i) = f.cast::<HtmlInputElement>() {
                    i.set_value("");
                }
            }
        });
    }
    let value = |r: &NodeRef| {
        r.cast::<HtmlInputElement>()
            .map(|i| i.value())
            .unwrap_or_default()
    };
    let on_add = {
        let (desk, nip, name, note) = (desk.clone(), nip.clone(), name.clone(), note.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            desk.dispatch(DeskAction::Add {
                nip: value(&nip),
                name: value(&name),
                note: value(&note),
            });
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
                        desk.dispatch(DeskAction::Import(Box::new(read_csv(&picked.bytes))))
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
    // An office's clients are read in its NIP context (a unit's internal id has none).
    let office = desk
        .office
        .clone()
        .filter(|s| s.context.kind == ksef_core::context::ContextType::Nip);
    let on_fetch = {
        let (d, office) = (desk.dispatcher(), office.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(s) = office.clone() {
                wasm_bindgen_futures::spawn_local(from_ksef(d.clone(), s));
            }
        })
    };
    html! {
        <section class="card" id="desk-book">
            <h3>{ t.book }</h3>
            <p class="help">{ t.book_help }</p>
            <div class="inline">
                <button id="desk-from-ksef" type="button" disabled={office.is_none()} onclick={on_fetch}>{ t.from_ksef }</button>
                <button id="desk-export" type="button" class="secondary" onclick={on_export}>{ t.export }</button>
            </div>
            <p class="help">{ if office.is_some() { t.from_ksef_help } else { t.need_office_login } }</p>
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
