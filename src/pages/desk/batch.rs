//! A batch over the selected clients: a KSeF token in each (the secrets collected into one file,
//! offered once), or revoking tokens by their description. Progress, pause and resume; a
//! reload offers to resume, and the summary lists each client's outcome.

use ksef_core::ident::Nip;
use ksef_core::lang::{Lang, Localized};
use ksef_core::office::{Batch, BatchError, BatchId, Client};
use ksef_core::permissions::Preset;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::use_settings;
use crate::components::download::Content;
use crate::desk::batch::{Pause, Runner};
use crate::desk::{use_desk, DeskAction, DeskContext};
use crate::i18n::texts;
use crate::pages::permissions::grant::fields::{Fields, GrantKind};
use crate::pages::permissions::grant::permission_boxes;
use crate::pages::permissions::grant::person::PersonFields;

/// Starts (or resumes) `batch` in the background.
fn start(desk: &DeskContext, base: String, batch: Batch) {
    let pause = Pause::default();
    // Shown at once, so the form is gone before a second click could start it again.
    desk.dispatch(DeskAction::Batch(Some(batch.clone()), true));
    desk.dispatch(DeskAction::Running(Some(pause.clone())));
    let runner = Runner {
        base,
        env: desk.env.clone().unwrap_or_default(),
        desk: desk.dispatcher(),
        sessions: desk.sessions.clone(),
        pause,
    };
    let d = desk.dispatcher();
    wasm_bindgen_futures::spawn_local(async move {
        runner.run(batch).await;
        d.dispatch(DeskAction::Running(None));
    });
}

/// The three batches the desk offers.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Token,
    Revoke,
    /// In the office's own context: its employee's indirect grant for each selected client.
    Grant,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Token, Kind::Revoke, Kind::Grant];

    fn as_str(self) -> &'static str {
        match self {
            Kind::Token => "token",
            Kind::Revoke => "revoke",
            Kind::Grant => "grant",
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        let t = &texts(lang).desk;
        match self {
            Kind::Token => t.batch_token,
            Kind::Revoke => t.batch_revoke,
            Kind::Grant => t.batch_grant,
        }
    }
}

/// Why a batch was not started.
#[derive(Clone, Debug, PartialEq)]
enum Refusal {
    Batch(BatchError),
    /// An employee's grants are made in the office's context: log in there first.
    NoOffice,
}

impl Refusal {
    fn message(&self, lang: Lang) -> String {
        match self {
            Refusal::Batch(e) => e.message(lang),
            Refusal::NoOffice => texts(lang).desk.need_office_login.into(),
        }
    }
}

/// What the form holds when "Run" is pressed.
struct Asked<'a> {
    kind: Kind,
    preset: Preset,
    text: &'a str,
    employee: &'a Fields,
    office: Option<Nip>,
}

fn new_batch(desk: &DeskContext, asked: Asked) -> Result<Batch, Refusal> {
    let mut random = [0u8; 6];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut random);
    let id = BatchId::from_random(random);
    let selected = |c: &&Client| desk.selected.contains(c.nip.as_str());
    let clients = desk.book.clients().iter().filter(selected);
    let made = match asked.kind {
        Kind::Token => {
            Batch::create_token(id, clients, asked.preset.permissions().to_vec(), asked.text)
        }
        Kind::Revoke => Batch::revoke_tokens(id, clients, asked.text),
        Kind::Grant => {
            let office = asked.office.ok_or(Refusal::NoOffice)?;
            let mut request = asked.employee.indirect_request();
            request.description = asked.text.to_string();
            Batch::grant_indirect(id, office, clients, request)
        }
    };
    made.map_err(Refusal::Batch)
}

fn kind_fields(
    kind: Kind,
    preset: &UseStateHandle<Preset>,
    employee: &UseReducerHandle<Fields>,
    lang: Lang,
) -> Html {
    let t = &texts(lang).desk;
    let on_preset = {
        let preset = preset.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            let i: usize = v.parse().unwrap_or(0);
            preset.set(Preset::ALL.get(i).copied().unwrap_or(Preset::Wysylka));
        })
    };
    match kind {
        Kind::Token => html! { <>
            <label for="batch-preset">{ t.preset }</label>
            <select id="batch-preset" onchange={on_preset}>
                { for Preset::ALL.iter().enumerate().map(|(i, p)| html! {
                    <option value={i.to_string()} selected={*p == **preset}>{ p.label(lang) }</option>
                }) }
            </select>
        </> },
        Kind::Revoke => html! {},
        Kind::Grant => html! { <>
            <p class="help">{ t.batch_grant_help }</p>
            <PersonFields fields={employee.clone()} />
            { permission_boxes(employee, lang) }
        </> },
    }
}

