//! Generating a KSeF token: description with a live counter, permissions (presets, missing ones
//! disabled with the reason), and the secret shown once — copy, download, then gone.

use ksef_core::api::tokens::GenerateTokenRequest;
use ksef_core::permissions::{Permission, Preset};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::form::{Action, End, Made, TokenForm};
use super::held::Held;
use crate::app::use_settings;
use crate::components::download::{Content, Download};
use crate::components::on;
use crate::i18n::texts;
use crate::pages::login::progress::{Activity, PhaseView};
use crate::session::Session;
use ksef_core::flow::token::{TokenGeneration, TokenOutcome};
use ksef_core::flow::{Failure, LocalFailure, Step};

#[derive(Properties, PartialEq)]
pub struct GenerateProps {
    pub session: Session,
    /// What the subject holds in this context.
    pub held: Held,
    /// Tells the list that a token was made.
    pub on_created: Callback<()>,
}

#[function_component(GenerateToken)]
pub fn generate_token(props: &GenerateProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let form = use_reducer(TokenForm::default);
    let d = form.dispatcher();
    {
        let (d, s, created) = (d.clone(), props.session.clone(), props.on_created.clone());
        use_effect_with(form.sent.clone(), move |sent| {
            if let Some((_, req)) = sent.clone() {
                wasm_bindgen_futures::spawn_local(generate(s, req, d, created));
            }
        });
    }
    if let Some(made) = &form.secret {
        return html! { <Secret made={made.clone()} copied={form.copied}
        on_copied={on(&d, Action::Copied)} on_done={on(&d, |_| Action::Done)} /> };
    }
    let held = &props.held;
    let checks = ksef_core::rules::token_description(&form.description);
    let length = form.description.chars().count();
    let preset = |p: Preset| {
        let held = held.clone();
        on(&d, move |_: MouseEvent| {
            Action::Choose(
                p.permissions()
                    .iter()
                    .copied()
                    .filter(|x| held.allows(*x))
                    .collect(),
            )
        })
    };
    // A box ticked before the permissions were known may have been disabled since.
    let effective: Vec<Permission> = form
        .chosen
        .iter()
        .copied()
        .filter(|p| held.allows(*p))
        .collect();
    let on_submit = {
        let (d, effective, description) = (d.clone(), effective.clone(), form.description.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            d.dispatch(Action::Send(GenerateTokenRequest {
                permissions: effective.clone(),
                description: description.trim().to_string(),
            }));
        })
    };
    let problems: Vec<String> = checks.failed().map(|r| r.message(lang)).collect();
    let description = &form.description;
    html! {
        <form id="generate-token" class="card" onsubmit={on_submit} novalidate=true>
            <h2>{ t.tokens.new_token }</h2>
            <p>{ t.tokens.context_label }<strong id="token-context">{ format!("{} {}", props.session.context.kind.label(lang), props.session.context.value) }</strong></p>
            <label for="token-description">{ t.tokens.description_label }</label>
            <input id="token-description" value={description.clone()} maxlength="256" aria-describedby="token-description-help"
                oninput={on(&d, |e: InputEvent| Action::Describe(e.target_unchecked_into::<HtmlInputElement>().value()))} />
            <p id="token-description-help" class={classes!("help", (!description.is_empty() && !problems.is_empty()).then_some("error"))}>
                { format!("{length}/256") }
                if !description.is_empty() { { for problems.iter().map(|p| html! { <>{ " · " }{ p }</> }) } }
            </p>
            <fieldset>
                <legend>{ t.tokens.token_permissions }</legend>
                <div class="presets">
                    { for Preset::ALL.iter().map(|p| html! {
                        <button type="button" class="secondary" id={preset_id(*p)} onclick={preset(*p)}>{ p.label(lang) }</button>
                    }) }
                </div>
                <HeldNote held={props.held.clone()} />
                { for Permission::TOKEN.iter().map(|p| {
                    let id = format!("perm-{}", p.as_str());
                    let allowed = held.allows(*p);
                    let p = *p;
                    html! {
                        <label class="check" for={id.clone()}>
                            <input type="checkbox" id={id} checked={allowed && form.chosen.contains(&p)} disabled={!allowed} onchange={on(&d, move |_: Event| Action::Toggle(p))} />
                            { p.label(lang) }{ " " }<code>{ p.as_str() }</code>
                            if !allowed && matches!(props.held, Held::Known(_)) { <span class="help why-disabled">{ t.tokens.permission_not_held }</span> }
                        </label>
                    }
                }) }
                if effective.is_empty() { <p class="help">{ t.tokens.choose_permission }</p> }
            </fieldset>
            <button id="generate-submit" type="submit" disabled={!checks.is_ok() || effective.is_empty() || form.phase.busy()}>{ t.tokens.create }</button>
            <PhaseView phase={form.phase.clone()} />
        </form>
    }
}

