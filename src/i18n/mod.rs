//! User-facing text: one struct, one file per language, so the compiler keeps them in step.

mod en;
mod pl;

use ksef_core::Lang;

pub struct Texts {
    pub app_name: &'static str,
    pub tagline: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_login: &'static str,
    pub nav_tokens: &'static str,
    pub nav_certificates: &'static str,
    pub nav_qr: &'static str,
    pub nav_sessions: &'static str,
    pub nav_settings: &'static str,
    pub environment: &'static str,
    pub language: &'static str,
    pub production_warning: &'static str,
    pub not_found: &'static str,
    pub settings_title: &'static str,
    pub relay_url: &'static str,
    pub relay_url_help: &'static str,
    pub relay_url_invalid: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
    pub login_title: &'static str,
    pub login_intro: &'static str,
    pub footer: &'static str,
    pub context_type: &'static str,
    pub context_value: &'static str,
    pub subject_type: &'static str,
    pub subject_certificate: &'static str,
    pub subject_fingerprint: &'static str,
    pub get_challenge: &'static str,
    pub working: &'static str,
    pub challenge_label: &'static str,
    pub download_auth_xml: &'static str,
    pub sign_guidance: &'static str,
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Pl => &pl::TEXTS,
        Lang::En => &en::TEXTS,
    }
}
