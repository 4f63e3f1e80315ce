//! One error type for every KSeF error body: legacy `exception` JSON, Problem Details
//! (400/401/403/410/429) and the legacy 429 `status` body.

use serde_json::Value;

use crate::lang::{Lang, Localized};

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KsefError {
    pub http_status: u16,
    /// Exception codes in the order KSeF gave them (legacy list or Problem Details `errors`).
    pub codes: Vec<i32>,
    /// The server's own description(s), Polish as KSeF writes them.
    pub descriptions: Vec<String>,
    pub details: Vec<String>,
    /// `serviceCode` or `traceId`: what support asks for.
    pub trace_id: Option<String>,
    /// 403 `reasonCode` (`missing-permissions`, `ip-not-allowed`, …).
    pub reason_code: Option<String>,
    /// Seconds from `Retry-After`, for 429.
    pub retry_after: Option<u64>,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

impl KsefError {
    /// Interprets an error response; `retry_after` is the raw header value, if any.
    pub fn from_response(http_status: u16, body: &[u8], retry_after: Option<&str>) -> KsefError {
        let mut e = KsefError {
            http_status,
            retry_after: retry_after.and_then(|r| r.trim().parse().ok()),
            ..KsefError::default()
        };
        let Ok(json) = serde_json::from_slice::<Value>(body) else {
            return e;
        };
        if let Some(ex) = json.get("exception") {
            e.read_legacy(ex);
        } else if let Some(status) = json.get("status").filter(|s| s.is_object()) {
            e.descriptions.extend(string(&status["description"]));
            e.details = strings(&status["details"]);
        } else {
            e.read_problem(&json);
        }
        e
    }

    fn read_legacy(&mut self, ex: &Value) {
        for item in ex["exceptionDetailList"].as_array().into_iter().flatten() {
            self.codes
                .extend(item["exceptionCode"].as_i64().map(|c| c as i32));
            self.descriptions
                .extend(string(&item["exceptionDescription"]));
            self.details.extend(strings(&item["details"]));
        }
        self.trace_id = string(&ex["serviceCode"]);
    }

    fn read_problem(&mut self, p: &Value) {
        for item in p["errors"].as_array().into_iter().flatten() {
            self.codes.extend(item["code"].as_i64().map(|c| c as i32));
            self.descriptions.extend(string(&item["description"]));
            self.details.extend(strings(&item["details"]));
        }
        if self.descriptions.is_empty() {
            self.descriptions
                .extend(string(&p["detail"]).or_else(|| string(&p["title"])));
        }
        self.trace_id = string(&p["traceId"]);
        self.reason_code = string(&p["reasonCode"]);
        if let Some(sec) = p.get("security").and_then(Value::as_object) {
            for (k, v) in sec {
                let v = v
                    .as_array()
                    .map(|a| strings(&Value::Array(a.clone())).join(", "))
                    .or_else(|| string(v));
                self.details.extend(v.map(|v| format!("{k}: {v}")));
            }
        }
    }

    /// The first exception code, the one a message is chosen by.
    pub fn code(&self) -> Option<i32> {
        self.codes.first().copied()
    }
}

/// Plain words for the codes a Klucznik user meets (REFERENCE §3, §6, §7).
pub fn code_message(code: i32, lang: Lang) -> Option<&'static str> {
    Some(match code {
        21405 => lang.pick("Dane nie przeszły walidacji KSeF", "KSeF rejected the input as invalid"),
        21418 => lang.pick("Nieprawidłowy token kontynuacji listy – odśwież listę", "Invalid list continuation token – reload the list"),
        21001 => lang.pick("KSeF nie mógł odczytać treści żądania (uszkodzony lub niekompletny JSON albo XML)", "KSeF could not read the request body (broken or incomplete JSON or XML)"),
        21184 => lang.pick("Sesja jest chwilowo niedostępna – spróbuj ponownie za chwilę", "The session is temporarily unavailable – try again shortly"),
        21111 => lang.pick("Wyzwanie jest nieprawidłowe, wygasło lub zostało już użyte – pobierz nowe", "The challenge is invalid, expired or already used – get a new one"),
        21115 => lang.pick("Nieprawidłowy certyfikat", "Invalid certificate"),
        21117 => lang.pick("Identyfikator podmiotu nie pasuje do typu kontekstu", "The subject identifier does not fit the context type"),
        21217 => lang.pick("Nieprawidłowe kodowanie znaków (wymagane UTF-8)", "Wrong character encoding (UTF-8 required)"),
        21401 => lang.pick("Dokument niezgodny ze schematem XSD", "The document does not match the XSD schema"),
        21406 => lang.pick("Podpis nie pasuje do sposobu uwierzytelnienia (brak identyfikatora w certyfikacie?)", "The signature conflicts with the authentication type (no identifier in the certificate?)"),
        9101 => lang.pick("Nieprawidłowy dokument", "Invalid document"),
        9102 => lang.pick("Dokument nie jest podpisany", "The document is not signed"),
        9103 => lang.pick("Dokument ma więcej niż jeden podpis", "The document has more than one signature"),
        9105 => lang.pick("Nieprawidłowy podpis", "Invalid signature"),
        21470 => lang.pick("Klucz szyfrowania tokena jest nieznany lub wycofany – pobierz klucze ponownie", "The token encryption key is unknown or withdrawn – fetch the keys again"),
        21301 => lang.pick("Brak autoryzacji: tokeny już pobrane, status nie pozwala lub token KSeF unieważniony", "Not authorised: tokens already redeemed, status does not allow it, or the KSeF token was revoked"),
        21304 => lang.pick("Nie znaleziono operacji uwierzytelnienia", "Authentication operation not found"),
        21308 => lang.pick("Środki uwierzytelnienia osoby zmarłej", "Credentials of a deceased person"),
        26001 => lang.pick("Token nie może mieć uprawnień, których nie masz", "A token cannot get permissions you do not have"),
        26002 => lang.pick("Tokeny można tworzyć tylko w kontekście NIP lub identyfikatora wewnętrznego", "Tokens can only be created in a NIP or internal-ID context"),
        25001 | 25002 => lang.pick("Ta operacja wymaga logowania podpisem (nie tokenem)", "This operation needs a login by signature (not by token)"),
        25003 => lang.pick("Dane w CSR różnią się od danych do certyfikatu", "The CSR subject differs from the enrollment data"),
        25004 => lang.pick("Nieprawidłowy format lub podpis CSR", "Invalid CSR format or signature"),
        25005 => lang.pick("Nie znaleziono wniosku certyfikacyjnego", "Enrollment not found"),
        25006 => lang.pick("Wyczerpano limit wniosków o certyfikat", "Enrollment limit reached"),
        25007 => lang.pick("Wyczerpano limit aktywnych certyfikatów", "Active certificate limit reached"),
        25008 => lang.pick("Nie znaleziono certyfikatu", "Certificate not found"),
        25009 => lang.pick("Certyfikat jest już unieważniony lub zablokowany", "The certificate is already revoked or blocked"),
        25010 => lang.pick("Nieobsługiwany klucz: wymagany RSA 2048 lub EC P-256", "Unsupported key: RSA 2048 or EC P-256 required"),
        25011 => lang.pick("Nieobsługiwany algorytm podpisu CSR", "Unsupported CSR signature algorithm"),
        30001 => lang.pick("Podmiot lub uprawnienie już istnieje", "Subject or permission already exists"),
        _ => return None,
    })
}