/// The preset button's id (the e2e tests press `#preset-wysylka`).
fn preset_id(p: Preset) -> &'static str {
    match p {
        Preset::Administrator => "preset-administrator",
        Preset::Wysylka => "preset-wysylka",
        Preset::Pobieranie => "preset-pobieranie",
    }
}

/// Drives `TokenGeneration`: the secret is shown the moment KSeF gives it, activation after.
async fn generate(
    s: Session,
    req: GenerateTokenRequest,
    d: UseReducerDispatcher<TokenForm>,
    created: Callback<()>,
) {
    let wait = crate::pages::waits(on(&d, Action::Phase), Activity::CreatingToken);
    let mut machine = TokenGeneration::new(&s.access.token, &req);
    let shown = std::cell::Cell::new(false);
    let on_send = |m: &TokenGeneration| {
        if let (false, Some(made)) = (shown.get(), m.made()) {
            shown.set(true);
            d.dispatch(Action::Shown(made.clone()));
            created.emit(());
        }
    };
    let end = match crate::net::drive_shown(&mut machine, &s.base, &wait, &on_send).await {
        Step::Done(TokenOutcome::Active(_)) => {
            created.emit(());
            End::Active
        }
        Step::Done(TokenOutcome::Unconfirmed { token, why }) => End::Unconfirmed(token, why),
        Step::Failed(e) => End::Failed(e),
        Step::Need(never) => match never {},
        // `drive_shown` returns only an end; anything else is a defect, said as one.
        Step::Send(_) | Step::Wait { .. } => {
            End::Failed(Failure::local(LocalFailure::Worker, "token"))
        }
    };
    d.dispatch(Action::Ended(end));
}

#[derive(Properties, PartialEq)]
struct HeldNoteProps {
    held: Held,
}

/// While the permissions are checked, or why they could not be.
#[function_component(HeldNote)]
fn held_note(props: &HeldNoteProps) -> Html {
    use ksef_core::lang::Localized;
    let lang = use_settings().lang;
    let t = texts(lang);
    match &props.held {
        Held::Known(_) => html! {},
        Held::NoTokensHere => html! {
            <p class="error" id="held-no-tokens" role="alert">{ t.tokens.none_in_this_context }</p>
        },
        Held::Checking => html! {
            <p class="help" id="held-checking">{ t.tokens.checking_held }</p>
        },
        Held::Unavailable(e) => html! {
            <p class="error" id="held-unavailable" role="alert">
                { t.tokens.held_unavailable }
                { e.message(lang) }
            </p>
        },
    }
}

#[derive(Properties, PartialEq)]
struct SecretProps {
    made: Made,
    copied: Option<bool>,
    on_copied: Callback<bool>,
    on_done: Callback<()>,
}

/// The one time the secret is visible.
#[function_component(Secret)]
fn secret(props: &SecretProps) -> Html {
    use ksef_core::lang::Localized;
    let lang = use_settings().lang;
    let t = texts(lang);
    let copy = {
        let (token, on_copied) = (props.made.token.clone(), props.on_copied.clone());
        Callback::from(move |_: MouseEvent| {
            let (token, on_copied) = (token.clone(), on_copied.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let clipboard = gloo_utils::window().navigator().clipboard();
                let done = wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&token)).await;
                on_copied.emit(done.is_ok());
            });
        })
    };
    let done = props.on_done.reform(|_: MouseEvent| ());
    html! {
        <section class="card secret" id="token-secret" aria-live="polite">
            <h2>{ t.tokens.created_title }</h2>
            <p class="error"><strong>{ t.tokens.save_now }</strong></p>
            <pre id="new-token" class="token">{ &props.made.token }</pre>
            <div class="inline">
                <button id="copy-token" type="button" onclick={copy}>{ t.tokens.copy }</button>
                <Download id="download-token" mime="text/plain" content={Content::Text(format!("{}\n", props.made.token))} file={format!("token-ksef-{}.txt", props.made.reference)}>{ t.tokens.download_txt }</Download>
                if props.copied == Some(true) { <span id="copied" class="ok" role="status">{ t.common.copied }</span> }
                if props.copied == Some(false) { <span id="copy-failed" class="error" role="alert">{ t.tokens.copy_failed }</span> }
            </div>
            <p class="help">{ t.tokens.works_once_active }</p>
            if let Some(why) = &props.made.unconfirmed {
                <p class="notice" id="token-unconfirmed" role="status">{ t.tokens.activation_unconfirmed }{ why.message(lang) }</p>
            }
            <button id="token-saved" type="button" onclick={done}>{ t.tokens.saved_it }</button>
        </section>
    }
}
