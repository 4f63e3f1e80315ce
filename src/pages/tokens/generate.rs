//! Generating a KSeF token: description with a live counter, permissions (presets, missing ones
//! disabled with the reason), and the secret shown once — copy, download, then gone.

use ksef_core::api::tokens::GenerateTokenRequest;
use ksef_core::permissions::{Permission, Preset};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::held::Held;
use crate::app::use_settings;
use crate::components::download::{Content, Download};
use crate::i18n::texts;
use crate::pages::login::progress::{failed, on_wait, Activity, Phase, PhaseView};
use crate::session::Session;
use ksef_core::flow::token::{GeneratedToken, TokenGeneration, TokenOutcome};
use ksef_core::flow::Failure;
use ksef_core::flow::Step;

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
    let description = use_state(String::new);
    let chosen = use_state(Vec::<Permission>::new);
    let phase = use_state(Phase::default);
    let secret = use_state(|| None::<Made>);
    let copied = use_state(|| false);
    let held = props.held.clone();
    let may = |p: Permission| held.allows(p);
    let checks = ksef_core::rules::token_description(&description);
    let length = description.chars().count();
    let toggle = |p: Permission| {
        let chosen = chosen.clone();
        Callback::from(move |_: Event| {
            let mut c = (*chosen).clone();
            match c.iter().position(|x| *x == p) {
                Some(i) => {
                    c.remove(i);
                }
                None => c.push(p),
            }
            chosen.set(c);
        })
    };
    let preset = |p: Preset| {
        let (chosen, held) = (chosen.clone(), held.clone());
        Callback::from(move |_: MouseEvent| {
            let allowed = p.permissions().iter().copied().filter(|x| held.allows(*x));
            chosen.set(allowed.collect());
        })
    };
    let on_description = {
        let description = description.clone();
        Callback::from(move |e: InputEvent| {
            description.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    // A box ticked before the permissions were known may have been disabled since.
    let effective: Vec<Permission> = chosen.iter().copied().filter(|p| held.allows(*p)).collect();
    let on_submit = {
        let effective = effective.clone();
        let (description, phase, secret, copied, s, created) = (
            description.clone(),
            phase.clone(),
            secret.clone(),
            copied.clone(),
            props.session.clone(),
            props.on_created.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let req = GenerateTokenRequest {
                permissions: effective.clone(),
                description: description.trim().to_string(),
            };
            let (phase, secret, copied, s, created) = (
                phase.clone(),
                secret.clone(),
                copied.clone(),
                s.clone(),
                created.clone(),
            );
            phase.set(Phase::Working(Activity::CreatingToken));
            wasm_bindgen_futures::spawn_local(async move {
                let wait = on_wait(&phase, Activity::CreatingToken);
                let mut machine = TokenGeneration::new(&s.access.token, &req);
                // The secret is shown the moment KSeF gives it; activation is followed after.
                let shown = std::cell::RefCell::new(None::<GeneratedToken>);
                let show = |made: &GeneratedToken, unconfirmed: Option<Failure>| {
                    secret.set(Some(Made {
                        reference: made.reference.clone(),
                        token: made.token.clone(),
                        unconfirmed,
                    }));
                };
                let on_send = |m: &TokenGeneration| {
                    let fresh = shown.borrow().is_none();
                    if let (true, Some(made)) = (fresh, m.made()) {
                        shown.replace(Some(made.clone()));
                        copied.set(false);
                        show(made, None);
                        phase.set(Phase::Idle);
                        created.emit(());
                    }
                };
                let end = crate::net::drive_shown(&mut machine, &s.base, &wait, &on_send).await;
                // A 429 while polling may have shown its countdown behind the secret: end idle.
                match end {
                    Step::Done(TokenOutcome::Active(_)) => {
                        phase.set(Phase::Idle);
                        created.emit(())
                    }
                    Step::Done(TokenOutcome::Unconfirmed { token, why }) => {
                        phase.set(Phase::Idle);
                        show(&token, Some(why))
                    }
                    Step::Failed(e) => match shown.borrow().as_ref() {
                        Some(made) => {
                            phase.set(Phase::Idle);
                            show(made, Some(e))
                        }
                        None => failed(&phase, e),
                    },
                    Step::Need(never) => match never {},
                    Step::Send(_) | Step::Wait { .. } => {}
                }
            });
        })
    };
    if let Some(made) = &*secret {
        return html! { <Secret made={made.clone()} copied={*copied}
        on_copied={ { let copied = copied.clone(); Callback::from(move |_| copied.set(true)) } }
        on_done={ { let (secret, description, chosen) = (secret.clone(), description.clone(), chosen.clone());
            Callback::from(move |_| { secret.set(None); description.set(String::new()); chosen.set(vec![]); }) } } /> };
    }
    let problems: Vec<String> = checks.failed().map(|r| r.message(lang)).collect();
    html! {
        <form id="generate-token" class="card" onsubmit={on_submit} novalidate=true>
            <h2>{ t.tokens.new_token }</h2>
            <p>{ t.tokens.context_label }<strong id="token-context">{ format!("{} {}", props.session.context.kind.label(lang), props.session.context.value) }</strong></p>
            <label for="token-description">{ t.tokens.description_label }</label>
            <input id="token-description" value={(*description).clone()} oninput={on_description} maxlength="256" aria-describedby="token-description-help" />
            <p id="token-description-help" class={classes!("help", (!description.is_empty() && !problems.is_empty()).then_some("error"))}>
                { format!("{length}/256") }
                if !description.is_empty() { { for problems.iter().map(|p| html! { <>{ " · " }{ p }</> }) } }
            </p>
            <fieldset>
                <legend>{ t.tokens.token_permissions }</legend>
                <div class="presets">
                    { for Preset::ALL.iter().map(|p| html! {
                        <button type="button" class="secondary" id={format!("preset-{p:?}").to_lowercase()} onclick={preset(*p)}>{ p.label(lang) }</button>
                    }) }
                </div>
                <HeldNote held={props.held.clone()} />
                { for Permission::TOKEN.iter().map(|p| {
                    let id = format!("perm-{}", p.as_str());
                    let allowed = may(*p);
                    html! {
                        <label class="check" for={id.clone()}>
                            <input type="checkbox" id={id} checked={allowed && chosen.contains(p)} disabled={!allowed} onchange={toggle(*p)} />
                            { p.label(lang) }{ " " }<code>{ p.as_str() }</code>
                            if !allowed && matches!(props.held, Held::Known(_)) { <span class="help why-disabled">{ t.tokens.permission_not_held }</span> }
                        </label>
                    }
                }) }
                if effective.is_empty() { <p class="help">{ t.tokens.choose_permission }</p> }
            </fieldset>
            <button id="generate-submit" type="submit" disabled={!checks.is_ok() || effective.is_empty() || phase.busy()}>{ t.tokens.create }</button>
            <PhaseView phase={(*phase).clone()} />
        </form>
    }
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

/// A token KSeF gave; `unconfirmed` says why its activation was not seen.
#[derive(Clone, Debug, PartialEq)]
pub struct Made {
    reference: String,
    token: String,
    unconfirmed: Option<Failure>,
}

#[derive(Properties, PartialEq)]
struct SecretProps {
    made: Made,
    copied: bool,
    on_copied: Callback<()>,
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
                if wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&token))
                    .await
                    .is_ok()
                {
                    on_copied.emit(());
                }
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
                if props.copied { <span id="copied" class="ok" role="status">{ t.common.copied }</span> }
            </div>
            <p class="help">{ t.tokens.works_once_active }</p>
            if let Some(why) = &props.made.unconfirmed {
                <p class="notice" id="token-unconfirmed" role="status">{ t.tokens.activation_unconfirmed }{ why.message(lang) }</p>
            }
            <button id="token-saved" type="button" onclick={done}>{ t.tokens.saved_it }</button>
        </section>
    }
}
