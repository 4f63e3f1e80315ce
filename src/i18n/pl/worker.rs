use crate::i18n::Worker;

pub const WORKER: Worker = Worker {
    generating_key: "Generowanie pary kluczy…",
    building_csr: "Tworzenie wniosku CSR…",
    encrypting_key: "Szyfrowanie klucza hasłem…",
    stopped: "Moduł kryptograficzny przerwał pracę. Spróbuj ponownie – zostanie uruchomiony od nowa.",
    mismatch: "Klucznik został w międzyczasie zaktualizowany – odśwież stronę",
    invalid_request: "Moduł kryptograficzny nie mógł odczytać zlecenia (błąd Klucznika) – odśwież stronę; jeśli się powtarza, zgłoś to",
    file_damaged: "Plik jest uszkodzony",
    certificate_expired: |date| format!("Certyfikat wygasł {date}"),
    load_offline_first: "Najpierw wczytaj certyfikat Offline",
    load_desk_certificate_first: "Najpierw wczytaj certyfikat, którym biuro loguje się do klientów",
    test_certificate_needs_nip: "Certyfikat testowy wymaga kontekstu z numerem NIP (NIP, identyfikator wewnętrzny albo NIP VAT UE)",
    test_certificate_failed: |detail| format!("Nie udało się utworzyć certyfikatu testowego: {detail}"),
};
