//! English: one file per area.

mod certificates;
mod common;
mod desk;
mod login;
mod methods;
mod pages;
mod permissions;
mod qr;
mod sessions;
mod settings;
mod shell;
mod tokens;
mod worker;

use super::Texts;

pub const TEXTS: Texts = Texts {
    common: common::COMMON,
    shell: shell::SHELL,
    pages: pages::PAGES,
    settings: settings::SETTINGS,
    login: login::LOGIN,
    methods: methods::METHODS,
    tokens: tokens::TOKENS,
    permissions: permissions::PERMISSIONS,
    desk: desk::DESK,
    certificates: certificates::CERTIFICATES,
    qr: qr::QR,
    sessions: sessions::SESSIONS,
    worker: worker::WORKER,
};
