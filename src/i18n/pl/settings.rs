use crate::i18n::Settings;

pub const SETTINGS: Settings = Settings {
    relay_url: "Adres przekaźnika (relay)",
    relay_url_help: "Puste pole oznacza ten sam adres, z którego wczytano aplikację. KSeF widzi adres IP przekaźnika, nie Twój.",
    relay_url_invalid: "Podaj adres zaczynający się od http:// lub https://",
    save: "Zapisz",
    saved: "Zapisano",
};
