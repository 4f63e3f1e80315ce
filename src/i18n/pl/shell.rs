use crate::i18n::Shell;

pub const SHELL: Shell = Shell {
    app_name: "Klucznik",
    document_title: "Klucznik – tokeny i certyfikaty KSeF",
    back_to_start: "Przejdź do logowania",
    tagline: "Tokeny i certyfikaty KSeF w przeglądarce",
    skip_to_content: "Przejdź do treści",
    nav_label: "Główne menu",
    environment: "Środowisko",
    language: "Język",
    production_warning: "Środowisko produkcyjne: operacje mają skutki prawne.",
    not_found: "Nie ma takiej strony.",
    footer: "Klucz prywatny, hasło i token KSeF nigdy nie opuszczają tej karty przeglądarki.",
    offline_start: "Brak połączenia z siecią. Bez sieci działają ",
    offline_qr_link: "kody QR do faktur",
    offline_rest: " (kod I z pliku faktury, kod II z certyfikatem Offline wczytanym w tej karcie). Logowanie, tokeny i certyfikaty KSeF poczekają na połączenie.",
    loading_app: "Wczytywanie pozostałych stron Klucznika…",
    app_failed: "Nie udało się wczytać pozostałych stron Klucznika. Sprawdź połączenie z siecią i spróbuj ponownie.",
    try_again: "Spróbuj ponownie",
};
