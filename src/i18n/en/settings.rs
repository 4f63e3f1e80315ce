use crate::i18n::Settings;

pub const SETTINGS: Settings = Settings {
    relay_url: "Relay address",
    relay_url_help: "Empty means the address the app was loaded from. KSeF sees the relay's IP address, not yours.",
    relay_url_invalid: "Enter an address starting with http:// or https://",
    save: "Save",
    saved: "Saved",
};
