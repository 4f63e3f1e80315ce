//! Signs an `auth.xml` with xmlsec1 (libxmlsec1 + OpenSSL), a general XML-DSig implementation,
//! the way the C# SDK shapes it: default-namespace `Signature`, inclusive C14N 1.0 SignedInfo.
//! Shared by ksef-core's and the simulator's tests (`#[path]`), so a signature Klucznik did not
//! make exercises the verifier.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use ksef_core::certificate::Certificate;
use ksef_core::keys::PrivateKey;
use sha2::{Digest, Sha256};

/// Whether xmlsec1 runs here; with `KLUCZNIK_REQUIRE_TOOLS` set, its absence is a failure.
pub fn available() -> bool {
    let ok = Command::new("xmlsec1").arg("--version").output().is_ok();
    assert!(
        ok || std::env::var_os("KLUCZNIK_REQUIRE_TOOLS").is_none(),
        "xmlsec1 is missing (cargo xtask setup installs it)"
    );
    ok
}

/// Signs `unsigned` (an AuthTokenRequest, XML declaration allowed) with `key` and `cert`.
/// `signing_time` goes into SignedProperties verbatim; `method` is the SignatureMethod URI.
pub fn sign(
    unsigned: &str,
    key: &PrivateKey,
    cert: &Certificate,
    method: &str,
    signing_time: &str,
    dir: &Path,
) -> String {
    sign_tweaked(unsigned, key, cert, method, signing_time, dir, |t| t)
}

/// As [`sign`], with `tweak` applied to the signature template before xmlsec1 signs it (to
/// leave out XAdES parts, say).
pub fn sign_tweaked(
    unsigned: &str,
    key: &PrivateKey,
    cert: &Certificate,
    method: &str,
    signing_time: &str,
    dir: &Path,
    tweak: impl Fn(String) -> String,
) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let ds = "http://www.w3.org/2000/09/xmldsig#";
    let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
    let exc = "http://www.w3.org/2001/10/xml-exc-c14n#";
    let cert_digest = B64.encode(Sha256::digest(cert.der()));
    let template = format!(
        r##"<Signature Id="Signature" xmlns="{ds}"><SignedInfo><CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><SignatureMethod Algorithm="{method}"/><Reference URI=""><Transforms><Transform Algorithm="{ds}enveloped-signature"/><Transform Algorithm="{exc}"/></Transforms><DigestMethod Algorithm="{sha256}"/><DigestValue/></Reference><Reference URI="#SignedProperties" Type="http://uri.etsi.org/01903#SignedProperties"><Transforms><Transform Algorithm="{exc}"/></Transforms><DigestMethod Algorithm="{sha256}"/><DigestValue/></Reference></SignedInfo><SignatureValue/><KeyInfo><X509Data/></KeyInfo><Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#Signature"><xades:SignedProperties Id="SignedProperties"><xades:SignedSignatureProperties><xades:SigningTime>{signing_time}</xades:SigningTime><xades:SigningCertificate><xades:Cert><xades:CertDigest><DigestMethod Algorithm="{sha256}"/><DigestValue>{cert_digest}</DigestValue></xades:CertDigest><xades:IssuerSerial><X509IssuerName>{issuer}</X509IssuerName><X509SerialNumber>{serial}</X509SerialNumber></xades:IssuerSerial></xades:Cert></xades:SigningCertificate></xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></Object></Signature>"##,
        issuer = cert.issuer().replace('&', "&amp;").replace('<', "&lt;"),
        serial = cert.serial_decimal(),
    );
    let template = tweak(template);
    let close = unsigned.rfind("</").expect("root end tag");
    let doc = format!("{}{}{}", &unsigned[..close], template, &unsigned[close..]);
    let name = format!(
        "{:016x}",
        rand_core::RngCore::next_u64(&mut rand_core::OsRng)
    );
    let (tpl, key_pem, cert_pem, out) = (
        dir.join(format!("{name}.tpl.xml")),
        dir.join(format!("{name}.key.pem")),
        dir.join(format!("{name}.crt.pem")),
        dir.join(format!("{name}.signed.xml")),
    );
    std::fs::write(&tpl, doc).unwrap();
    let pem = der::pem::encode_string("PRIVATE KEY", der::pem::LineEnding::LF, &key.to_pkcs8_der())
        .unwrap();
    std::fs::write(&key_pem, pem).unwrap();
    std::fs::write(&cert_pem, cert.to_pem()).unwrap();
    let status = Command::new("xmlsec1")
        .args([
            "--sign",
            "--id-attr:Id",
            "http://uri.etsi.org/01903/v1.3.2#:SignedProperties",
            "--privkey-pem",
        ])
        .arg(format!("{},{}", key_pem.display(), cert_pem.display()))
        .arg("--output")
        .arg(&out)
        .arg(&tpl)
        .status()
        .expect("xmlsec1 runs");
    assert!(status.success(), "xmlsec1 --sign failed");
    std::fs::read_to_string(&out).unwrap()
}
