use crate::i18n::Methods;

pub const METHODS: Methods = Methods {
    test_certificate: "Test certificate (self-signed)",
    trusted_profile: "Trusted Profile (Profil Zaufany)",
    qualified_signature: "Qualified signature",
    qualified_seal: "Qualified seal",
    personal_signature: "Personal signature (e-ID card)",
    peppol_signature: "Signature of a Peppol service provider",
    xades_signature: "XAdES signature",
    national_node: "National Node (login.gov.pl)",
    unknown: "unknown",
};
