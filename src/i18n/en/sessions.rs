use crate::i18n::Sessions;

pub const SESSIONS: Sessions = Sessions {
    log_in_first: "Log in first.",
    active_in_context: "Active sessions in context ",
    started: "Started",
    number: "Number",
    this_session: " (this session)",
    end_sure: "End this session? ",
    yes_end: "Yes, end it",
    end: "End",
    refresh_failed:
        "The access token could not be refreshed – log in again before it expires. Reason: ",
};
