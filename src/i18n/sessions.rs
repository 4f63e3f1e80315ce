//! The context's active sessions.

pub struct Sessions {
    pub log_in_first: &'static str,
    pub active_in_context: &'static str,
    pub started: &'static str,
    pub number: &'static str,
    pub this_session: &'static str,
    pub end: &'static str,
    pub end_sure: &'static str,
    pub yes_end: &'static str,
    /// Before the reason the access token could not be refreshed.
    pub refresh_failed: &'static str,
}
