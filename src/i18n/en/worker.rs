use crate::i18n::Worker;

pub const WORKER: Worker = Worker {
    generating_key: "Generating the key pair…",
    building_csr: "Building the CSR…",
    encrypting_key: "Encrypting the key with the password…",
    stopped: "The crypto worker stopped. Try again: it starts afresh.",
    mismatch: "Klucznik was updated meanwhile – reload the page",
    invalid_request: "The crypto worker could not read its task (a fault in Klucznik) – reload the page; if it repeats, report it",
    file_damaged: "The file is damaged",
    certificate_expired: |date| format!("The certificate expired on {date}"),
    load_offline_first: "Load an Offline certificate first",
    load_desk_certificate_first: "Load the certificate the desk logs in to clients with first",
    test_certificate_needs_nip: "A test certificate needs a context with a NIP (a NIP, an internal identifier or a NIP VAT UE)",
    test_certificate_failed: |detail| format!("Making the test certificate failed: {detail}"),
};
