//! Page frame: header with environment and language, navigation, main area, footer.

use ksef_core::environment::Environment;
use ksef_core::Lang;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::use_settings;
use crate::i18n::texts;
use crate::route::Route;
use crate::settings::SettingsAction;

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    pub children: Html,
    /// The office desk's client switcher; the first-visit app has no desk, so none.
    #[prop_or_default]
    pub switcher: Html,
}

/// One navigation link; the current page is marked for screen readers and styles.
fn nav_item(to: Route, label: &'static str, current: Option<Route>) -> Html {
    let here = current == Some(to);
    html! {
        <li>
            <Link<Route> {to} classes={classes!(here.then_some("active"))}>
                <span aria-current={here.then_some("page")}>{ label }</span>
            </Link<Route>>
        </li>
    }
}

#[function_component(Shell)]
pub fn shell(props: &ShellProps) -> Html {
    let settings = use_settings();
    let current = use_route::<Route>();
    let t = texts(settings.lang);
    let env = settings.env;
    let on_env = {
        let settings = settings.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(env) = Environment::from_segment(&value) {
                settings.dispatch(SettingsAction::SetEnv(env));
            }
        })
    };
    let lang_button = |lang: Lang| {
        let pressed = (settings.lang == lang).to_string();
        let settings = settings.clone();
        let onclick = Callback::from(move |_| settings.dispatch(SettingsAction::SetLang(lang)));
        html! { <button type="button" class="lang" aria-pressed={pressed} {onclick}>{ lang.code().to_uppercase() }</button> }
    };
    html! {
        <div class={classes!("app", env.is_production().then_some("env-prod"))}>
            <a class="skip" href="#main">{ t.shell.skip_to_content }</a>
            <header class="top">
                <div class="brand">
                    <h1>{ t.shell.app_name }</h1>
                    <p class="tagline">{ t.shell.tagline }</p>
                </div>
                <div class="controls">
                    { props.switcher.clone() }
                    <label>
                        <span>{ t.shell.environment }</span>
                        <select id="env" onchange={on_env}>
                            { for Environment::ALL.iter().map(|e| html! {
                                <option value={e.segment()} selected={*e == env}>{ e.label(settings.lang) }</option>
                            }) }
                        </select>
                    </label>
                    <div class="langs" role="group" aria-label={t.shell.language}>
                        { lang_button(Lang::Pl) }
                        { lang_button(Lang::En) }
                    </div>
                </div>
            </header>
            <super::offline::OfflineBanner />
            if env.is_production() {
                <p class="banner prod" role="alert">{ t.shell.production_warning }</p>
            }
            <nav aria-label={t.shell.nav_label}>
                <ul>
                    { for [
                        (Route::Login, t.pages.login),
                        (Route::Tokens, t.pages.tokens),
                        (Route::Certificates, t.pages.certificates),
                        (Route::Permissions, t.pages.permissions),
                        (Route::Desk, t.pages.desk),
                        (Route::Qr, t.pages.qr),
                        (Route::Sessions, t.pages.sessions),
                        (Route::Settings, t.pages.settings),
                    ].into_iter().map(|(to, label)| nav_item(to, label, current)) }
                </ul>
            </nav>
            <main id="main" tabindex="-1">{ props.children.clone() }</main>
            <footer>{ t.shell.footer }</footer>
        </div>
    }
}