fn reason_message(reason: &str, lang: Lang) -> Option<&'static str> {
    Some(match reason {
        "missing-permissions" => lang.pick(
            "Brak wymaganych uprawnień w tym kontekście",
            "Missing permissions in this context",
        ),
        "ip-not-allowed" => lang.pick(
            "Żądanie z adresu IP spoza polityki sesji",
            "Request from an IP address outside the session's policy",
        ),
        "insufficient-resource-access" => {
            lang.pick("Brak dostępu do tego zasobu", "No access to this resource")
        }
        "auth-method-not-allowed" => lang.pick(
            "Operacja niedostępna dla tej metody logowania",
            "Not available for this login method",
        ),
        "security-service-blocked" => lang.pick(
            "Zablokowane przez zabezpieczenia KSeF",
            "Blocked by KSeF security",
        ),
        "context-type-not-allowed" => lang.pick(
            "Operacja niedostępna w tym typie kontekstu",
            "Not available in this context type",
        ),
        _ => return None,
    })
}

fn status_message(status: u16, retry: Option<u64>, lang: Lang) -> String {
    match (status, lang) {
        (0, _) => lang
            .pick(
                "Przeglądarka nie może połączyć się z przekaźnikiem – sprawdź połączenie z internetem i adres przekaźnika w Ustawieniach",
                "The browser cannot reach the relay – check your internet connection and the relay address in Settings",
            )
            .into(),
        (401, _) => lang
            .pick(
                "Sesja wygasła lub token jest nieważny – zaloguj się ponownie",
                "The session expired or the token is invalid – log in again",
            )
            .into(),
        (403, _) => lang.pick("Brak dostępu", "Access denied").into(),
        (410, _) => lang
            .pick(
                "Status już niedostępny (przekroczony okres przechowywania)",
                "Status no longer available (retention expired)",
            )
            .into(),
        (429, Lang::Pl) => format!(
            "Przekroczono limit zapytań KSeF – spróbuj za {} s",
            retry.unwrap_or(1)
        ),
        (429, Lang::En) => format!(
            "KSeF request limit exceeded – try again in {} s",
            retry.unwrap_or(1)
        ),
        (500..=599, Lang::Pl) => {
            format!("KSeF chwilowo nie odpowiada (HTTP {status}) – spróbuj za chwilę")
        }
        (500..=599, Lang::En) => {
            format!("KSeF is temporarily unavailable (HTTP {status}) – try again shortly")
        }
        (_, Lang::Pl) => format!("Błąd KSeF (HTTP {status})"),
        (_, Lang::En) => format!("KSeF error (HTTP {status})"),
    }
}

