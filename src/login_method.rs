//! How a session was opened, named truthfully. KSeF TEST files a self-signed certificate under
//! "Podpis kwalifikowany" / "Pieczęć kwalifikowana", which it is not: when the app knows the
//! certificate that signed (it signed in the tab, or checked the uploaded file), it says so.

use ksef_core::api::auth::{
    AuthenticationMethod, AuthenticationMethodCategory, AuthenticationOperationStatusResponse,
};
use ksef_core::extensible::Extensible;
use ksef_core::lang::Lang;

use crate::i18n::texts;

/// What the app itself knows about the certificate that signed `auth.xml`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum KnownSigner {
    /// A token login, or nothing known.
    #[default]
    Unknown,
    /// A self-signed certificate (accepted by KSeF TEST only).
    SelfSigned,
    /// Issued by a CA (KSeF's own or a qualified one): KSeF's name for the method stands.
    Issued,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoginMethod {
    /// `authenticationMethodInfo`: category, code and KSeF's (Polish) display name.
    pub category: Option<Extensible<AuthenticationMethodCategory>>,
    pub code: Option<String>,
    pub display_name: Option<String>,
    /// The deprecated `authenticationMethod`, used only when the info is missing.
    pub method: Option<Extensible<AuthenticationMethod>>,
    pub signer: KnownSigner,
}

impl LoginMethod {
    /// As KSeF reports the operation, with what the app knows of the signer.
    pub fn new(status: &AuthenticationOperationStatusResponse, signer: KnownSigner) -> Self {
        let info = status.authentication_method_info.as_ref();
        LoginMethod {
            category: info.map(|i| i.category.clone()),
            code: info.map(|i| i.code.clone()),
            display_name: info.map(|i| i.display_name.clone()),
            method: status.authentication_method.clone(),
            signer,
        }
    }

    /// The method's name for the user: a self-signed certificate as what it is; otherwise the
    /// method `authenticationMethodInfo` names (KSeF's own words in Polish), then the
    /// deprecated `authenticationMethod`, then the category.
    pub fn label(&self, lang: Lang) -> String {
        let t = texts(lang);
        if self.signer == KnownSigner::SelfSigned {
            return t.methods.test_certificate.into();
        }
        let known = self
            .code
            .as_deref()
            .and_then(method_of_code)
            .or_else(|| self.method.as_ref().and_then(Extensible::known));
        let ksef_words = self.display_name.clone().filter(|n| !n.trim().is_empty());
        match (lang, known, ksef_words) {
            (Lang::Pl, _, Some(name)) => name,
            (_, Some(m), _) => method_label(m, lang).into(),
            (Lang::En, None, Some(name)) => name,
            (_, None, None) => self
                .category
                .as_ref()
                .and_then(Extensible::known)
                .map(|c| category_label(c, lang).to_string())
                .or_else(|| self.category.as_ref().map(|c| unknown(c.name(), lang)))
                .or_else(|| self.method.as_ref().map(|m| unknown(m.name(), lang)))
                .unwrap_or_else(|| t.methods.unknown.into()),
        }
    }
}

/// A name newer than Klucznik, as KSeF wrote it, with the hint the lists show too.
fn unknown(raw: &str, lang: Lang) -> String {
    let hint = crate::components::ksef_value::unknown_hint(lang);
    format!("{raw} ({hint})")
}

/// `authenticationMethodInfo.code` values KSeF documents or sends.
fn method_of_code(code: &str) -> Option<AuthenticationMethod> {
    Some(match code {
        "xades.qualified-signature" => AuthenticationMethod::QualifiedSignature,
        "xades.qualified-seal" => AuthenticationMethod::QualifiedSeal,
        "xades.internal-certificate" => AuthenticationMethod::InternalCertificate,
        "token" | "ksef-token" => AuthenticationMethod::Token,
        _ => return None,
    })
}