#[function_component(BatchForm)]
fn batch_form() -> Html {
    let lang = use_settings().lang;
    let base = use_settings().api_base();
    let t = &texts(lang).desk;
    let desk = use_desk();
    let kind = use_state(|| Kind::Token);
    let preset = use_state(|| Preset::Wysylka);
    let text = use_node_ref();
    let employee = use_reducer(|| Fields::of(GrantKind::Indirect));
    let problem = use_state(|| None::<Refusal>);
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            kind.set(
                Kind::ALL
                    .into_iter()
                    .find(|k| k.as_str() == v)
                    .unwrap_or(Kind::Token),
            );
        })
    };
    let office = desk
        .office
        .as_ref()
        .and_then(|s| s.context.value.parse::<Nip>().ok());
    let on_submit = {
        let (desk, kind, preset, text) = (desk.clone(), *kind, *preset, text.clone());
        let (employee, problem) = (employee.clone(), problem.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let typed = text
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let asked = Asked {
                kind,
                preset,
                text: &typed,
                employee: &employee,
                office: office.clone(),
            };
            match new_batch(&desk, asked) {
                Ok(b) => {
                    problem.set(None);
                    start(&desk, base.clone(), b);
                }
                Err(e) => problem.set(Some(e)),
            }
        })
    };
    let label = match *kind {
        Kind::Token => t.description,
        Kind::Revoke => t.containing,
        Kind::Grant => t.grant_description,
    };
    html! {
        <form id="batch-form" onsubmit={on_submit}>
            <p>{ (t.selected)(desk.selected.len()) }</p>
            <label for="batch-kind">{ t.batch_kind }</label>
            <select id="batch-kind" onchange={on_kind}>
                { for Kind::ALL.into_iter().map(|k| html! {
                    <option value={k.as_str()} selected={*kind == k}>{ k.label(lang) }</option>
                }) }
            </select>
            { kind_fields(*kind, &preset, &employee, lang) }
            <label for="batch-text">{ label }</label>
            <input id="batch-text" ref={text} />
            if let Some(p) = &*problem { <p id="batch-problem" class="error" role="alert">{ p.message(lang) }</p> }
            <button id="batch-start" type="submit" disabled={desk.signer.is_none() || desk.pause.is_some()}>{ t.start }</button>
        </form>
    }
}

fn secrets(desk: &DeskContext, batch: &Batch, lang: Lang) -> Html {
    let t = &texts(lang).desk;
    let n = batch.unsaved_secrets();
    // While the batch runs it saves its own copy: the file is offered once it has stopped.
    if n == 0 || desk.pause.is_some() {
        return html! {};
    }
    let on_download = {
        let batch = batch.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(file) = batch.secrets_file(lang) {
                let name = format!("tokeny-ksef-{}.csv", batch.id().as_str());
                crate::components::download::now("text/csv", &Content::Text(file), &name);
            }
        })
    };
    let on_saved = {
        let (desk, batch) = (desk.clone(), batch.clone());
        Callback::from(move |_: MouseEvent| {
            // Only once the user says the file is kept do the secrets leave the browser.
            let mut wiped = batch.clone();
            wiped.wipe_secrets();
            let (env, d) = (desk.env.clone().unwrap_or_default(), desk.dispatcher());
            wasm_bindgen_futures::spawn_local(async move {
                crate::desk::batch::save(&env, &wiped, &d).await;
            });
        })
    };
    html! {
        <div id="batch-secrets" class="notice" role="alert">
            <p><strong>{ (t.secrets)(n) }</strong></p>
            <button id="batch-download" type="button" onclick={on_download}>{ t.download_secrets }</button>
            <button id="batch-saved" type="button" class="secondary" onclick={on_saved}>{ t.secrets_saved }</button>
        </div>
    }
}

#[function_component(BatchCard)]
pub fn batch_card() -> Html {
    let lang = use_settings().lang;
    let base = use_settings().api_base();
    let t = &texts(lang).desk;
    let desk = use_desk();
    let Some(batch) = desk.batch.clone() else {
        return html! { <section class="card" id="desk-batch"><h3>{ t.batch }</h3><BatchForm /></section> };
    };
    let summary = batch.summary(lang);
    let total = batch.items().len();
    let running = desk.pause.is_some();
    let on_pause = {
        let pause = desk.pause.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(p) = &pause {
                p.ask()
            }
        })
    };
    let on_resume = {
        let (desk, batch) = (desk.clone(), batch.clone());
        Callback::from(move |_: MouseEvent| start(&desk, base.clone(), batch.clone()))
    };
    let on_new = {
        let desk = desk.clone();
        Callback::from(move |_: MouseEvent| {
            let (env, d) = (desk.env.clone().unwrap_or_default(), desk.dispatcher());
            wasm_bindgen_futures::spawn_local(async move {
                crate::desk::batch::forget(&env).await;
                d.dispatch(DeskAction::Batch(None, true));
            });
        })
    };
    let ended = summary.done + summary.attention + summary.failed + summary.skipped;
    html! {
        <section class="card" id="desk-batch">
            <h3>{ t.batch }{ ": " }{ batch.action().label(lang) }</h3>
            <progress id="batch-bar" max={total.to_string()} value={ended.to_string()} />
            <p id="batch-progress" role="status">{ (t.batch_progress)(ended, total, summary.failed, summary.left) }</p>
            if !desk.batch_kept { <p class="error" role="alert">{ t.batch_not_kept }</p> }
            { secrets(&desk, &batch, lang) }
            if running {
                <button id="batch-pause" type="button" class="secondary" onclick={on_pause}>{ t.pause }</button>
            } else if !batch.is_over() {
                <p class="notice">{ if batch.paused() { t.batch_paused } else { t.batch_resumable } }</p>
                <button id="batch-resume" type="button" disabled={desk.signer.is_none()} onclick={on_resume}>{ t.resume }</button>
            } else if batch.unsaved_secrets() == 0 {
                <button id="batch-new" type="button" class="secondary" onclick={on_new}>{ t.new_batch }</button>
            }
            <h4>{ t.summary }</h4>
            <ul id="batch-summary">{ for summary.lines.iter().map(|l| html! {
                <li data-nip={l.nip.to_string()}><strong>{ l.nip.to_string() }</strong>{ " " }{ &l.name }{ " – " }{ &l.text }</li>
            }) }</ul>
        </section>
    }
}