impl Localized for KsefError {
    /// Our message first, then what KSeF said, then the trace id for support.
    fn message(&self, lang: Lang) -> String {
        let ours = self
            .code()
            .and_then(|c| code_message(c, lang).map(|m| format!("{m} ({c})")))
            .or_else(|| {
                self.reason_code
                    .as_deref()
                    .and_then(|r| reason_message(r, lang))
                    .map(str::to_string)
            })
            .unwrap_or_else(|| status_message(self.http_status, self.retry_after, lang));
        let mut out = ours;
        let server: Vec<&str> = self
            .descriptions
            .iter()
            .chain(&self.details)
            .map(String::as_str)
            .collect();
        if !server.is_empty() {
            out.push_str(&format!(" — KSeF: {}", server.join("; ")));
        }
        if let Some(t) = &self.trace_id {
            out.push_str(&lang.pick(
                format!(" [identyfikator dla wsparcia: {t}]"),
                format!(" [support id: {t}]"),
            ));
        }
        out
    }
}

impl std::fmt::Display for KsefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Pl))
    }
}

impl std::error::Error for KsefError {}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn legacy_and_problem_shapes() {
        let legacy = r#"{"exception":{"exceptionDetailList":[{"exceptionCode":21405,"exceptionDescription":"Błąd walidacji danych wejściowych.","details":["pole x"]}],"referenceNumber":null,"serviceCode":"00-abc-def-00","serviceCtx":"srvABCDA","serviceName":"x","timestamp":"2025-10-11T12:23:56.0154302"}}"#;
        let e = KsefError::from_response(400, legacy.as_bytes(), None);
        assert_eq!(
            (e.code(), e.trace_id.as_deref()),
            (Some(21405), Some("00-abc-def-00"))
        );
        assert!(e.message(Lang::Pl).contains("pole x"));
        assert!(e.message(Lang::En).contains("support id: 00-abc-def-00"));

        let problem = br#"{"title":"Forbidden","status":403,"detail":"x","reasonCode":"ip-not-allowed","security":{"clientIp":"1.2.3.4"},"timestamp":"2025-10-11T12:23:56Z","traceId":"t1"}"#;
        let e = KsefError::from_response(403, problem, None);
        assert_eq!(e.reason_code.as_deref(), Some("ip-not-allowed"));
        assert!(e
            .message(Lang::En)
            .starts_with("Request from an IP address"));
        assert!(e.details.contains(&"clientIp: 1.2.3.4".to_string()));

        let too_many =
            br#"{"status":{"code":429,"description":"Too Many Requests","details":["wait"]}}"#;
        let e = KsefError::from_response(429, too_many, Some("7"));
        assert_eq!(e.retry_after, Some(7));
        assert!(e
            .message(Lang::Pl)
            .starts_with("Przekroczono limit zapytań KSeF – spróbuj za 7 s"));

        // 2.9.0: `timestamp` is optional in a 403.
        let blocked = br#"{"title":"Forbidden","status":403,"detail":"Zablokowane.","reasonCode":"security-service-blocked","traceId":"t2"}"#;
        let e = KsefError::from_response(403, blocked, None);
        assert!(e
            .message(Lang::Pl)
            .starts_with("Zablokowane przez zabezpieczenia KSeF — KSeF: Zablokowane."));

        let unreadable = br#"{"title":"Bad Request","status":400,"errors":[{"code":21001,"description":"Nieczytelna tre\u015b\u0107.","details":["EOF"]}],"traceId":"t3"}"#;
        let e = KsefError::from_response(400, unreadable, None);
        assert!(e
            .message(Lang::En)
            .starts_with("KSeF could not read the request body"));
        let busy = KsefError::from_response(
            400,
            br#"{"exception":{"exceptionDetailList":[{"exceptionCode":21184,"exceptionDescription":"Sesja tymczasowo niedost\u0119pna."}]}}"#,
            None,
        );
        assert!(busy
            .message(Lang::Pl)
            .starts_with("Sesja jest chwilowo niedostępna"));

        let garbage = KsefError::from_response(502, b"<html>", None);
        assert!(garbage.message(Lang::En).contains("HTTP 502"));
    }
}
