//! Checking a signed `auth.xml` the way KSeF does: one enveloped XML-DSig signature, algorithms
//! from KSeF's list, ECDSA values as `r‖s`, every digest and the signature value verified by a
//! general XML-DSig library (bergshamra: real canonicalisation, no hand-made strings), then the
//! XAdES profile (SignedProperties covered, SigningCertificate digest = KeyInfo certificate,
//! SigningTime). Certificate trust is the caller's business (the simulator, the pre-flight report).

mod error;
mod profile;

pub use error::SignatureError;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use roxmltree::{Document, Node, ParsingOptions};

use crate::certificate::Certificate;
use crate::datetime::DateTime;

pub(crate) const DS: &str = "http://www.w3.org/2000/09/xmldsig#";
pub(crate) const XADES: &str = "http://uri.etsi.org/01903/v1.3.2#";

/// Policy switches where KSeF environments differ.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Refuse SHA-1 anywhere (reported on DEMO and PRD, not on TEST).
    pub reject_sha1: bool,
    /// Report a non-conforming XAdES profile as a warning instead of an error.
    pub profile_as_warning: bool,
}

/// A signature that verified.
#[derive(Clone, Debug)]
pub struct Verified {
    pub certificate: Certificate,
    pub signature_method: String,
    pub signing_time: Option<DateTime>,
    /// A profile problem tolerated because of [`Options::profile_as_warning`].
    pub profile_warning: Option<String>,
}

const SIGNATURE_METHODS: &[&str] = &[
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
    "http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1",
    "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
    "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
    "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
    "http://www.w3.org/2007/05/xmldsig-more#sha3-256-rsa-MGF1",
    "http://www.w3.org/2007/05/xmldsig-more#sha3-384-rsa-MGF1",
    "http://www.w3.org/2007/05/xmldsig-more#sha3-512-rsa-MGF1",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
    "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-256",
    "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-384",
    "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-512",
];

const C14N: &[&str] = &[
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
    "http://www.w3.org/2001/10/xml-exc-c14n#",
    "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
    "http://www.w3.org/2006/12/xml-c14n11",
    "http://www.w3.org/2006/12/xml-c14n11#WithComments",
];

const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const XPATH: &str = "http://www.w3.org/TR/1999/REC-xpath-19991116";
const FILTER2: &str = "http://www.w3.org/2002/06/xmldsig-filter2";
const BASE64: &str = "http://www.w3.org/2000/09/xmldsig#base64";

fn is_sha1(uri: &str) -> bool {
    uri.ends_with("#sha1") || uri.ends_with("-sha1") || uri.contains("#sha1-")
}

pub(crate) fn ds<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name((DS, name)))
}

fn algorithm<'a>(node: Node<'a, '_>, name: &str) -> Result<&'a str, SignatureError> {
    ds(node, name)
        .and_then(|n| n.attribute("Algorithm"))
        .ok_or_else(|| SignatureError::Malformed(format!("brak elementu {name}")))
}

/// Verifies the single enveloped signature of `xml`.
pub fn verify(xml: &str, options: Options) -> Result<Verified, SignatureError> {
    let doc = Document::parse_with_options(
        xml,
        ParsingOptions {
            allow_dtd: false,
            ..ParsingOptions::default()
        },
    )
    .map_err(|e| SignatureError::Malformed(e.to_string()))?;
    let signatures: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name((DS, "Signature")))
        .collect();
    let signature = match signatures.as_slice() {
        [] => return Err(SignatureError::Unsigned),
        [one] => *one,
        many => return Err(SignatureError::TooMany(many.len())),
    };
    if signature.parent() != Some(doc.root_element()) {
        return Err(SignatureError::Profile(
            "podpis musi być elementem dokumentu AuthTokenRequest (enveloped)".into(),
        ));
    }
    let signed_info = ds(signature, "SignedInfo")
        .ok_or_else(|| SignatureError::Malformed("brak elementu SignedInfo".into()))?;
    let method = check_algorithms(signed_info, options)?;
    let certificate = key_info_certificate(signature)?;
    check_key_and_value(signature, &certificate, method)?;
    check_references(&doc, signature, signed_info)?;
    library_verify(xml, &certificate)?;
    let (signing_time, profile_warning) =
        match profile::check(&doc, signature, signed_info, &certificate, options) {
            Ok(time) => (time, None),
            Err(SignatureError::Profile(p)) if options.profile_as_warning => (None, Some(p)),
            Err(e) => return Err(e),
        };
    Ok(Verified {
        certificate,
        signature_method: method.to_string(),
        signing_time,
        profile_warning,
    })
}

