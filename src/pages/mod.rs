//! One component per page.

mod certificates;
mod desk;
mod listing;
pub(crate) mod login;
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

/// Emits `refresh` 1.5 s after an answer that still has rows in a transitional state; keyed on
/// the question, so every answer that still finds such a row schedules the next ask.
#[hook]
pub fn use_poll<Q: PartialEq + Clone + 'static>(
    unsettled: bool,
    question: Q,
    refresh: Callback<()>,
) {
    use_effect_with((unsettled, question), move |(unsettled, _)| {
        let timer =
            unsettled.then(|| gloo_timers::callback::Timeout::new(1500, move || refresh.emit(())));
        move || drop(timer)
    });
}

/// Shows a machine's waits through `phase`: a 429 counts down, then `resume` is shown again; a
/// poll's pause changes nothing (as `login::progress::on_wait`, for pages that are reducers).
pub fn waits(
    phase: Callback<login::progress::Phase>,
    resume: login::progress::Activity,
) -> impl Fn(&ksef_core::flow::Waiting, u64) {
    use ksef_core::flow::Waiting;
    use login::progress::Phase;
    move |why, left| match why {
        Waiting::Polling => {}
        Waiting::RateLimited { .. } if left > 0 => phase.emit(Phase::RateLimited(left)),
        _ => phase.emit(Phase::Working(resume.clone())),
    }
}
