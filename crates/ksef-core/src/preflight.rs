//! The pre-flight report for a signed `auth.xml` before it goes to KSeF: every check KSeF makes
//! that we can make locally, each with a plain-language verdict in Polish and English, so a user
//! learns "the file was changed after signing" instead of "9105".

use crate::auth_xml::{AuthTokenRequest, SubjectIdentifierType};
use crate::certificate::Certificate;
use crate::context::ContextIdentifier;
use crate::datetime::DateTime;
use crate::ident::Challenge;
use crate::lang::{Lang, Localized};
use crate::xades_verify::{self, Options, SignatureError};

/// How long KSeF honours a challenge.
pub const CHALLENGE_LIFETIME: time::Duration = time::Duration::minutes(10);

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Ok,
    Warning,
    Error,
}

/// One line of the report, already in both languages.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    pub severity: Severity,
    pub pl: String,
    pub en: String,
}

impl Localized for Finding {
    fn message(&self, lang: Lang) -> String {
        lang.pick(&self.pl, &self.en).clone()
    }
}

/// What the app knows about the login it started (all optional: the CLI may know nothing).
#[derive(Clone, Debug, Default)]
pub struct Expected {
    /// The challenge we issued and, when known, when.
    pub challenge: Option<(Challenge, Option<DateTime>)>,
    pub context: Option<ContextIdentifier>,
}

/// The signer as the report describes it.
#[derive(Clone, Debug)]
pub struct Signer {
    pub subject: String,
    pub issuer: String,
    pub not_before: DateTime,
    pub not_after: DateTime,
    /// "NIP 5265877635", "PESEL …" or "odcisk SHA-256 …".
    pub identity: Option<String>,
    pub certificate: Certificate,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub signer: Option<Signer>,
    pub request: Option<AuthTokenRequest>,
}

impl Report {
    /// True when nothing would make KSeF refuse the file.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    pub fn to_text(&self, lang: Lang) -> String {
        self.findings
            .iter()
            .map(|f| {
                let mark = match f.severity {
                    Severity::Ok => "✔",
                    Severity::Warning => "⚠",
                    Severity::Error => "✘",
                };
                format!("{mark} {}\n", f.message(lang))
            })
            .collect()
    }

    fn push(&mut self, severity: Severity, pl: impl Into<String>, en: impl Into<String>) {
        self.findings.push(Finding {
            severity,
            pl: pl.into(),
            en: en.into(),
        });
    }

    fn push_localized(&mut self, severity: Severity, what: &dyn Localized) {
        self.push(severity, what.message(Lang::Pl), what.message(Lang::En));
    }
}

/// Checks `bytes` (an uploaded file) against what KSeF requires and what we expect, at `now`.
pub fn check(bytes: &[u8], expected: &Expected, now: DateTime) -> Report {
    let mut report = Report::default();
    let parsed = match AuthTokenRequest::parse(bytes) {
        Ok(p) => p,
        Err(e) => {
            report.push_localized(Severity::Error, &e);
            return report;
        }
    };
    let version = parsed.request.version.label();
    report.push(
        Severity::Ok,
        format!("Poprawny dokument AuthTokenRequest (schemat {version})"),
        format!("A well-formed AuthTokenRequest (schema {version})"),
    );
    if let Some(w) = &parsed.checksum_warning {
        report.push_localized(Severity::Warning, w);
    }
    check_challenge(&mut report, &parsed.request, expected, now);
    check_context(&mut report, &parsed.request, expected);
    // The signature check needs text; a file that parsed as XML is UTF-8.
    let xml = String::from_utf8_lossy(bytes);
    match xades_verify::verify(&xml, Options::default()) {
        Ok(v) => {
            report.push(
                Severity::Ok,
                format!(
                    "Jeden podpis otoczony; podpis i skróty są poprawne ({})",
                    short(&v.signature_method)
                ),
                format!(
                    "One enveloped signature; signature and digests are valid ({})",
                    short(&v.signature_method)
                ),
            );
            if let Some(w) = &v.profile_warning {
                report.push(
                    Severity::Warning,
                    format!("Profil XAdES: {w}"),
                    format!("XAdES profile: {w}"),
                );
            }
            describe_signer(&mut report, &parsed.request, v.certificate, now);
        }
        Err(e) => report.push_localized(Severity::Error, &e as &SignatureError),
    }
    report.request = Some(parsed.request);
    report
}

fn short(uri: &str) -> &str {
    uri.rsplit('#').next().unwrap_or(uri)
}

