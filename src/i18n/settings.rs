//! The settings page.

pub struct Settings {
    pub relay_url: &'static str,
    pub relay_url_help: &'static str,
    pub relay_url_invalid: &'static str,
    pub save: &'static str,
    pub saved: &'static str,
}
