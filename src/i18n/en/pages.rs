use crate::i18n::Pages;

pub const PAGES: Pages = Pages {
    login: "Log in",
    tokens: "Tokens",
    permissions: "Permissions",
    desk: "Office",
    certificates: "Certificates",
    qr: "QR codes",
    sessions: "Sessions",
    settings: "Settings",
};
