//! The crypto worker: its stages, and failures it or the page reports in both languages.

pub struct Worker {
    pub generating_key: &'static str,
    pub building_csr: &'static str,
    pub encrypting_key: &'static str,
    pub stopped: &'static str,
    pub unexpected_answer: &'static str,
    /// An answer that belongs to another request, by the answer's name.
    pub unexpected_event: fn(&str) -> String,
    pub file_damaged: &'static str,
    pub certificate_expired: fn(time::Date) -> String,
    pub load_offline_first: &'static str,
}
