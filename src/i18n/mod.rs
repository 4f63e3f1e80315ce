//! User-facing text: one struct per area, and per language one file per area that fills it, so
//! the compiler keeps the languages in step. A text used in several places is one entry.
//! Formatted texts are `fn` fields; texts around markup are split, the markup stays in the
//! component.

mod certificates;
mod common;
mod desk;
mod en;
mod login;
mod methods;
mod pages;
mod permissions;
mod pl;
mod qr;
mod sessions;
mod settings;
mod shell;
mod tokens;
mod worker;

pub use certificates::Certificates;
pub use common::Common;
pub use desk::Desk;
pub use login::Login;
pub use methods::Methods;
pub use pages::Pages;
pub use permissions::Permissions;
pub use qr::Qr;
pub use sessions::Sessions;
pub use settings::Settings;
pub use shell::Shell;
pub use tokens::Tokens;
pub use worker::Worker;

use ksef_core::Lang;

pub struct Texts {
    pub common: Common,
    pub shell: Shell,
    pub pages: Pages,
    pub settings: Settings,
    pub login: Login,
    pub methods: Methods,
    pub tokens: Tokens,
    pub permissions: Permissions,
    pub desk: Desk,
    pub certificates: Certificates,
    pub qr: Qr,
    pub sessions: Sessions,
    pub worker: Worker,
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Pl => &pl::TEXTS,
        Lang::En => &en::TEXTS,
    }
}
