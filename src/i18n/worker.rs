//! The crypto worker: its stages, and its own failures (ksef-core's errors word themselves).

pub struct Worker {
    pub generating_key: &'static str,
    pub building_csr: &'static str,
    pub encrypting_key: &'static str,
    pub stopped: &'static str,
    pub mismatch: &'static str,
    pub invalid_request: &'static str,
    pub file_damaged: &'static str,
    pub certificate_expired: fn(time::Date) -> String,
    pub load_offline_first: &'static str,
    pub load_desk_certificate_first: &'static str,
    pub test_certificate_needs_nip: &'static str,
    /// Building a test certificate failed, with the encoder's (technical) words.
    pub test_certificate_failed: fn(&str) -> String,
}
