//! Enveloped XAdES-BES (BASELINE-B) signatures over `AuthTokenRequest`.
//!
//! Every signed fragment is written directly in its exclusive-C14N form (REFERENCE §5.3), so
//! "canonicalise" is "take the bytes" and no canonicaliser is needed on the signing side.
//! Verification is a separate matter and uses a real XML-DSig implementation.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::auth_xml::AuthTokenRequest;
use crate::certificate::Certificate;
use crate::datetime::DateTime;
use crate::keys::PrivateKey;

const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
const XADES: &str = "http://uri.etsi.org/01903/v1.3.2#";
const EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const SHA256_URI: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
pub const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
pub const ECDSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

fn b64_sha256(data: &[u8]) -> String {
    B64.encode(Sha256::digest(data))
}

/// Text content escaped as canonical XML writes it.
fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\r', "&#xD;")
}

/// UTC, whole seconds, `Z`.
fn signing_time(t: DateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn signed_properties(cert: &Certificate, time: DateTime) -> String {
    format!(
        "<xades:SignedProperties xmlns:xades=\"{XADES}\" Id=\"SignedProperties\"><xades:SignedSignatureProperties>\
<xades:SigningTime>{}</xades:SigningTime><xades:SigningCertificate><xades:Cert><xades:CertDigest>\
<ds:DigestMethod xmlns:ds=\"{DS}\" Algorithm=\"{SHA256_URI}\"></ds:DigestMethod>\
<ds:DigestValue xmlns:ds=\"{DS}\">{}</ds:DigestValue></xades:CertDigest><xades:IssuerSerial>\
<ds:X509IssuerName xmlns:ds=\"{DS}\">{}</ds:X509IssuerName>\
<ds:X509SerialNumber xmlns:ds=\"{DS}\">{}</ds:X509SerialNumber></xades:IssuerSerial></xades:Cert>\
</xades:SigningCertificate></xades:SignedSignatureProperties></xades:SignedProperties>",
        signing_time(time),
        b64_sha256(cert.der()),
        escape_text(&cert.issuer()),
        cert.serial_decimal(),
    )
}

fn signed_info(method: &str, document_digest: &str, properties_digest: &str) -> String {
    format!(
        "<ds:SignedInfo xmlns:ds=\"{DS}\"><ds:CanonicalizationMethod Algorithm=\"{EXC_C14N}\"></ds:CanonicalizationMethod>\
<ds:SignatureMethod Algorithm=\"{method}\"></ds:SignatureMethod><ds:Reference URI=\"\"><ds:Transforms>\
<ds:Transform Algorithm=\"{DS}enveloped-signature\"></ds:Transform><ds:Transform Algorithm=\"{EXC_C14N}\"></ds:Transform>\
</ds:Transforms><ds:DigestMethod Algorithm=\"{SHA256_URI}\"></ds:DigestMethod><ds:DigestValue>{document_digest}</ds:DigestValue>\
</ds:Reference><ds:Reference Type=\"http://uri.etsi.org/01903#SignedProperties\" URI=\"#SignedProperties\"><ds:Transforms>\
<ds:Transform Algorithm=\"{EXC_C14N}\"></ds:Transform></ds:Transforms><ds:DigestMethod Algorithm=\"{SHA256_URI}\"></ds:DigestMethod>\
<ds:DigestValue>{properties_digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>"
    )
}

/// The signed document: `request` with an enveloped XAdES signature by `key` and `cert`.
/// `now` is the signing time basis; KSeF's SDKs sign one minute in the past, and so do we.
pub fn sign(
    request: &AuthTokenRequest,
    key: &PrivateKey,
    cert: &Certificate,
    now: DateTime,
) -> String {
    let document = request.to_canonical_root();
    let properties = signed_properties(cert, now - time::Duration::minutes(1));
    let method = match key {
        PrivateKey::Ec(_) => ECDSA_SHA256,
        PrivateKey::Rsa(_) => RSA_SHA256,
    };
    let info = signed_info(
        method,
        &b64_sha256(document.as_bytes()),
        &b64_sha256(properties.as_bytes()),
    );
    let value = B64.encode(key.sign_xmldsig(info.as_bytes()));
    let signature = format!(
        "<ds:Signature xmlns:ds=\"{DS}\" Id=\"Signature\">{info}<ds:SignatureValue>{value}</ds:SignatureValue>\
<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>\
<ds:Object><xades:QualifyingProperties xmlns:xades=\"{XADES}\" Target=\"#Signature\">{properties}</xades:QualifyingProperties>\
</ds:Object></ds:Signature>",
        B64.encode(cert.der())
    );
    let end = document.len() - "</AuthTokenRequest>".len();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>{}{signature}</AuthTokenRequest>",
        &document[..end]
    )
}
