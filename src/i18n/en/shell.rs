use crate::i18n::Shell;

pub const SHELL: Shell = Shell {
    app_name: "Klucznik",
    document_title: "Klucznik – KSeF tokens and certificates",
    back_to_start: "Go to logging in",
    tagline: "KSeF tokens and certificates in your browser",
    skip_to_content: "Skip to content",
    nav_label: "Main menu",
    environment: "Environment",
    language: "Language",
    production_warning: "Production environment: operations have legal effect.",
    not_found: "No such page.",
    footer: "Your private key, password and KSeF token never leave this browser tab.",
    offline_start: "You are offline. What works without the network: ",
    offline_qr_link: "QR codes for invoices",
    offline_rest: " (code I from the invoice file, code II with an Offline certificate loaded in this tab). Logging in, KSeF tokens and KSeF certificates wait for the connection.",
    loading_app: "Loading the rest of Klucznik…",
    app_failed: "The rest of Klucznik's pages could not be loaded. Check your network connection and try again.",
    try_again: "Try again",
};
