//! `POST /v2/auth/xades-signature`: the synchronous checks in KSeF's order (content, challenge,
//! signature count, cryptography and XAdES profile), then certificate acceptance, whose
//! outcome the status shows after the configured delay.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use ksef_core::api::auth::{
    AuthenticationMethod, AuthenticationMethodCategory, AuthenticationMethodInfo,
};
use ksef_core::api::{SubjectIdentifier, SubjectIdentifierKind};
use ksef_core::auth_xml::{AuthTokenRequest, AuthXmlError, SubjectIdentifierType};
use ksef_core::cert_subject;
use ksef_core::certificate::Certificate;
use ksef_core::context::ContextType;
use ksef_core::lang::{Lang, Localized};
use ksef_core::xades_verify::{self, Options};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::auth::{accept, take_challenge};
use crate::errors::{ApiError, SystemWarning};
use crate::model::{status, AuthOperation};
use crate::state::Sim;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct XadesQuery {
    verify_certificate_chain: Option<bool>,
}

fn content_error(e: &AuthXmlError) -> ApiError {
    let code = match e {
        AuthXmlError::NotUtf8 => 21217,
        AuthXmlError::Malformed(_)
        | AuthXmlError::DtdForbidden
        | AuthXmlError::UnknownEntity(_) => 21001,
        AuthXmlError::TooLarge { .. } => 21405,
        _ => 21401,
    };
    ApiError::code(code, [e.message(Lang::Pl)])
}

/// Which certificate the operation used, and what follows from it.
struct Acceptance {
    method: AuthenticationMethod,
    info: (&'static str, &'static str),
    identity: Option<SubjectIdentifier>,
    failure: Option<&'static str>,
}

fn cert_failure(cert: &Certificate, detail: &'static str) -> Acceptance {
    Acceptance {
        method: AuthenticationMethod::QualifiedSignature,
        info: ("xades.qualified-signature", "Podpis kwalifikowany"),
        identity: cert.subject_identity(),
        failure: Some(detail),
    }
}

/// TEST accepts self-signed certificates unless `verifyCertificateChain=true`; KSeF-issued ones
/// must be Authentication certificates, active and within validity.
fn acceptance(sim: &Sim, cert: &Certificate, verify_chain: bool) -> Acceptance {
    let now = sim.now();
    if sim.ca.issued(cert.der()) {
        let state = sim.state();
        let Some(issued) = state.certificates.get(&cert.serial_hex()) else {
            return cert_failure(cert, "Niepoprawny certyfikat");
        };
        let failure =
            if issued.kind != ksef_core::api::certificates::CertificateType::Authentication {
                Some("Nieważny certyfikat")
            } else if issued.revoked_at.is_some() {
                Some("Certyfikat odwołany")
            } else if now < issued.valid_from || now >= issued.valid_to {
                Some("Nieważny certyfikat")
            } else {
                None
            };
        return Acceptance {
            method: AuthenticationMethod::InternalCertificate,
            info: ("xades.internal-certificate", "Certyfikat KSeF"),
            identity: Some(issued.subject.clone()),
            failure,
        };
    }
    if !cert.is_self_signed() {
        return cert_failure(cert, "Błąd weryfikacji łańcucha certyfikatów");
    }
    if verify_chain {
        return cert_failure(cert, "Niezaufany łańcuch certyfikatów");
    }
    if now < cert.not_before() || now >= cert.not_after() {
        return cert_failure(cert, "Nieważny certyfikat");
    }
    let seal = cert_subject::is_seal(&cert.subject_attributes());
    Acceptance {
        method: if seal {
            AuthenticationMethod::QualifiedSeal
        } else {
            AuthenticationMethod::QualifiedSignature
        },
        info: if seal {
            ("xades.qualified-seal", "Pieczęć kwalifikowana")
        } else {
            ("xades.qualified-signature", "Podpis kwalifikowany")
        },
        identity: cert.subject_identity(),
        failure: None,
    }
}

pub async fn submit(
    State(sim): State<Sim>,
    Query(q): Query<XadesQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let parsed = AuthTokenRequest::parse(&body).map_err(|e| content_error(&e))?;
    let request = parsed.request;
    let now = sim.now();
    take_challenge(&mut sim.state(), request.challenge.as_str(), now)?;
    let by_fingerprint = request.subject_type == SubjectIdentifierType::CertificateFingerprint;
    // Our rule table for 21117: a Peppol provider has no Polish identifier in its certificate.
    if request.context.kind() == ContextType::PeppolId && !by_fingerprint {
        return Err(ApiError::code(
            21117,
            ["Kontekst PeppolId wymaga SubjectIdentifierType=certificateFingerprint.".into()],
        ));
    }
    let xml = std::str::from_utf8(&body).map_err(|_| ApiError::code(21217, []))?;
    let (strict, reject_sha1) = {
        let c = &sim.state().config;
        (c.strict_xades_profile, c.reject_sha1)
    };
    let options = Options {
        reject_sha1,
        profile_as_warning: !strict,
    };
    let verified = xades_verify::verify(xml, options)
        .map_err(|e| ApiError::code(e.ksef_code(), [e.detail()]))?;
    let cert = verified.certificate;
    let attrs = cert.subject_attributes();
    if cert_subject::is_seal(&attrs) && cert_subject::names_a_person(&attrs) {
        return Err(ApiError::code(
            21115,
            ["Pieczęć nie może zawierać givenName ani surname.".into()],
        ));
    }
    let accepted = acceptance(&sim, &cert, q.verify_certificate_chain == Some(true));
    let identity = if by_fingerprint {
        Some(SubjectIdentifier {
            kind: SubjectIdentifierKind::Fingerprint,
            value: cert.fingerprint().to_string(),
        })
    } else {
        accepted.identity.clone()
    };
    let Some(subject) = identity else {
        return Err(ApiError::code(
            21406,
            [
                "Certyfikat nie zawiera identyfikatora NIP ani PESEL; użyj certificateFingerprint."
                    .into(),
            ],
        ));
    };
    let context = request.context.to_api();
    let (permissions, outcome) = match accepted.failure {
        Some(detail) => (
            Default::default(),
            status(
                460,
                "Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu",
                Some(detail),
            ),
        ),
        None => (
            crate::access::permissions(&sim.state(), &subject, &context),
            status(200, "Uwierzytelnianie zakończone sukcesem", None),
        ),
    };
    let op = AuthOperation {
        reference: sim.reference("AU").to_string(),
        started: now,
        ready_at: now,
        method: accepted.method,
        method_info: AuthenticationMethodInfo {
            category: AuthenticationMethodCategory::XadesSignature.into(),
            code: accepted.info.0.into(),
            display_name: accepted.info.1.into(),
        },
        outcome,
        context,
        subject,
        permissions,
        allowed_ips: request.allowed_ips.as_ref().map(|a| a.to_api()),
        redeemed: false,
        revoked: false,
        last_refresh: None,
        refresh_valid_until: None,
        via_token: None,
        enrollment_data: Some(cert_subject::enrollment_data(&attrs)),
        document_sha256: Some(hex(&Sha256::digest(&body))),
    };
    if accepted.failure.is_none() && sim.ca.issued(cert.der()) {
        if let Some(c) = sim.state().certificates.get_mut(&cert.serial_hex()) {
            c.last_use = Some(now);
        }
    }
    let mut response = accept(&sim, op).into_response();
    if let Some(w) = verified.profile_warning {
        response
            .extensions_mut()
            .insert(SystemWarning(format!("sig-001: {w}")));
    }
    Ok(response)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
