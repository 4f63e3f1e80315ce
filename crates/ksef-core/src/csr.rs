//! PKCS#10 certificate requests from the enrollment data, with the subject exactly as KSeF
//! returned it: one single-valued RDN per attribute, `countryName` as PrintableString and every
//! other value as UTF8String so Polish letters survive.

use base64::Engine;
use der::asn1::{BitString, PrintableStringRef, SetOfVec, Utf8StringRef};
use der::{Any, Encode};
use rand_core::CryptoRngCore;
use spki::SubjectPublicKeyInfoOwned;
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::request::{CertReq, CertReqInfo, Version};

use crate::api::certificates::CertificateEnrollmentDataResponse as EnrollmentData;
use crate::keys::PrivateKey;
use crate::lang::{Lang, Localized};

/// X.520 attribute types KSeF puts in a subject.
pub mod oid {
    use der::asn1::ObjectIdentifier as Oid;
    pub const COMMON_NAME: Oid = Oid::new_unwrap("2.5.4.3");
    pub const SURNAME: Oid = Oid::new_unwrap("2.5.4.4");
    pub const SERIAL_NUMBER: Oid = Oid::new_unwrap("2.5.4.5");
    pub const COUNTRY_NAME: Oid = Oid::new_unwrap("2.5.4.6");
    pub const ORGANIZATION_NAME: Oid = Oid::new_unwrap("2.5.4.10");
    pub const GIVEN_NAME: Oid = Oid::new_unwrap("2.5.4.42");
    pub const UNIQUE_IDENTIFIER: Oid = Oid::new_unwrap("2.5.4.45");
    pub const ORGANIZATION_IDENTIFIER: Oid = Oid::new_unwrap("2.5.4.97");
}

// Serde: the app's worker sends it to the page as it is (rendered there, in the current language).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{}", self.message(Lang::Pl))]
pub enum CsrError {
    BadValue { attribute: String, value: String },
    Encoding(String),
}

impl Localized for CsrError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CsrError::BadValue { attribute, value }, Lang::Pl) => {
                format!("Wartości „{value}” nie da się zapisać w polu {attribute}")
            }
            (CsrError::BadValue { attribute, value }, Lang::En) => {
                format!("'{value}' cannot be written as {attribute}")
            }
            (CsrError::Encoding(e), Lang::Pl) => format!("Nie udało się zbudować wniosku CSR: {e}"),
            (CsrError::Encoding(e), Lang::En) => format!("Could not build the CSR: {e}"),
        }
    }
}

/// One subject attribute: its short name, OID and value, in the order they go into the CSR.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectAttribute {
    pub name: &'static str,
    pub oid: der::asn1::ObjectIdentifier,
    pub value: String,
}

/// The attributes of the enrollment data in a stable order (the C# SDK's): CN, SN, GN…, O,
/// organizationIdentifier, C, serialNumber, uniqueIdentifier. KSeF compares values, not order.
pub fn subject_attributes(data: &EnrollmentData) -> Vec<SubjectAttribute> {
    let mut out = vec![];
    let mut push = |name, oid, value: Option<&String>| {
        if let Some(v) = value {
            out.push(SubjectAttribute {
                name,
                oid,
                value: v.clone(),
            });
        }
    };
    push("CN", oid::COMMON_NAME, Some(&data.common_name));
    push("SN", oid::SURNAME, data.surname.as_ref());
    for given in data.given_name.iter().flatten() {
        push("GN", oid::GIVEN_NAME, Some(given));
    }
    push("O", oid::ORGANIZATION_NAME, data.organization_name.as_ref());
    push(
        "organizationIdentifier",
        oid::ORGANIZATION_IDENTIFIER,
        data.organization_identifier.as_ref(),
    );
    push("C", oid::COUNTRY_NAME, Some(&data.country_name));
    push(
        "serialNumber",
        oid::SERIAL_NUMBER,
        data.serial_number.as_ref(),
    );
    push(
        "uniqueIdentifier",
        oid::UNIQUE_IDENTIFIER,
        data.unique_identifier.as_ref(),
    );
    out
}

fn value(attr: &SubjectAttribute) -> Result<Any, CsrError> {
    let bad = || CsrError::BadValue {
        attribute: attr.name.into(),
        value: attr.value.clone(),
    };
    if attr.oid == oid::COUNTRY_NAME {
        Any::encode_from(&PrintableStringRef::new(&attr.value).map_err(|_| bad())?)
            .map_err(|_| bad())
    } else {
        Any::encode_from(&Utf8StringRef::new(&attr.value).map_err(|_| bad())?).map_err(|_| bad())
    }
}

/// The subject `Name`, one single-valued RDN per attribute.
pub fn subject_name(data: &EnrollmentData) -> Result<Name, CsrError> {
    let rdns = subject_attributes(data)
        .iter()
        .map(|a| {
            let atv = AttributeTypeAndValue {
                oid: a.oid,
                value: value(a)?,
            };
            let set =
                SetOfVec::try_from(vec![atv]).map_err(|e| CsrError::Encoding(e.to_string()))?;
            Ok(RelativeDistinguishedName(set))
        })
        .collect::<Result<Vec<_>, CsrError>>()?;
    Ok(RdnSequence(rdns))
}

/// A signed PKCS#10 request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csr {
    pub der: Vec<u8>,
}

impl Csr {
    /// Base64 of the DER, no PEM armour: the `csr` field of the enrollment request.
    pub fn to_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.der)
    }

    pub fn to_pem(&self) -> String {
        der::pem::encode_string("CERTIFICATE REQUEST", der::pem::LineEnding::LF, &self.der)
            .expect("PEM of DER")
    }
}

/// Builds and signs the request: SHA-256 with ECDSA or RSA PKCS#1 v1.5, and no attributes
/// (the empty extensionRequest some builders add is left out: KSeF requires none).
pub fn build(
    data: &EnrollmentData,
    key: &PrivateKey,
    rng: &mut impl CryptoRngCore,
) -> Result<Csr, CsrError> {
    let enc = |e: der::Error| CsrError::Encoding(e.to_string());
    let public_key = SubjectPublicKeyInfoOwned::try_from(key.public_key_der().as_slice())
        .map_err(|e| CsrError::Encoding(e.to_string()))?;
    let info = CertReqInfo {
        version: Version::V1,
        subject: subject_name(data)?,
        public_key,
        attributes: SetOfVec::new(),
    };
    let signature = key.sign_x509(&info.to_der().map_err(enc)?, rng);
    let req = CertReq {
        info,
        algorithm: key.x509_signature_algorithm(),
        signature: BitString::from_bytes(&signature).map_err(enc)?,
    };
    Ok(Csr {
        der: req.to_der().map_err(enc)?,
    })
}
