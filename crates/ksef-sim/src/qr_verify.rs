//! `GET /__sim/qr/verify?url=…`: what the verification portal does with a scanned code II, for
//! certificates this simulator issued (SIMULATOR §7). A control, not part of the KSeF API.

use axum::extract::{Query, State};
use axum::Json;
use ksef_core::api::certificates::{CertificateStatus, CertificateType};
use ksef_core::certificate::Certificate;
use ksef_core::permissions::Permission;
use ksef_core::qr::{verify_code2, Code2Link};
use serde::{Deserialize, Serialize};

use crate::state::Sim;

#[derive(Deserialize)]
pub struct Params {
    url: String,
}

#[derive(Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    pub valid: bool,
    /// Why not, in Polish (as the portal would say it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_serial: Option<String>,
}

fn refused(reason: impl Into<String>, serial: Option<String>) -> Verdict {
    Verdict {
        valid: false,
        reason: Some(reason.into()),
        certificate_serial: serial,
    }
}

pub async fn verify(State(sim): State<Sim>, Query(p): Query<Params>) -> Json<Verdict> {
    Json(check(&sim, &p.url))
}

fn check(sim: &Sim, url: &str) -> Verdict {
    use ksef_core::lang::{Lang, Localized};
    let link = match Code2Link::parse(url) {
        Ok(l) => l,
        Err(e) => return refused(e.message(Lang::Pl), None),
    };
    let serial = link.code.serial.to_string();
    let now = sim.now();
    let state = sim.state();
    let Some(issued) = state
        .certificates
        .get(&serial)
        .filter(|c| c.issued_at <= now)
    else {
        return refused("Certyfikat nie istnieje", Some(serial));
    };
    if issued.kind != CertificateType::Offline {
        return refused("Certyfikat nie jest typu Offline", Some(serial));
    }
    match issued.status(now) {
        CertificateStatus::Active => {}
        other => {
            return refused(
                format!("Certyfikat nie jest aktywny ({other:?})"),
                Some(serial),
            )
        }
    }
    let Ok(cert) = Certificate::from_der(&issued.der) else {
        return refused("Certyfikat uszkodzony", Some(serial));
    };
    if let Err(e) = signature_and_context(url, &cert, &link) {
        return refused(e, Some(serial));
    }
    let context = link.code.context.to_api();
    let rights = crate::access::permissions(&state, &issued.subject, &context);
    if !rights.contains(&Permission::InvoiceWrite) {
        return refused(
            "Wystawca nie ma uprawnienia InvoiceWrite w tym kontekście",
            Some(serial),
        );
    }
    Verdict {
        valid: true,
        reason: None,
        certificate_serial: Some(serial),
    }
}

/// The signature, and that the context may invoice for the seller (here: it is the seller's
/// own NIP or one of its identifiers; other relationships are not simulated).
fn signature_and_context(url: &str, cert: &Certificate, link: &Code2Link) -> Result<(), String> {
    verify_code2(url, cert).map_err(|_| "Podpis kodu nie jest prawidłowy".to_string())?;
    let context_nip = link
        .code
        .context
        .value()
        .split('-')
        .next()
        .unwrap_or_default();
    if context_nip != link.code.seller_nip.as_str() {
        return Err("Kontekst nie może wystawiać faktur w imieniu tego sprzedawcy".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documented example (its certificate predates the Offline type, so only the
    /// signature and context part applies).
    #[test]
    fn the_documented_example_passes_the_signature_and_context_checks() {
        let v =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/ksef/vectors");
        let Ok(text) = std::fs::read_to_string(v.join("kod2-docs-example.txt")) else {
            assert!(std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_none());
            return;
        };
        let url = text.lines().filter(|l| !l.starts_with('#')).nth(2).unwrap();
        let der = std::fs::read(v.join("ksef-test-cert-01F20A5D352AE590.der")).unwrap();
        let cert = Certificate::from_der(&der).unwrap();
        let link = Code2Link::parse(url).unwrap();
        assert_eq!(signature_and_context(url, &cert, &link), Ok(()));
        let tampered = url.replace(
            "/certificate/Nip/1111111111/",
            "/certificate/Nip/5265877635/",
        );
        let link = Code2Link::parse(&tampered).unwrap();
        assert!(signature_and_context(&tampered, &cert, &link).is_err());
    }
}
