//! English: one file per area.

mod common;
mod login;
mod methods;
mod pages;
mod settings;
mod shell;
mod worker;

use super::Texts;

pub const TEXTS: Texts = Texts {
    common: common::COMMON,
    shell: shell::SHELL,
    pages: pages::PAGES,
    settings: settings::SETTINGS,
    login: login::LOGIN,
    methods: methods::METHODS,
    worker: worker::WORKER,
};