fn check_challenge(
    report: &mut Report,
    request: &AuthTokenRequest,
    expected: &Expected,
    now: DateTime,
) {
    let Some((challenge, issued)) = &expected.challenge else {
        return;
    };
    if &request.challenge != challenge {
        report.push(
            Severity::Error,
            format!("Plik podpisano dla innego wyzwania ({}), a nie dla bieżącego ({challenge}). Pobierz nowy auth.xml, podpisz go i wczytaj.", request.challenge),
            format!("The file was signed for another challenge ({}), not the current one ({challenge}). Download a new auth.xml, sign it and load it.", request.challenge),
        );
        return;
    }
    let Some(issued) = issued else {
        report.push(
            Severity::Ok,
            "Wyzwanie zgodne z podanym",
            "The challenge is the one given",
        );
        return;
    };
    let left = *issued + CHALLENGE_LIFETIME - now;
    if left <= time::Duration::ZERO {
        let ago = (-left).whole_minutes();
        report.push(
            Severity::Error,
            format!("Wyzwanie wygasło {ago} min temu (jest ważne 10 minut). Pobierz nowy auth.xml i podpisz go ponownie."),
            format!("The challenge expired {ago} min ago (it is valid for 10 minutes). Download a new auth.xml and sign it again."),
        );
    } else {
        let (m, s) = (left.whole_minutes(), left.whole_seconds() % 60);
        report.push(
            Severity::Ok,
            format!("Wyzwanie jest bieżące; ważne jeszcze {m}:{s:02}"),
            format!("The challenge is the current one; valid for another {m}:{s:02}"),
        );
    }
}

fn check_context(report: &mut Report, request: &AuthTokenRequest, expected: &Expected) {
    match &expected.context {
        Some(c) if c != &request.context => report.push(
            Severity::Error,
            format!(
                "Kontekst w pliku ({}) różni się od wybranego ({}).",
                request.context.label(Lang::Pl),
                c.label(Lang::Pl)
            ),
            format!(
                "The file's context ({}) differs from the one chosen ({}).",
                request.context.label(Lang::En),
                c.label(Lang::En)
            ),
        ),
        _ => report.push(
            Severity::Ok,
            format!("Kontekst: {}", request.context.label(Lang::Pl)),
            format!("Context: {}", request.context.label(Lang::En)),
        ),
    }
}

fn describe_signer(
    report: &mut Report,
    request: &AuthTokenRequest,
    cert: Certificate,
    now: DateTime,
) {
    let identity = |lang: Lang| match request.subject_type {
        SubjectIdentifierType::CertificateFingerprint => Some(format!(
            "{} {}",
            lang.pick("odcisk SHA-256", "SHA-256 fingerprint"),
            cert.fingerprint()
        )),
        SubjectIdentifierType::CertificateSubject => cert
            .subject_identity()
            .map(|id| format!("{} {}", id.kind.label(lang), id.value)),
    };
    let (from, to) = (cert.not_before(), cert.not_after());
    report.push(
        Severity::Ok,
        format!(
            "Podpisujący: {} (wystawca: {})",
            cert.subject(),
            cert.issuer()
        ),
        format!("Signer: {} (issuer: {})", cert.subject(), cert.issuer()),
    );
    match (identity(Lang::Pl), identity(Lang::En)) {
        (Some(pl), Some(en)) => report.push(
            Severity::Ok,
            format!("Identyfikator podpisującego: {pl}"),
            format!("Signer's identifier: {en}"),
        ),
        _ => report.push(
            Severity::Error,
            "Certyfikat nie zawiera numeru NIP ani PESEL (KSeF: 21406). Wybierz „odcisk certyfikatu” jako typ identyfikatora i poproś o uprawnienia dla tego odcisku.",
            "The certificate carries no NIP or PESEL (KSeF: 21406). Choose 'certificate fingerprint' as the identifier type and get permissions granted to that fingerprint.",
        ),
    }
    if now < from || now >= to {
        report.push(
            Severity::Error,
            format!(
                "Certyfikat jest nieważny w tej chwili (ważny od {} do {}).",
                from.date(),
                to.date()
            ),
            format!(
                "The certificate is not valid now (valid from {} to {}).",
                from.date(),
                to.date()
            ),
        );
    }
    if cert.is_self_signed() {
        report.push(
            Severity::Warning,
            "Certyfikat samopodpisany: KSeF TEST go przyjmie, DEMO i produkcja – nie.",
            "Self-signed certificate: KSeF TEST accepts it, DEMO and production do not.",
        );
    }
    report.signer = Some(Signer {
        subject: cert.subject(),
        issuer: cert.issuer(),
        not_before: from,
        not_after: to,
        identity: identity(Lang::Pl),
        certificate: cert,
    });
}
