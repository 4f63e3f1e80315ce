//! The Settings form as a reducer: the relay address being typed, and whether it was saved.

use std::rc::Rc;

use yew::Reducible;

use crate::settings::Settings;

#[derive(Clone, Debug, PartialEq)]
pub struct SettingsForm {
    pub draft: String,
    pub saved: bool,
}

pub enum Action {
    Type(String),
    /// "Save" pressed; saved only when the address is valid.
    Save,
}

impl SettingsForm {
    pub fn new(relay_url: &str) -> SettingsForm {
        SettingsForm {
            draft: relay_url.to_string(),
            saved: false,
        }
    }

    pub fn valid(&self) -> bool {
        Settings::relay_url_is_valid(&self.draft)
    }
}

impl Reducible for SettingsForm {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Type(draft) => {
                s.draft = draft;
                s.saved = false;
            }
            Action::Save => s.saved = s.valid(),
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: SettingsForm, actions: impl IntoIterator<Item = Action>) -> SettingsForm {
        let mut s = Rc::new(s);
        for a in actions {
            s = s.reduce(a);
        }
        (*s).clone()
    }

    #[test]
    fn a_valid_address_is_saved_and_typing_again_clears_the_mark() {
        let s = run(
            SettingsForm::new(""),
            [Action::Type("https://relay.example".into()), Action::Save],
        );
        assert!(s.saved);
        let s = run(s, [Action::Type("https://relay.example/x".into())]);
        assert!(!s.saved);
    }

    #[test]
    fn an_invalid_address_is_not_saved() {
        let s = run(
            SettingsForm::new(""),
            [Action::Type("not a url".into()), Action::Save],
        );
        assert!(!s.valid());
        assert!(!s.saved);
    }
}
