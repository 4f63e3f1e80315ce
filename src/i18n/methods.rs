//! How a session was opened (the token and KSeF certificate names are common).

pub struct Methods {
    pub test_certificate: &'static str,
    pub trusted_profile: &'static str,
    pub qualified_signature: &'static str,
    pub qualified_seal: &'static str,
    pub personal_signature: &'static str,
    pub peppol_signature: &'static str,
    pub xades_signature: &'static str,
    pub national_node: &'static str,
    pub unknown: &'static str,
}