fn check_algorithms<'a>(
    signed_info: Node<'a, '_>,
    options: Options,
) -> Result<&'a str, SignatureError> {
    let c14n = algorithm(signed_info, "CanonicalizationMethod")?;
    if !C14N.contains(&c14n) {
        return Err(SignatureError::Algorithm(format!(
            "CanonicalizationMethod {c14n}"
        )));
    }
    let method = algorithm(signed_info, "SignatureMethod")?;
    if !SIGNATURE_METHODS.contains(&method) {
        return Err(SignatureError::Algorithm(format!(
            "SignatureMethod {method}"
        )));
    }
    let sha1 = |uri: &str| options.reject_sha1 && is_sha1(uri);
    if sha1(method) {
        return Err(SignatureError::Algorithm(format!("SHA-1: {method}")));
    }
    for reference in signed_info
        .children()
        .filter(|n| n.has_tag_name((DS, "Reference")))
    {
        let digest = algorithm(reference, "DigestMethod")?;
        if profile::digest(digest, b"").is_none() {
            return Err(SignatureError::Algorithm(format!("DigestMethod {digest}")));
        }
        if sha1(digest) {
            return Err(SignatureError::Algorithm(format!("SHA-1: {digest}")));
        }
        for t in ds(reference, "Transforms")
            .into_iter()
            .flat_map(|t| t.children().filter(|n| n.has_tag_name((DS, "Transform"))))
        {
            let alg = t.attribute("Algorithm").unwrap_or_default();
            if !(C14N.contains(&alg) || [ENVELOPED, XPATH, FILTER2, BASE64].contains(&alg)) {
                return Err(SignatureError::Algorithm(format!("Transform {alg}")));
            }
        }
    }
    Ok(method)
}

fn key_info_certificate(signature: Node) -> Result<Certificate, SignatureError> {
    let text = ds(signature, "KeyInfo")
        .and_then(|k| ds(k, "X509Data"))
        .and_then(|d| ds(d, "X509Certificate"))
        .and_then(|c| c.text())
        .ok_or_else(|| SignatureError::Certificate("brak certyfikatu w KeyInfo/X509Data".into()))?;
    let der = decode_b64(text)
        .ok_or_else(|| SignatureError::Certificate("certyfikat nie jest w Base64".into()))?;
    Certificate::from_der(&der).map_err(|e| SignatureError::Certificate(e.to_string()))
}

pub(crate) fn decode_b64(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    B64.decode(compact).ok()
}

/// Key sizes KSeF accepts, and ECDSA values as fixed-length `r‖s` (a DER value fails on KSeF).
fn check_key_and_value(
    signature: Node,
    cert: &Certificate,
    method: &str,
) -> Result<(), SignatureError> {
    let spki = &cert.x509().tbs_certificate.subject_public_key_info;
    let value = ds(signature, "SignatureValue")
        .and_then(|v| decode_b64(v.text().unwrap_or_default()))
        .ok_or_else(|| SignatureError::Malformed("brak SignatureValue".into()))?;
    let is_ec = method.contains("ecdsa");
    match spki.algorithm.oid.to_string().as_str() {
        "1.2.840.10045.2.1" if is_ec => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<der::asn1::ObjectIdentifier>().ok())
                .map(|o| o.to_string());
            let field = match curve.as_deref() {
                Some("1.2.840.10045.3.1.7") => 32,
                Some("1.3.132.0.34") => 48,
                Some("1.3.132.0.35") => 66,
                other => {
                    return Err(SignatureError::Algorithm(format!(
                        "krzywa EC {} (wymagana co najmniej 256-bitowa)",
                        other.unwrap_or("?")
                    )))
                }
            };
            if value.len() != 2 * field {
                return Err(SignatureError::EcdsaNotRaw);
            }
        }
        "1.2.840.113549.1.1.1" if !is_ec => {
            let bits = value.len() * 8;
            if bits < 2048 {
                return Err(SignatureError::Algorithm(format!(
                    "klucz RSA {bits} bitów (wymagane co najmniej 2048)"
                )));
            }
        }
        other => {
            return Err(SignatureError::Algorithm(format!(
                "klucz {other} nie pasuje do SignatureMethod {method}"
            )))
        }
    }
    Ok(())
}

