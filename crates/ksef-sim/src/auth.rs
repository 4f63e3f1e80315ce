//! `/v2/auth/*`: challenge, status, redeem and refresh, plus what both login kinds share
//! (consuming a challenge, the asynchronous outcome, the 202 answer).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use ksef_core::api::auth::{
    AuthenticationInitResponse, AuthenticationOperationStatusResponse,
    AuthenticationTokenRefreshResponse, AuthenticationTokensResponse, ChallengeResponse,
};
use ksef_core::api::TokenInfo;
use ksef_core::datetime::DateTime;
use time::Duration;

use crate::access::{is_deceased, session_permissions, ClientIp};
use crate::errors::ApiError;
use crate::jwt::{bearer, Claims, TokenType};
use crate::model::{status, AuthOperation};
use crate::state::{context_key, IssuedChallenge, Sim, State as SimState};

pub const CHALLENGE_LIFETIME: Duration = Duration::minutes(10);
pub const AUTH_TOKEN_LIFETIME: Duration = Duration::minutes(45);
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::minutes(15);
pub const REFRESH_TOKEN_LIFETIME: Duration = Duration::days(7);

pub fn routes() -> Router<Sim> {
    Router::new()
        .route("/auth/challenge", post(challenge))
        .route("/auth/xades-signature", post(crate::xades_login::submit))
        .route("/auth/ksef-token", post(crate::token_login::submit))
        .route("/auth/{reference}", get(operation_status))
        .route("/auth/token/redeem", post(redeem))
        .route("/auth/token/refresh", post(refresh))
        .merge(crate::sessions::routes())
}

/// `POST /auth/challenge`: `timestamp` and `timestampMs` denote the same millisecond.
async fn challenge(State(sim): State<Sim>, ClientIp(ip): ClientIp) -> Json<ChallengeResponse> {
    let (timestamp, timestamp_ms) = sim.clock.now_ms();
    let challenge = sim.reference("CR");
    sim.state().challenges.insert(
        challenge.to_string(),
        IssuedChallenge {
            issued: timestamp,
            timestamp_ms,
            consumed: false,
        },
    );
    Json(ChallengeResponse {
        challenge: challenge.to_string(),
        timestamp,
        timestamp_ms,
        client_ip: ip,
    })
}

/// Finds and (by default) consumes a challenge; unknown, expired or used → 21111.
pub fn take_challenge(
    state: &mut SimState,
    challenge: &str,
    now: DateTime,
) -> Result<IssuedChallenge, ApiError> {
    let single_use = state.config.single_use_challenge;
    let invalid = |why: &str| ApiError::code(21111, [format!("Wyzwanie {challenge}: {why}.")]);
    let issued = state
        .challenges
        .get_mut(challenge)
        .ok_or_else(|| invalid("nie zostało wydane"))?;
    if issued.consumed {
        return Err(invalid("zostało już użyte"));
    }
    if single_use {
        issued.consumed = true;
    }
    if now > issued.issued + CHALLENGE_LIFETIME {
        return Err(invalid("wygasło (ważne 10 minut)"));
    }
    Ok(issued.clone())
}

/// The checks after a valid signature or token: blocked context, deceased person, permissions,
/// and a forced outcome. Returns the final status.
pub fn final_outcome(state: &mut SimState, op: &mut AuthOperation) {
    if op.outcome.code != 200 {
        return;
    }
    if let Some(code) = state.config.force_auth_status.take() {
        op.outcome = match code {
            550 => status(550, "Operacja została anulowana przez system", Some("Przetwarzanie zostało przerwane z przyczyn wewnętrznych systemu. Spróbuj ponownie później.")),
            c => status(c, "Nieznany błąd", None),
        };
        return;
    }
    op.outcome = if state.blocked_contexts.contains(&context_key(&op.context)) {
        status(480, "Uwierzytelnienie zablokowane", Some("Podejrzenie incydentu bezpieczeństwa. Skontaktuj się z Ministerstwem Finansów przez formularz zgłoszeniowy."))
    } else if is_deceased(state, &op.subject) {
        status(
            470,
            "Uwierzytelnianie zakończone niepowodzeniem",
            Some("Próba wykorzystania metod autoryzacyjnych osoby zmarłej"),
        )
    } else if op.permissions.is_empty() {
        status(
            415,
            "Uwierzytelnianie zakończone niepowodzeniem",
            Some("Brak przypisanych uprawnień"),
        )
    } else {
        status(200, "Uwierzytelnianie zakończone sukcesem", None)
    };
}

/// Records the operation and answers 202 with its authentication token.
pub fn accept(sim: &Sim, mut op: AuthOperation) -> (StatusCode, Json<AuthenticationInitResponse>) {
    let now = sim.now();
    let mut state = sim.state();
    op.permissions = match op.outcome.code {
        200 => op.permissions.clone(),
        _ => Default::default(),
    };
    final_outcome(&mut state, &mut op);
    op.ready_at = now + Duration::milliseconds(state.config.auth_delay_ms);
    let reference = op.reference.clone();
    state.operations.insert(reference.clone(), op);
    drop(state);
    let token = sim.token(
        TokenType::OperationToken,
        &reference,
        now + AUTH_TOKEN_LIFETIME,
    );
    (
        StatusCode::ACCEPTED,
        Json(AuthenticationInitResponse {
            reference_number: reference.parse().expect("we generated it"),
            authentication_token: token,
        }),
    )
}

