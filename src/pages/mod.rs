//! One component per page.

mod certificates;
mod login;
mod not_ready;
mod sessions;
mod settings_page;
mod tokens;

use yew::prelude::*;

use crate::route::Route;

pub fn switch(route: Route) -> Html {
    match route {
        Route::Login => html! { <login::LoginPage /> },
        Route::Sessions => html! { <sessions::SessionsPage /> },
        Route::Tokens => html! { <tokens::TokensPage /> },
        Route::Certificates => html! { <certificates::CertificatesPage /> },
        Route::Settings => html! { <settings_page::SettingsPage /> },
        Route::NotFound => html! { <not_ready::NotFound /> },
    }
}