/// Every reference resolves inside the document, and one of them covers the whole request.
fn check_references(
    doc: &Document,
    signature: Node,
    signed_info: Node,
) -> Result<(), SignatureError> {
    let mut covers_document = false;
    for reference in signed_info
        .children()
        .filter(|n| n.has_tag_name((DS, "Reference")))
    {
        let uri = reference
            .attribute("URI")
            .ok_or_else(|| SignatureError::Detached("referencja bez atrybutu URI".into()))?;
        if uri.is_empty() || uri == "#xpointer(/)" {
            let transforms: Vec<&str> = ds(reference, "Transforms")
                .into_iter()
                .flat_map(|t| t.children())
                .filter_map(|t| t.attribute("Algorithm"))
                .collect();
            covers_document |= transforms
                .iter()
                .any(|t| [ENVELOPED, XPATH, FILTER2].contains(t));
        } else if let Some(id) = uri.strip_prefix('#') {
            let targets = doc
                .descendants()
                .filter(|n| n.attribute("Id") == Some(id))
                .count();
            if targets != 1 {
                return Err(SignatureError::Invalid(format!(
                    "reference '{uri}' resolves to {targets} elements"
                )));
            }
        } else {
            return Err(SignatureError::Detached(format!("reference '{uri}'")));
        }
    }
    let _ = signature;
    if covers_document {
        Ok(())
    } else {
        Err(SignatureError::Profile(
            "żadna referencja nie obejmuje całego dokumentu (URI=\"\" z transformacją enveloped-signature)".into(),
        ))
    }
}

/// Digests and signature value, checked by the XML-DSig library against the KeyInfo certificate.
fn library_verify(xml: &str, cert: &Certificate) -> Result<(), SignatureError> {
    use bergshamra::{DsigContext, KeysManager, VerifyResult};
    // Permissive: the strict mode treats the XAdES reference into the signature's own Object as
    // a wrapping attack; we do the structural (XSW) checks ourselves above.
    let ctx = DsigContext::new_permissive(KeysManager::new())
        .with_enabled_key_data_x509(true)
        .with_insecure(true);
    match bergshamra::verify(&ctx, xml) {
        Ok(VerifyResult::Valid {
            references,
            key_info,
            ..
        }) => {
            if references.iter().any(|r| !r.digest_verified) {
                return Err(SignatureError::Detached("reference not digested".into()));
            }
            if key_info.x509_chain.first().map(Vec::as_slice) != Some(cert.der()) {
                return Err(SignatureError::Invalid(
                    "the verifying key is not the KeyInfo certificate's".into(),
                ));
            }
            Ok(())
        }
        Ok(VerifyResult::Invalid { reason }) => Err(SignatureError::Invalid(ksef_reason(&reason))),
        Err(e) => Err(SignatureError::Invalid(ksef_reason(&e.to_string()))),
    }
}

/// KSeF's detail strings: "digest mismatch for reference '<uri>'" or "signature verified negatively".
fn ksef_reason(reason: &str) -> String {
    let lower = reason.to_lowercase();
    if let Some(rest) = reason
        .split("URI=")
        .nth(1)
        .filter(|_| lower.contains("digest"))
    {
        let uri = rest.split(": ").next().unwrap_or_default();
        let uri = uri.trim().trim_matches(|c| c == '"' || c == '\'');
        return format!("digest mismatch for reference '{uri}'");
    }
    if reason.to_lowercase().contains("digest") {
        return format!("digest mismatch ({reason})");
    }
    format!("signature verified negatively ({reason})")
}