pub fn method_label(m: AuthenticationMethod, lang: Lang) -> &'static str {
    let t = texts(lang);
    match m {
        AuthenticationMethod::Token => t.common.ksef_token,
        AuthenticationMethod::TrustedProfile => t.methods.trusted_profile,
        AuthenticationMethod::InternalCertificate => t.common.ksef_certificate,
        AuthenticationMethod::QualifiedSignature => t.methods.qualified_signature,
        AuthenticationMethod::QualifiedSeal => t.methods.qualified_seal,
        AuthenticationMethod::PersonalSignature => t.methods.personal_signature,
        AuthenticationMethod::PeppolSignature => t.methods.peppol_signature,
    }
}

fn category_label(c: AuthenticationMethodCategory, lang: Lang) -> &'static str {
    let t = texts(lang);
    match c {
        AuthenticationMethodCategory::XadesSignature => t.methods.xades_signature,
        AuthenticationMethodCategory::NationalNode => t.methods.national_node,
        AuthenticationMethodCategory::Token => t.common.ksef_token,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ksef_core::api::auth::AuthenticationMethodInfo;

    fn status(info: Option<(&str, &str, &str)>, method: Option<&str>) -> LoginMethod {
        let json = serde_json::json!({
            "startDate": "2026-01-01T10:00:00Z",
            "status": {"code": 200, "description": "Uwierzytelnianie zakończone sukcesem"},
        });
        let mut s: AuthenticationOperationStatusResponse = serde_json::from_value(json).unwrap();
        s.authentication_method_info = info.map(|(c, code, name)| AuthenticationMethodInfo {
            category: Extensible::from_name(c),
            code: code.into(),
            display_name: name.into(),
        });
        s.authentication_method = method.map(Extensible::from_name);
        LoginMethod::new(&s, KnownSigner::Unknown)
    }

    #[test]
    fn a_self_signed_certificate_is_not_called_qualified() {
        let qualified = status(
            Some((
                "XadesSignature",
                "xades.qualified-seal",
                "Pieczęć kwalifikowana",
            )),
            Some("QualifiedSeal"),
        );
        assert_eq!(qualified.label(Lang::Pl), "Pieczęć kwalifikowana");
        assert_eq!(qualified.label(Lang::En), "Qualified seal");
        let test = LoginMethod {
            signer: KnownSigner::SelfSigned,
            ..qualified.clone()
        };
        assert_eq!(test.label(Lang::Pl), "Certyfikat testowy (samopodpisany)");
        assert_eq!(test.label(Lang::En), "Test certificate (self-signed)");
        let issued = LoginMethod {
            signer: KnownSigner::Issued,
            ..qualified
        };
        assert_eq!(issued.label(Lang::Pl), "Pieczęć kwalifikowana");
    }

    #[test]
    fn the_info_comes_first_then_the_deprecated_method_then_the_category() {
        // KSeF's display name wins in Polish; an unknown code in English falls back to it.
        let info = status(
            Some(("NationalNode", "pz.new", "Profil Zaufany (nowy)")),
            Some("TrustedProfile"),
        );
        assert_eq!(info.label(Lang::Pl), "Profil Zaufany (nowy)");
        assert_eq!(info.label(Lang::En), "Trusted Profile (Profil Zaufany)");
        let only_method = status(None, Some("InternalCertificate"));
        assert_eq!(only_method.label(Lang::Pl), "Certyfikat KSeF");
        assert_eq!(only_method.label(Lang::En), "KSeF certificate");
        let only_category = status(Some(("Token", "", " ")), None);
        assert_eq!(only_category.label(Lang::Pl), "Token KSeF");
        let newer = status(None, Some("Biometrics"));
        assert_eq!(
            newer.label(Lang::Pl),
            "Biometrics (nowa wartość w KSeF – Klucznik jej jeszcze nie zna)"
        );
        assert_eq!(status(None, None).label(Lang::Pl), "nieznana");
    }
}
