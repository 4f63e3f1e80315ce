//! Logging in to KSeF: three methods on tabs, or the session once logged in.

mod certificate;
pub(crate) mod progress;
mod run;
mod signed_file;
mod target;
mod token;

use yew::prelude::*;

use crate::app::use_settings;
use crate::i18n::texts;
use crate::session::use_session;

#[derive(Clone, Copy, PartialEq)]
enum Method {
    SignedFile,
    Certificate,
    Token,
}

#[function_component(LoginPage)]
pub fn login_page() -> Html {
    let settings = use_settings();
    let session = use_session();
    let lang = settings.lang;
    let t = texts(lang);
    // A certificate offered by the certificates page opens its tab.
    let offered = crate::handover::use_handover().certificate.is_some();
    let method = use_state(|| match offered {
        true => Method::Certificate,
        false => Method::SignedFile,
    });
    // A test certificate made for this login: still named once logged in.
    let test_files = use_state(|| None::<certificate::TestFiles>);
    {
        // The files belong to the login they were made for: a logout forgets them.
        let test_files = test_files.clone();
        use_effect_with(session.is_some(), move |logged_in| {
            if !*logged_in {
                test_files.set(None);
            }
        });
    }
    if let Some(s) = &*session {
        return html! { <LoggedIn session={s.clone()} test_files={(*test_files).clone()} /> };
    }
    let on_test_files = {
        let test_files = test_files.clone();
        Callback::from(move |f| test_files.set(Some(f)))
    };
    let tab = |m: Method, id: &'static str, label: &'static str| {
        let method = method.clone();
        let selected = *method == m;
        html! {
            <button type="button" role="tab" id={id} aria-selected={selected.to_string()} class={classes!("tab", selected.then_some("active"))}
                onclick={Callback::from(move |_| method.set(m))}>{ label }</button>
        }
    };
    html! {
        <section class="card">
            <h2>{ t.login.title }</h2>
            <p>{ t.login.intro }</p>
            <div role="tablist" class="tabs" aria-label={t.login.methods}>
                { tab(Method::SignedFile, "tab-signed-file", t.login.signed_file) }
                { tab(Method::Certificate, "tab-certificate", t.common.ksef_certificate) }
                { tab(Method::Token, "tab-token", t.common.ksef_token) }
            </div>
            <div role="tabpanel">
                { match *method {
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
