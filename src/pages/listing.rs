//! What the list pages share: a list remembers the question it asked, and an answer to an older
//! question is dropped, so a slow fetch cannot overwrite a newer one (filters or page changed
//! meanwhile); and a revocation goes Idle → Asking → Running → Idle or Failed, each step visible.
//! Pure, so tested natively; the pages' effects do the I/O.

use ksef_core::flow::Failure;

/// One list: its current question, the last answer (kept on screen while asking again, so a
/// refresh does not blink), and why the last question failed.
#[derive(Clone, Debug, PartialEq)]
pub struct Listing<Q, A> {
    pub question: Q,
    pub answer: Option<A>,
    pub failure: Option<Failure>,
    /// The question is not answered yet.
    pub waiting: bool,
}

impl<Q: PartialEq, A> Listing<Q, A> {
    pub fn new(question: Q) -> Listing<Q, A> {
        Listing {
            question,
            answer: None,
            failure: None,
            waiting: true,
        }
    }

    /// Asks `question` (the page's effect fetches whenever the question changes).
    pub fn ask(&mut self, question: Q) {
        self.question = question;
        self.waiting = true;
    }

    /// Takes the answer to `question`; `false` (and nothing changes) when it is not the
    /// question asked now.
    pub fn answered(&mut self, question: &Q, answer: Result<A, Failure>) -> bool {
        if *question != self.question {
            return false;
        }
        self.waiting = false;
        match answer {
            Ok(a) => {
                self.answer = Some(a);
                self.failure = None;
            }
            Err(f) => self.failure = Some(f),
        }
        true
    }
}

/// Revoking a row (a token, a certificate, a session) after "Yes"; `R` is what the user chose
/// with it (a certificate's reason).
#[derive(Clone, Debug, PartialEq)]
pub enum Revocation<R> {
    Idle,
    Asking { id: String, choice: R },
    Running { id: String, choice: R },
    Failed { id: String, failure: Failure },
}

impl<R: Clone> Revocation<R> {
    pub fn running(&self) -> bool {
        matches!(self, Revocation::Running { .. })
    }

    /// The row whose confirmation is open.
    pub fn asking(&self) -> Option<(&str, &R)> {
        match self {
            Revocation::Asking { id, choice } => Some((id, choice)),
            _ => None,
        }
    }

    /// "Revoke" pressed on `id`; ignored while another revocation runs.
    pub fn ask(&mut self, id: String, choice: R) {
        if !self.running() {
            *self = Revocation::Asking { id, choice };
        }
    }

    pub fn choose(&mut self, choice: R) {
        if let Revocation::Asking { id, .. } = self {
            *self = Revocation::Asking {
                id: std::mem::take(id),
                choice,
            };
        }
    }

    /// "Yes": runs what was being asked.
    pub fn confirm(&mut self) {
        if let Revocation::Asking { id, choice } = self {
            *self = Revocation::Running {
                id: std::mem::take(id),
                choice: choice.clone(),
            };
        }
    }

    pub fn cancel(&mut self) {
        if !self.running() {
            *self = Revocation::Idle;
        }
    }

    /// The end of the revocation of `id`; `true` when it succeeded (the list is asked again).
    pub fn ended(&mut self, id: &str, end: Result<(), Failure>) -> bool {
        match self {
            Revocation::Running { id: running, .. } if running == id => {}
            // Not the one running (cannot happen with one at a time): nothing to show.
            _ => return false,
        }
        match end {
            Ok(()) => {
                *self = Revocation::Idle;
                true
            }
            Err(failure) => {
                *self = Revocation::Failed {
                    id: id.to_string(),
                    failure,
                };
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_to_an_older_question_is_dropped() {
        let mut l = Listing::<u32, &str>::new(1);
        l.ask(2);
        assert!(!l.answered(&1, Ok("old")));
        assert_eq!((l.answer, l.waiting), (None, true));
        assert!(l.answered(&2, Ok("new")));
        assert_eq!((l.answer, l.waiting), (Some("new"), false));
    }

    #[test]
    fn a_failure_keeps_the_last_answer_and_a_later_answer_clears_it() {
        let mut l = Listing::<u32, &str>::new(1);
        l.answered(&1, Ok("rows"));
        l.ask(2);
        assert!(l.answered(&2, Err(Failure::Network)));
        assert_eq!(l.failure, Some(Failure::Network));
        assert_eq!(l.answer, Some("rows"));
        l.ask(3);
        l.answered(&3, Ok("more"));
        assert_eq!(l.failure, None);
    }

    #[test]
    fn a_revocation_asks_runs_and_ends() {
        let mut r = Revocation::<u8>::Idle;
        r.ask("a".into(), 0);
        r.choose(2);
        assert_eq!(r.asking(), Some(("a", &2)));
        r.confirm();
        assert!(r.running());
        // Another "Revoke" or "No" while it runs changes nothing.
        r.ask("b".into(), 0);
        r.cancel();
        assert!(r.running());
        assert!(!r.ended("b", Ok(())));
        assert!(r.ended("a", Ok(())));
        assert_eq!(r, Revocation::Idle);
    }

    #[test]
    fn a_failed_revocation_is_kept_to_be_shown() {
        let mut r = Revocation::<()>::Idle;
        r.ask("a".into(), ());
        r.cancel();
        assert_eq!(r, Revocation::Idle);
        r.confirm();
        assert_eq!(r, Revocation::Idle, "nothing asked, nothing runs");
        r.ask("a".into(), ());
        r.confirm();
        assert!(!r.ended("a", Err(Failure::Network)));
        assert!(matches!(r, Revocation::Failed { ref id, .. } if id == "a"));
        r.ask("b".into(), ());
        assert_eq!(r.asking(), Some(("b", &())));
    }
}
