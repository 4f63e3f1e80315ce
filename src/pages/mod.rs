//! One component per page.

mod certificates;
mod desk;
mod login;
mod not_found;
pub mod permissions;
mod qr;
mod sessions;
mod settings_page;
mod tokens;

use yew::prelude::*;

use crate::route::Route;

pub fn switch(route: Route) -> Html {
    match route {
        Route::Login => html! { <login::LoginPage /> },
        Route::Qr => html! { <qr::QrPage /> },
        Route::Sessions => html! { <sessions::SessionsPage /> },
        Route::Tokens => html! { <tokens::TokensPage /> },
        Route::Permissions => html! { <permissions::PermissionsPage /> },
        Route::Desk => html! { <desk::DeskPage /> },
        Route::Certificates => html! { <certificates::CertificatesPage /> },
        Route::Settings => html! { <settings_page::SettingsPage /> },
        Route::NotFound => html! { <not_found::NotFound /> },
    }
}

/// Bumps `reload` every 1.5 s while `unsettled` (rows in a transitional state); keyed on the
/// reload count so every fetch that still finds such a row schedules the next one.
#[hook]
pub fn use_poll_while(unsettled: bool, reload: &UseStateHandle<u32>) {
    let reload = reload.clone();
    use_effect_with((unsettled, *reload), move |(unsettled, _)| {
        let timer = unsettled
            .then(|| gloo_timers::callback::Timeout::new(1500, move || reload.set(*reload + 1)));
        move || drop(timer)
    });
}
