//! Logging in to KSeF: three methods on tabs, or the session once logged in.

mod certificate;
pub(crate) mod progress;
mod run;

pub use run::running;
mod signed_file;
mod state;
mod target;
#[cfg(test)]
mod tests;
mod token;

use yew::prelude::*;

use crate::app::use_settings;
use crate::components::on;
use crate::i18n::texts;
use crate::session::use_session;
use state::{LoginAction, LoginState, Method};

#[function_component(LoginPage)]
pub fn login_page() -> Html {
    let settings = use_settings();
    let session = use_session();
    let lang = settings.lang;
    let t = texts(lang);
    let offered = crate::handover::use_handover().certificate.is_some();
    let state = use_reducer(|| LoginState::new(offered));
    {
        let d = state.dispatcher();
        use_effect_with(session.is_some(), move |logged_in| {
            if !*logged_in {
                d.dispatch(LoginAction::LoggedOut);
            }
        });
    }
    if let Some(s) = &*session {
        return html! { <LoggedIn session={s.clone()} test_files={state.test_files.clone()} /> };
    }
    let label = |m: Method| match m {
        Method::SignedFile => t.login.signed_file,
        Method::Certificate => t.common.ksef_certificate,
        Method::Token => t.common.ksef_token,
    };
    let tab = |m: Method| {
        let selected = state.method == m;
        html! {
            <button type="button" role="tab" id={m.tab_id()} aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("active"))}
                onclick={on(&state.dispatcher(), move |_: MouseEvent| LoginAction::Choose(m))}>{ label(m) }</button>
        }
    };
    let on_test_files = on(&state.dispatcher(), LoginAction::TestFiles);
    html! {
        <section class="card">
            <h2>{ t.login.title }</h2>
            <p>{ t.login.intro }</p>
            <div role="tablist" class="tabs" aria-label={t.login.methods}>
                { for Method::ALL.into_iter().map(tab) }
            </div>
            <div role="tabpanel">
                { match state.method {
                    Method::SignedFile => html! { <signed_file::SignedFileLogin /> },
                    Method::Certificate => html! { <certificate::CertificateLogin {on_test_files} /> },
                    Method::Token => html! { <token::TokenLogin /> },
                } }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LoggedInProps {
    session: crate::session::Session,
    test_files: Option<certificate::TestFiles>,
}

/// Who is logged in, until when, and the way out.
#[function_component(LoggedIn)]
fn logged_in(props: &LoggedInProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let session = use_session();
    let s = &props.session;
    let logout = {
        let (session, s) = (session.clone(), s.clone());
        Callback::from(move |_: MouseEvent| {
            let (session, s) = (session.clone(), s.clone());
            wasm_bindgen_futures::spawn_local(async move {
                // Ending the session on KSeF's side is best effort: forget the tokens either way.
                let _ = crate::api::end_session(&s.base, &s.access.token, None).await;
                session.set(None);
            });
        })
    };
    let until = |t: &ksef_core::datetime::DateTime| {
        let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            (t.unix_timestamp() * 1000) as f64,
        ));
        String::from(d.to_locale_string(
            texts(lang).common.date_locale,
            &wasm_bindgen::JsValue::UNDEFINED,
        ))
    };
    html! {
        <section class="card" id="logged-in">
            <h2>{ t.login.logged_in }</h2>
            <dl class="facts">
                <dt>{ t.common.context }</dt>
                <dd id="session-context">{ format!("{} {}", s.context.kind.label(lang), s.context.value) }</dd>
                <dt>{ t.common.method }</dt>
                <dd id="session-method">{ s.method.label(lang) }</dd>
                <dt>{ t.login.access_valid_until }</dt>
                <dd>{ until(&s.access.valid_until) }{ t.login.refreshed_automatically }</dd>
                <dt>{ t.login.session_valid_until }</dt>
                <dd>{ until(&s.refresh.valid_until) }</dd>
                <dt>{ t.login.operation_number }</dt>
                <dd><code>{ &s.reference }</code></dd>
            </dl>
            if let Some(files) = &props.test_files {
                <certificate::TestFilesNotice files={files.clone()} />
            }
            <button id="logout" type="button" onclick={logout}>{ t.common.log_out }</button>
        </section>
    }
}
