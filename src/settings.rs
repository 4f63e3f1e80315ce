//! Settings the user chooses: language, KSeF environment and relay address.
//! Kept in localStorage: none of them is a secret.

use std::rc::Rc;

use ksef_core::environment::Environment;
use ksef_core::Lang;
use yew::Reducible;

const STORAGE_KEY: &str = "klucznik.settings";

#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    pub lang: Lang,
    pub env: Environment,
    /// Empty: the relay is the origin the app was served from.
    pub relay_url: String,
}

pub enum SettingsAction {
    SetLang(Lang),
    SetEnv(Environment),
    SetRelayUrl(String),
}

impl Reducible for Settings {
    type Action = SettingsAction;

    fn reduce(self: Rc<Self>, action: SettingsAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            SettingsAction::SetLang(l) => next.lang = l,
            SettingsAction::SetEnv(e) => next.env = e,
            SettingsAction::SetRelayUrl(u) => {
                next.relay_url = u.trim().trim_end_matches('/').to_string()
            }
        }
        Rc::new(next)
    }
}

impl Settings {
    /// The base URL for API calls in the chosen environment, through the relay.
    pub fn api_base(&self) -> String {
        format!("{}/{}/v2", self.relay_url, self.env.segment())
    }

    /// A relay address must be an absolute http(s) URL or empty (same origin).
    pub fn relay_url_is_valid(url: &str) -> bool {
        let url = url.trim();
        url.is_empty() || url.starts_with("http://") || url.starts_with("https://")
    }

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn load() -> Settings {
        let stored = Self::storage().and_then(|s| s.get_item(STORAGE_KEY).ok()?);
        stored
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_else(|| {
                let host = web_sys::window().and_then(|w| w.location().hostname().ok());
                Settings {
                    env: first_environment(host.as_deref().unwrap_or_default()),
                    ..Settings::default()
                }
            })
    }

    pub fn save(&self) {
        if let (Some(s), Ok(json)) = (Self::storage(), serde_json::to_string(self)) {
            // Storage can be full or disabled (private mode); settings then last for the tab only.
            let _ = s.set_item(STORAGE_KEY, &json);
        }
    }
}

/// A first visit's environment: the simulator where `cargo xtask run` serves the app (loopback);
/// KSeF TEST on a hosted relay, whose simulator is off by default.
pub fn first_environment(host: &str) -> Environment {
    match host {
        "127.0.0.1" | "localhost" | "[::1]" | "::1" => Environment::Sim,
        _ => Environment::Test,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reducer_and_api_base() {
        let s = Rc::new(Settings::default());
        let s = s.reduce(SettingsAction::SetEnv(Environment::Test));
        let s = s.reduce(SettingsAction::SetRelayUrl(
            " https://relay.example/ ".into(),
        ));
        assert_eq!(s.api_base(), "https://relay.example/test/v2");
        assert!(Settings::relay_url_is_valid(""));
        assert!(!Settings::relay_url_is_valid("ftp://x"));
    }

    #[test]
    fn a_hosted_app_starts_on_test_a_local_one_on_the_simulator() {
        assert_eq!(first_environment("127.0.0.1"), Environment::Sim);
        assert_eq!(first_environment("localhost"), Environment::Sim);
        assert_eq!(first_environment("klucznik.example.pl"), Environment::Test);
    }
}
