use crate::i18n::Worker;

pub const WORKER: Worker = Worker {
    generating_key: "Generating the key pair…",
    building_csr: "Building the CSR…",
    encrypting_key: "Encrypting the key with the password…",
    stopped: "The crypto worker stopped",
    unexpected_answer: "Unexpected answer",
    unexpected_event: |name| format!("Unexpected answer from the crypto worker ({name})"),
    file_damaged: "The file is damaged",
    certificate_expired: |date| format!("The certificate expired on {date}"),
    load_offline_first: "Load an Offline certificate first",
};
