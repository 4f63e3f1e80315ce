//! The XAdES-BES / BASELINE-B part KSeF insists on since 2.1.0: a `SignedProperties` covered by
//! the signature, naming the KeyInfo certificate by digest, with a `SigningTime`.

use roxmltree::{Document, Node};
use sha2::Digest;

use super::{decode_b64, ds, Options, SignatureError, DS, XADES};
use crate::certificate::Certificate;
use crate::datetime::DateTime;

const SIGNED_PROPERTIES_TYPE: &str = "http://uri.etsi.org/01903#SignedProperties";

/// The digest algorithms KSeF lists for references and `CertDigest`.
pub(crate) fn digest(uri: &str, data: &[u8]) -> Option<Vec<u8>> {
    Some(match uri {
        "http://www.w3.org/2000/09/xmldsig#sha1" => sha1::Sha1::digest(data).to_vec(),
        "http://www.w3.org/2001/04/xmlenc#sha256" => sha2::Sha256::digest(data).to_vec(),
        "http://www.w3.org/2001/04/xmldsig-more#sha384" => sha2::Sha384::digest(data).to_vec(),
        "http://www.w3.org/2001/04/xmlenc#sha512" => sha2::Sha512::digest(data).to_vec(),
        "http://www.w3.org/2007/05/xmldsig-more#sha3-256" => sha3::Sha3_256::digest(data).to_vec(),
        "http://www.w3.org/2007/05/xmldsig-more#sha3-384" => sha3::Sha3_384::digest(data).to_vec(),
        "http://www.w3.org/2007/05/xmldsig-more#sha3-512" => sha3::Sha3_512::digest(data).to_vec(),
        _ => return None,
    })
}

fn xades<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name((XADES, name)))
}

fn profile(msg: &str) -> SignatureError {
    SignatureError::Profile(msg.into())
}

/// Returns the `SigningTime`.
pub(crate) fn check(
    doc: &Document,
    signature: Node,
    signed_info: Node,
    cert: &Certificate,
    options: Options,
) -> Result<Option<DateTime>, SignatureError> {
    let properties = signed_properties(doc, signature, signed_info)?;
    let signature_properties = xades(properties, "SignedSignatureProperties")
        .ok_or_else(|| profile("brak SignedSignatureProperties"))?;
    check_signing_certificate(signature_properties, cert, options)?;
    let time = xades(signature_properties, "SigningTime")
        .and_then(|t| t.text())
        .ok_or_else(|| profile("brak SigningTime (wymagany w XAdES BASELINE-B)"))?;
    crate::datetime::parse_lenient(time.trim())
        .map(Some)
        .ok_or_else(|| profile("SigningTime nie jest poprawną datą"))
}

/// The `SignedProperties` a typed reference points at, inside this signature's
/// `QualifyingProperties` that targets this signature.
fn signed_properties<'a, 'i>(
    doc: &'a Document<'i>,
    signature: Node<'a, 'i>,
    signed_info: Node<'a, 'i>,
) -> Result<Node<'a, 'i>, SignatureError> {
    let reference = signed_info
        .children()
        .filter(|n| n.has_tag_name((DS, "Reference")))
        .find(|r| r.attribute("Type") == Some(SIGNED_PROPERTIES_TYPE))
        .ok_or_else(|| {
            profile("podpis nie obejmuje SignedProperties (brak referencji typu SignedProperties)")
        })?;
    let id = reference
        .attribute("URI")
        .and_then(|u| u.strip_prefix('#'))
        .ok_or_else(|| profile("referencja SignedProperties musi wskazywać element (#Id)"))?;
    let target = doc
        .descendants()
        .find(|n| n.attribute("Id") == Some(id))
        .filter(|n| n.has_tag_name((XADES, "SignedProperties")))
        .ok_or_else(|| profile("referencja SignedProperties wskazuje inny element"))?;
    let qualifying = target
        .parent()
        .filter(|q| q.has_tag_name((XADES, "QualifyingProperties")))
        .ok_or_else(|| profile("SignedProperties poza QualifyingProperties"))?;
    let in_this_signature = qualifying
        .parent()
        .filter(|o| o.has_tag_name((DS, "Object")))
        .and_then(|o| o.parent())
        == Some(signature);
    let sig_id = signature.attribute("Id").unwrap_or_default();
    let targets_it = qualifying
        .attribute("Target")
        .and_then(|t| t.strip_prefix('#'))
        == Some(sig_id)
        && !sig_id.is_empty();
    if in_this_signature && targets_it {
        Ok(target)
    } else {
        Err(profile(
            "QualifyingProperties nie należy do tego podpisu (Target)",
        ))
    }
}

/// `SigningCertificate` (or V2) must name the KeyInfo certificate by its digest.
fn check_signing_certificate(
    properties: Node,
    cert: &Certificate,
    options: Options,
) -> Result<(), SignatureError> {
    let signing = xades(properties, "SigningCertificate")
        .or_else(|| xades(properties, "SigningCertificateV2"))
        .ok_or_else(|| profile("brak SigningCertificate"))?;
    let mut found_any = false;
    for digest_node in signing
        .children()
        .filter(|n| n.has_tag_name((XADES, "Cert")))
        .filter_map(|c| xades(c, "CertDigest"))
    {
        found_any = true;
        let alg = ds(digest_node, "DigestMethod")
            .and_then(|m| m.attribute("Algorithm"))
            .unwrap_or_default();
        if options.reject_sha1 && alg.ends_with("#sha1") {
            return Err(SignatureError::Algorithm(format!("SHA-1: {alg}")));
        }
        let expected = digest(alg, cert.der())
            .ok_or_else(|| SignatureError::Algorithm(format!("CertDigest {alg}")))?;
        let given =
            ds(digest_node, "DigestValue").and_then(|v| decode_b64(v.text().unwrap_or_default()));
        if given.as_deref() == Some(expected.as_slice()) {
            return Ok(());
        }
    }
    Err(profile(if found_any {
        "CertDigest w SigningCertificate nie odpowiada certyfikatowi z KeyInfo"
    } else {
        "SigningCertificate bez CertDigest"
    }))
}
