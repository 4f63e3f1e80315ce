use crate::i18n::Methods;

pub const METHODS: Methods = Methods {
    test_certificate: "Certyfikat testowy (samopodpisany)",
    trusted_profile: "Profil Zaufany",
    qualified_signature: "Podpis kwalifikowany",
    qualified_seal: "Pieczęć kwalifikowana",
    personal_signature: "Podpis osobisty",
    peppol_signature: "Podpis dostawcy usług Peppol",
    xades_signature: "Podpis XAdES",
    national_node: "Węzeł Krajowy (login.gov.pl)",
    unknown: "nieznana",
};
