//! Words and pieces that several pages share.

pub struct Common {
    /// BCP 47 locale for dates the browser formats.
    pub date_locale: &'static str,
    /// Next to a value from KSeF that is newer than Klucznik.
    pub unknown_value_hint: &'static str,
    pub ksef_token: &'static str,
    pub ksef_certificate: &'static str,
    pub log_in: &'static str,
    pub log_out: &'static str,
    pub context: &'static str,
    pub context_identifier: &'static str,
    pub method: &'static str,
    pub status: &'static str,
    pub actions: &'static str,
    pub details: &'static str,
    pub revoke: &'static str,
    pub yes_revoke: &'static str,
    pub no: &'static str,
    /// A filter's option for any value.
    pub all: &'static str,
    pub first_page: &'static str,
    pub next_page: &'static str,
    pub previous_page: &'static str,
    pub copied: &'static str,
    /// The key file label, around the file extensions the component marks up: the start,
    pub key_files_start: &'static str,
    /// between `.pem` and `.der`,
    pub key_files_or: &'static str,
    /// and before `.p12`.
    pub key_files_or_file: &'static str,
    /// Before the name of a loaded certificate file.
    pub certificate_loaded: &'static str,
    /// What the browser's storage (IndexedDB) did not give back: none here,
    pub storage_unavailable: &'static str,
    /// an older Klucznik in another tab holds it,
    pub storage_blocked: &'static str,
    /// a value this version cannot read (moved aside),
    pub storage_unreadable: &'static str,
    /// or a newer Klucznik in another tab has upgraded it.
    pub storage_newer: &'static str,
}
