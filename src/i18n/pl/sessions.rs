use crate::i18n::Sessions;

pub const SESSIONS: Sessions = Sessions {
    log_in_first: "Najpierw się zaloguj.",
    active_in_context: "Aktywne sesje w kontekście ",
    started: "Rozpoczęta",
    number: "Numer",
    this_session: " (ta sesja)",
    end_sure: "Zakończyć tę sesję? ",
    yes_end: "Tak, zakończ",
    end: "Zakończ",
    refresh_failed:
        "Nie udało się odświeżyć tokena dostępu – zaloguj się ponownie, zanim wygaśnie. Powód: ",
};
