use crate::i18n::Pages;

pub const PAGES: Pages = Pages {
    login: "Logowanie",
    tokens: "Tokeny",
    permissions: "Uprawnienia",
    desk: "Biuro",
    certificates: "Certyfikaty",
    qr: "Kody QR",
    sessions: "Sesje",
    settings: "Ustawienia",
};
