//! KSeF error bodies in both shapes. Handlers return [`ApiError`]; the [`render`] middleware,
//! which sees the request, picks legacy JSON or Problem Details (`X-Error-Format`) and echoes
//! `X-Test-System-Warning` as `X-System-Warning`. [`json_body`] reads request bodies the way
//! KSeF 2.9.0 tells its two failures apart: unreadable (21001) or of the wrong shape (21405).

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use ksef_core::datetime::format_ksef;
use rand::RngCore;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use time::OffsetDateTime;

/// An error a handler answers with; rendered by [`render`].
#[derive(Clone, Debug)]
pub enum ApiError {
    BadRequest {
        code: i32,
        details: Vec<String>,
    },
    Unauthorized(String),
    Forbidden {
        reason_code: &'static str,
        detail: String,
        security: Option<Value>,
    },
    /// 403 `security-service-blocked` from KSeF's security layer: the one 403 that comes
    /// without `timestamp`, which 2.9.0 made optional.
    SecurityBlocked {
        incident_id: String,
        client_ip: String,
    },
    Gone(String),
    TooMany {
        retry_after: u64,
    },
    NotFound,
}

/// A warning a handler wants in `X-System-Warning`.
#[derive(Clone, Debug)]
pub struct SystemWarning(pub String);

impl ApiError {
    /// A 400 with KSeF's description for `code` and the given detail lines.
    pub fn code(code: i32, details: impl IntoIterator<Item = String>) -> ApiError {
        ApiError::BadRequest {
            code,
            details: details.into_iter().collect(),
        }
    }

    /// A 400 21405 (input validation) with one detail.
    pub fn validation(detail: impl Into<String>) -> ApiError {
        ApiError::code(21405, [detail.into()])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } | ApiError::SecurityBlocked { .. } => StatusCode::FORBIDDEN,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotFound => StatusCode::NOT_FOUND,
        }
    }
}

/// A JSON request body: 21001 "Nieczytelna treść." when it is no readable JSON at all (a syntax
/// error, cut short, not UTF-8), 21405 when it is JSON of the wrong shape. For the endpoints whose
/// 400 table documents 21001 (2.9.0: almost every POST that takes JSON).
pub fn json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    // serde_json skips the strings of fields it ignores without decoding them.
    std::str::from_utf8(body).map_err(|e| ApiError::code(21001, [format!("UTF-8: {e}")]))?;
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Syntax | Category::Eof | Category::Io => {
                ApiError::code(21001, [e.to_string()])
            }
            Category::Data => ApiError::validation(e.to_string()),
        }
    })
}

/// A JSON request body for an endpoint whose 400 table lists only 21405 (the `/testdata/*`
/// ones): every failure is a validation error there.
pub fn json_body_21405<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::validation(e.to_string()))
}

/// KSeF's descriptions of its exception codes (the 400 tables of `open-api.json`).
pub fn description(code: i32) -> &'static str {
    match code {
        9101 => "Nieprawidłowy dokument.",
        9102 => "Brak podpisu.",
        9103 => "Przekroczona liczba dozwolonych podpisów.",
        9105 => "Nieprawidłowy podpis.",
        21001 => "Nieczytelna treść.",
        21111 => "Nieprawidłowe wyzwanie autoryzacyjne.",
        21115 => "Nieprawidłowy certyfikat.",
        21117 => "Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu.",
        21217 => "Nieprawidłowe kodowanie znaków.",
        21301 => "Brak autoryzacji.",
        21304 => "Brak uwierzytelnienia.",
        21308 => "Próba wykorzystania metod autoryzacyjnych osoby zmarłej.",
        21401 => "Dokument nie jest zgodny ze schemą (xsd).",
        21405 => "Błąd walidacji danych wejściowych.",
        21406 => "Konflikt podpisu i typu uwierzytelnienia.",
        21418 => "Przekazany token kontynuacji ma nieprawidłowy format.",
        21470 => "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.",
        25001 => "Brak możliwości pobrania danych do CSR dla wykorzystanego sposobu uwierzytelnienia.",
        25002 => "Brak możliwości złożenia wniosku certyfikacyjnego dla wykorzystanego sposobu uwierzytelnienia.",
        25003 => "Dane w CSR nie zgadzają się z danymi w użytym wektorze uwierzytelniającym.",
        25004 => "Niepoprawny format CSR lub niepoprawny podpis CSR.",
        25005 => "Wniosek certyfikacyjny o podanym numerze referencyjnym nie istnieje.",
        25006 => "Osiągnięto limit możliwych do złożenia wniosków certyfikacyjnych.",
        25007 => "Osiągnięto limit dopuszczalnej liczby posiadanych certyfikatów.",
        25008 => "Certyfikat o podanym numerze seryjnym nie istnieje.",
        25009 => "Nie można odwołać wskazanego certyfikatu, ponieważ jest już odwołany, zablokowany lub nieważny.",
        25010 => "Nieprawidłowy typ lub długość klucza.",
        25011 => "Nieprawidłowy algorytm podpisu CSR.",
        26001 => "Nie można nadać tokenowi uprawnień których nie posiadasz.",
        26002 => "Nie można wygenerować tokena dla obecnego typu kontekstu.",
        30001 => "Podmiot lub uprawnienie już istnieje.",
        _ => "Błąd.",
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// A W3C traceparent-like id, as KSeF's `serviceCode`/`traceId`.
pub fn trace_id() -> String {
    let mut b = [0u8; 24];
    rand::thread_rng().fill_bytes(&mut b);
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("00-{}-{}-00", &hex[..32], &hex[32..])
}

/// Renders [`ApiError`]s in the shape the request asked for, and sets `X-System-Warning`.
pub async fn render(req: Request, next: Next) -> Response {
    let problem = req
        .headers()
        .get("x-error-format")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("problem-details"));
    let echo = req.headers().get("x-test-system-warning").cloned();
    let instance = req.uri().path().to_string();
    let mut response = next.run(req).await;
    let warning = response
        .extensions_mut()
        .remove::<SystemWarning>()
        .and_then(|w| HeaderValue::from_str(&ascii(&w.0)).ok());
    if let Some(w) = echo.or(warning) {
        response.headers_mut().insert("x-system-warning", w);
    }
    match response.extensions_mut().remove::<ApiError>() {
        Some(error) => body(&error, problem, &instance),
        None => response,
    }
}