impl Sim {
    pub fn token(&self, kind: TokenType, op: &str, until: DateTime) -> TokenInfo {
        let now = self.now();
        let claims = Claims {
            token_type: kind,
            operation: op.to_string(),
            iss: "ksef-api-ti".into(),
            aud: "ksef-api-ti".into(),
            iat: now.unix_timestamp(),
            exp: until.unix_timestamp(),
            jti: format!("{:032x}", rand::random::<u128>()),
        };
        // `validUntil` is the JWT's `exp`, to the second.
        TokenInfo {
            token: self.jwt.issue(&claims),
            valid_until: DateTime::from_unix_timestamp(claims.exp).expect("in range"),
        }
    }

    /// The operation a bearer token of `kind` belongs to.
    fn operation_of(
        &self,
        headers: &HeaderMap,
        kind: TokenType,
    ) -> Result<AuthOperation, ApiError> {
        let claims = self
            .jwt
            .check(bearer(headers)?, kind, self.now().unix_timestamp())?;
        self.operation(&claims.operation)
    }

    pub fn operation(&self, reference: &str) -> Result<AuthOperation, ApiError> {
        let op = self.state().operations.get(reference).cloned().ok_or_else(|| {
            ApiError::code(21304, [format!("Operacja uwierzytelniania o numerze referencyjnym {reference} nie została znaleziona.")])
        })?;
        Ok(op)
    }
}

pub fn status_response(op: &AuthOperation, now: DateTime) -> AuthenticationOperationStatusResponse {
    AuthenticationOperationStatusResponse {
        start_date: op.started,
        authentication_method: Some(op.method.into()),
        authentication_method_info: Some(op.method_info.clone()),
        status: op.status(now),
        is_token_redeemed: Some(op.redeemed),
        last_token_refresh_date: op.last_refresh,
        refresh_token_valid_until: op.refresh_valid_until,
    }
}

/// `GET /auth/{ref}` with that operation's authentication token.
async fn operation_status(
    State(sim): State<Sim>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Result<Json<AuthenticationOperationStatusResponse>, ApiError> {
    let own = sim.operation_of(&headers, TokenType::OperationToken)?;
    let op = sim.operation(&reference)?;
    if own.reference != op.reference {
        return Err(ApiError::Forbidden {
            reason_code: "insufficient-resource-access",
            detail: "Token uwierzytelniający dotyczy innej operacji.".into(),
            security: None,
        });
    }
    Ok(Json(status_response(&op, sim.now())))
}

fn not_authorized(detail: String) -> ApiError {
    ApiError::code(21301, [detail])
}

/// A KSeF token that has since been revoked stops redeem and refresh.
fn check_via_token(state: &SimState, op: &AuthOperation, now: DateTime) -> Result<(), ApiError> {
    let revoked = op
        .via_token
        .as_ref()
        .and_then(|r| state.tokens.get(r))
        .is_some_and(|t| t.revoked_at.is_some_and(|at| at <= now));
    if revoked {
        return Err(not_authorized(
            "Token KSeF użyty do uwierzytelnienia został unieważniony.".into(),
        ));
    }
    if is_deceased(state, &op.subject) {
        return Err(ApiError::code(21308, []));
    }
    Ok(())
}

/// `POST /auth/token/redeem`: once, after status 200.
async fn redeem(
    State(sim): State<Sim>,
    headers: HeaderMap,
) -> Result<Json<AuthenticationTokensResponse>, ApiError> {
    let op = sim.operation_of(&headers, TokenType::OperationToken)?;
    let now = sim.now();
    let code = op.status(now).code;
    if op.redeemed {
        return Err(not_authorized(format!(
            "Tokeny dla operacji uwierzytelniania {} zostały już pobrane.",
            op.reference
        )));
    }
    if code != 200 {
        return Err(not_authorized(format!(
            "Status uwierzytelniania ({code}) nie pozwala na pobranie tokenów."
        )));
    }
    let refresh_until = now + REFRESH_TOKEN_LIFETIME;
    {
        let mut state = sim.state();
        check_via_token(&state, &op, now)?;
        let stored = state.operations.get_mut(&op.reference).expect("just read");
        stored.redeemed = true;
        stored.refresh_valid_until = Some(refresh_until);
    }
    Ok(Json(AuthenticationTokensResponse {
        access_token: sim.token(
            TokenType::ContextToken,
            &op.reference,
            now + ACCESS_TOKEN_LIFETIME,
        ),
        refresh_token: sim.token(TokenType::RefreshToken, &op.reference, refresh_until),
    }))
}

/// `POST /auth/token/refresh`: a new access token; the session now has the permissions held now.
async fn refresh(
    State(sim): State<Sim>,
    headers: HeaderMap,
) -> Result<Json<AuthenticationTokenRefreshResponse>, ApiError> {
    let op = sim.operation_of(&headers, TokenType::RefreshToken)?;
    let now = sim.now();
    if op.revoked {
        return Err(not_authorized(
            "Sesja uwierzytelniania została unieważniona.".into(),
        ));
    }
    {
        let mut state = sim.state();
        check_via_token(&state, &op, now)?;
        let current = session_permissions(&state, &op);
        let stored = state.operations.get_mut(&op.reference).expect("just read");
        stored.last_refresh = Some(now);
        stored.permissions = current;
    }
    Ok(Json(AuthenticationTokenRefreshResponse {
        access_token: sim.token(
            TokenType::ContextToken,
            &op.reference,
            now + ACCESS_TOKEN_LIFETIME,
        ),
    }))
}
