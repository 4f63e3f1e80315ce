//! What KSeF checks in a CSR before accepting an enrollment: PKCS#10 DER in Base64 with a valid
//! self-signature (25004), an RSA-2048 or P-256 key (25010), and a signature algorithm from its
//! list (25011): RSA PKCS#1 v1.5, RSA-PSS or ECDSA with SHA-1/256/384/512.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use der::{Decode, Encode};
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rsa::signature::Verifier;
use sha2::Digest;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::name::Name;
use x509_cert::request::CertReq;

use crate::errors::ApiError;

pub struct CheckedCsr {
    pub spki: SubjectPublicKeyInfoOwned,
    pub subject: Name,
}

#[derive(Clone, Copy)]
enum Hash {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl Hash {
    fn from_oid(oid: &str) -> Option<Hash> {
        Some(match oid {
            "1.3.14.3.2.26" => Hash::Sha1,
            "2.16.840.1.101.3.4.2.1" => Hash::Sha256,
            "2.16.840.1.101.3.4.2.2" => Hash::Sha384,
            "2.16.840.1.101.3.4.2.3" => Hash::Sha512,
            _ => return None,
        })
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha1 => sha1::Sha1::digest(data).to_vec(),
            Hash::Sha256 => sha2::Sha256::digest(data).to_vec(),
            Hash::Sha384 => sha2::Sha384::digest(data).to_vec(),
            Hash::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }
}

enum Scheme {
    RsaPkcs1(Hash),
    RsaPss(Hash),
    Ecdsa(Hash),
}

fn scheme(req: &CertReq) -> Option<Scheme> {
    let alg = &req.algorithm;
    Some(match alg.oid.to_string().as_str() {
        "1.2.840.113549.1.1.5" => Scheme::RsaPkcs1(Hash::Sha1),
        "1.2.840.113549.1.1.11" => Scheme::RsaPkcs1(Hash::Sha256),
        "1.2.840.113549.1.1.12" => Scheme::RsaPkcs1(Hash::Sha384),
        "1.2.840.113549.1.1.13" => Scheme::RsaPkcs1(Hash::Sha512),
        "1.2.840.113549.1.1.10" => {
            let params = alg.parameters.as_ref()?;
            let params = params.to_der().ok()?;
            let pss = rsa::pkcs1::RsaPssParams::from_der(&params).ok()?;
            Scheme::RsaPss(Hash::from_oid(&pss.hash.oid.to_string())?)
        }
        "1.2.840.10045.4.1" => Scheme::Ecdsa(Hash::Sha1),
        "1.2.840.10045.4.3.2" => Scheme::Ecdsa(Hash::Sha256),
        "1.2.840.10045.4.3.3" => Scheme::Ecdsa(Hash::Sha384),
        "1.2.840.10045.4.3.4" => Scheme::Ecdsa(Hash::Sha512),
        _ => return None,
    })
}

enum Key {
    Rsa(rsa::RsaPublicKey),
    Ec(p256::ecdsa::VerifyingKey),
}

fn key(spki: &SubjectPublicKeyInfoOwned) -> Result<Key, ApiError> {
    let bad = |d: &str| ApiError::code(25010, [d.to_string()]);
    let der = spki
        .to_der()
        .map_err(|_| bad("nieczytelny klucz publiczny"))?;
    match spki.algorithm.oid.to_string().as_str() {
        "1.2.840.113549.1.1.1" => {
            use rsa::pkcs8::DecodePublicKey;
            use rsa::traits::PublicKeyParts;
            let k = rsa::RsaPublicKey::from_public_key_der(&der)
                .map_err(|_| bad("nieczytelny klucz RSA"))?;
            if k.size() * 8 != 2048 {
                return Err(bad(&format!(
                    "klucz RSA ma {} bitów; wymagane dokładnie 2048",
                    k.size() * 8
                )));
            }
            Ok(Key::Rsa(k))
        }
        "1.2.840.10045.2.1" => {
            use p256::pkcs8::DecodePublicKey;
            p256::ecdsa::VerifyingKey::from_public_key_der(&der)
                .map(Key::Ec)
                .map_err(|_| bad("klucz EC musi być na krzywej P-256"))
        }
        other => Err(bad(&format!(
            "typ klucza {other}; dozwolone RSA-2048 i EC P-256"
        ))),
    }
}

fn verify(key: &Key, scheme: &Scheme, data: &[u8], sig: &[u8]) -> bool {
    use rsa::{pkcs1v15, pss};
    let pkcs1 = |k: &rsa::RsaPublicKey, h: Hash| {
        let k = k.clone();
        match h {
            Hash::Sha1 => pkcs1v15::Signature::try_from(sig).is_ok_and(|s| {
                pkcs1v15::VerifyingKey::<sha1::Sha1>::new(k)
                    .verify(data, &s)
                    .is_ok()
            }),
            Hash::Sha256 => pkcs1v15::Signature::try_from(sig).is_ok_and(|s| {
                pkcs1v15::VerifyingKey::<sha2::Sha256>::new(k)
                    .verify(data, &s)
                    .is_ok()
            }),
            Hash::Sha384 => pkcs1v15::Signature::try_from(sig).is_ok_and(|s| {
                pkcs1v15::VerifyingKey::<sha2::Sha384>::new(k)
                    .verify(data, &s)
                    .is_ok()
            }),
            Hash::Sha512 => pkcs1v15::Signature::try_from(sig).is_ok_and(|s| {
                pkcs1v15::VerifyingKey::<sha2::Sha512>::new(k)
                    .verify(data, &s)
                    .is_ok()
            }),
        }
    };
    let pss = |k: &rsa::RsaPublicKey, h: Hash| {
        let k = k.clone();
        match h {
            Hash::Sha1 => pss::Signature::try_from(sig).is_ok_and(|s| {
                pss::VerifyingKey::<sha1::Sha1>::new(k)
                    .verify(data, &s)
                    .is_ok()
            }),
            Hash::Sha256 => pss::Signature::try_from(sig).is_ok_and(|s| {
                pss::VerifyingKey::<sha2::Sha256>::new(k)
                    .verify(data, &s)
                    .is_ok()
            }),
            Hash::Sha384 => pss::Signature::try_from(sig).is_ok_and(|s| {
                pss::VerifyingKey::<sha2::Sha384>::new(k)
                    .verify(data, &s)
                    .is_ok()
            }),
            Hash::Sha512 => pss::Signature::try_from(sig).is_ok_and(|s| {
                pss::VerifyingKey::<sha2::Sha512>::new(k)
                    .verify(data, &s)
                    .is_ok()
            }),
        }
    };
    match (key, scheme) {
        (Key::Rsa(k), Scheme::RsaPkcs1(h)) => pkcs1(k, *h),
        (Key::Rsa(k), Scheme::RsaPss(h)) => pss(k, *h),
        (Key::Ec(k), Scheme::Ecdsa(h)) => p256::ecdsa::Signature::from_der(sig)
            .is_ok_and(|s| k.verify_prehash(&h.digest(data), &s).is_ok()),
        _ => false,
    }
}

/// Checks a Base64 DER CSR in KSeF's order.
pub fn check(csr_b64: &str) -> Result<CheckedCsr, ApiError> {
    let format = |d: &str| ApiError::code(25004, [d.to_string()]);
    let der = B64
        .decode(csr_b64.trim())
        .map_err(|_| format("CSR nie jest poprawnym Base64 (bez nagłówków PEM)"))?;
    let req =
        CertReq::from_der(&der).map_err(|e| format(&format!("to nie jest PKCS#10 DER: {e}")))?;
    let key = key(&req.info.public_key)?;
    let scheme = scheme(&req)
        .ok_or_else(|| ApiError::code(25011, [format!("algorytm {}", req.algorithm.oid)]))?;
    let info = req.info.to_der().map_err(|e| format(&e.to_string()))?;
    let sig = req.signature.as_bytes().unwrap_or_default();
    if !verify(&key, &scheme, &info, sig) {
        return Err(format("podpis CSR jest nieprawidłowy"));
    }
    Ok(CheckedCsr {
        spki: req.info.public_key.clone(),
        subject: req.info.subject.clone(),
    })
}