fn body(error: &ApiError, problem: bool, instance: &str) -> Response {
    let now = OffsetDateTime::now_utc();
    let trace = trace_id();
    let (value, problem) = match error {
        ApiError::BadRequest { code, details } if !problem => (
            json!({"exception": {
                "exceptionDetailList": [{"exceptionCode": code, "exceptionDescription": description(*code), "details": details}],
                "referenceNumber": null, "serviceCode": trace, "serviceCtx": "srvSIMUL",
                "serviceName": "ksef-sim", "timestamp": format_ksef(now).trim_end_matches("+00:00"),
            }}),
            false,
        ),
        ApiError::BadRequest { code, details } => (
            json!({"title": "Bad Request", "status": 400, "instance": instance,
                "detail": description(*code),
                "errors": [{"code": code, "description": description(*code), "details": details}],
                "timestamp": format_ksef(now), "traceId": trace}),
            true,
        ),
        ApiError::TooMany { retry_after } if !problem => (
            json!({"status": {"code": 429, "description": "Too Many Requests",
                "details": [retry_text(*retry_after)]}}),
            false,
        ),
        ApiError::TooMany { retry_after } => (
            json!({"title": "Too Many Requests", "status": 429, "instance": instance,
                "detail": retry_text(*retry_after), "timestamp": format_ksef(now), "traceId": trace}),
            true,
        ),
        ApiError::Unauthorized(detail) => (
            json!({"title": "Unauthorized", "status": 401, "detail": detail, "instance": instance,
                "traceId": trace, "timestamp": format_ksef(now)}),
            true,
        ),
        ApiError::Forbidden {
            reason_code,
            detail,
            security,
        } => {
            let mut v = json!({"title": "Forbidden", "status": 403, "detail": detail,
                "instance": instance, "reasonCode": reason_code, "traceId": trace,
                "timestamp": format_ksef(now)});
            if let Some(s) = security {
                v["security"] = s.clone();
            }
            (v, true)
        }
        ApiError::SecurityBlocked {
            incident_id,
            client_ip,
        } => (
            json!({"title": "Forbidden", "status": 403,
                "detail": "Żądanie zostało zablokowane przez mechanizmy bezpieczeństwa.",
                "instance": instance, "reasonCode": "security-service-blocked",
                "security": {"incidentId": incident_id, "clientIp": client_ip},
                "traceId": trace}),
            true,
        ),
        ApiError::Gone(detail) => (
            json!({"title": "Gone", "status": 410, "instance": instance, "detail": detail,
                "timestamp": format_ksef(now), "traceId": trace}),
            true,
        ),
        ApiError::NotFound => (
            json!({"title": "Not Found", "status": 404, "detail": "Nie znaleziono zasobu.",
                "instance": instance, "timestamp": format_ksef(now), "traceId": trace}),
            true,
        ),
    };
    let content_type = if problem {
        "application/problem+json"
    } else {
        "application/json"
    };
    let mut response = (
        error.status(),
        [("content-type", content_type)],
        value.to_string(),
    )
        .into_response();
    if let ApiError::TooMany { retry_after } = error {
        response
            .headers_mut()
            .insert("retry-after", HeaderValue::from(*retry_after));
    }
    response
}

/// Header values are ASCII: Polish letters lose their diacritics, anything else becomes '?'.
fn ascii(text: &str) -> String {
    const PL: [(char, char); 18] = [
        ('ą', 'a'),
        ('ć', 'c'),
        ('ę', 'e'),
        ('ł', 'l'),
        ('ń', 'n'),
        ('ó', 'o'),
        ('ś', 's'),
        ('ź', 'z'),
        ('ż', 'z'),
        ('Ą', 'A'),
        ('Ć', 'C'),
        ('Ę', 'E'),
        ('Ł', 'L'),
        ('Ń', 'N'),
        ('Ó', 'O'),
        ('Ś', 'S'),
        ('Ź', 'Z'),
        ('Ż', 'Z'),
    ];
    text.chars()
        .map(|c| match PL.iter().find(|(p, _)| *p == c) {
            Some((_, a)) => *a,
            None if c.is_ascii() && !c.is_ascii_control() => c,
            None => '?',
        })
        .collect()
}

fn retry_text(seconds: u64) -> String {
    format!("Przekroczono limit żądań. Spróbuj ponownie za {seconds} s.")
}

/// Unknown paths: Problem Details 404, like the real API's gateway.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}
