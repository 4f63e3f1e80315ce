use crate::i18n::Worker;

pub const WORKER: Worker = Worker {
    generating_key: "Generowanie pary kluczy…",
    building_csr: "Tworzenie wniosku CSR…",
    encrypting_key: "Szyfrowanie klucza hasłem…",
    stopped: "Moduł kryptograficzny przerwał pracę",
    unexpected_answer: "Nieoczekiwana odpowiedź",
    unexpected_event: |name| format!("Nieoczekiwana odpowiedź modułu kryptograficznego ({name})"),
    file_damaged: "Plik jest uszkodzony",
    certificate_expired: |date| format!("Certyfikat wygasł {date}"),
    load_offline_first: "Najpierw wczytaj certyfikat Offline",
};
