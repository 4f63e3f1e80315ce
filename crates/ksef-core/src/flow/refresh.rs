//! `POST /auth/token/refresh`: a new access token for the refresh token (the session stays).

use crate::api::auth::AuthenticationTokenRefreshResponse;

use super::{read, Attempt, Body, Call, Machine, Reply, RetryPolicy, Step};

/// `POST /auth/token/refresh` with the refresh token: a new access token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refresh {
    attempt: Attempt,
    over: Option<Step<AuthenticationTokenRefreshResponse>>,
}

impl Refresh {
    pub fn new(refresh_token: &str) -> Refresh {
        Refresh::with_policy(refresh_token, RetryPolicy::default())
    }

    pub fn with_policy(refresh_token: &str, policy: RetryPolicy) -> Refresh {
        let call = Call::post("/auth/token/refresh", Body::Empty).bearer(refresh_token);
        Refresh {
            attempt: Attempt::new(call, policy),
            over: None,
        }
    }
}

impl Machine for Refresh {
    type Output = AuthenticationTokenRefreshResponse;
    type Need = std::convert::Infallible;

    fn step(&mut self, now: u64) -> Step<AuthenticationTokenRefreshResponse> {
        match &self.over {
            Some(step) => step.clone(),
            None => self.attempt.step(now),
        }
    }

    fn receive(&mut self, reply: Reply, now: u64) {
        if self.over.is_some() {
            return;
        }
        if let Some(r) = self.attempt.receive(reply, now) {
            self.over = Some(match read(&r) {
                Ok(tokens) => Step::Done(tokens),
                Err(f) => Step::Failed(f),
            });
        }
    }
}
