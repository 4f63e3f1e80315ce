//! What a certificate's subject says about its holder: the attribute values, the KSeF identity
//! (NIP, PESEL or, failing those, the fingerprint) and the enrollment data KSeF derives from it.

use der::asn1::{BmpString, Ia5StringRef, ObjectIdentifier, PrintableStringRef, Utf8StringRef};
use der::{Tag, Tagged};
use x509_cert::name::Name;

use crate::api::certificates::CertificateEnrollmentDataResponse as EnrollmentData;
use crate::api::{SubjectIdentifier, SubjectIdentifierKind};
use crate::certificate::Certificate;
use crate::csr::oid;

/// One attribute of a subject with its value decoded to text, whatever the ASN.1 string type.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Attribute {
    pub oid: ObjectIdentifier,
    pub value: String,
}

/// Every attribute of `name`, RDN by RDN; values in string types we cannot read are skipped.
pub fn attributes(name: &Name) -> Vec<Attribute> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .filter_map(|atv| {
            Some(Attribute {
                oid: atv.oid,
                value: decode_string(&atv.value)?,
            })
        })
        .collect()
}

fn decode_string(any: &der::Any) -> Option<String> {
    let bytes = any.value();
    match any.tag() {
        Tag::Utf8String => Utf8StringRef::new(bytes).ok().map(|s| s.to_string()),
        Tag::PrintableString => PrintableStringRef::new(bytes).ok().map(|s| s.to_string()),
        Tag::Ia5String => Ia5StringRef::new(bytes).ok().map(|s| s.to_string()),
        Tag::BmpString => BmpString::from_ucs2(bytes.to_vec())
            .ok()
            .map(|s| s.to_string()),
        // TeletexString in practice carries Latin-1.
        Tag::TeletexString => Some(bytes.iter().map(|&b| b as char).collect()),
        _ => None,
    }
}

fn first(attrs: &[Attribute], oid: ObjectIdentifier) -> Option<&str> {
    attrs
        .iter()
        .find(|a| a.oid == oid)
        .map(|a| a.value.as_str())
}

fn digits_after(value: &str, prefixes: &[&str], len: usize) -> Option<String> {
    // KSeF's rule is `(PNOPL|PESEL).*?(\d{11})`: a prefix, anything, then the digits.
    let start = prefixes
        .iter()
        .filter_map(|p| value.find(p).map(|i| i + p.len()))
        .min()?;
    let rest = &value[start..];
    rest.char_indices().find_map(|(i, _)| {
        let candidate = rest.get(i..i + len)?;
        candidate
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| candidate.to_string())
    })
}

/// The identity KSeF reads from a subject (`certificateSubject`): PESEL or NIP in
/// `serialNumber`, or for a seal the NIP in `organizationIdentifier` (VATPL).
pub fn identity(attrs: &[Attribute]) -> Option<SubjectIdentifier> {
    let id = |kind, value| SubjectIdentifier { kind, value };
    if let Some(serial) = first(attrs, oid::SERIAL_NUMBER) {
        if let Some(pesel) = digits_after(serial, &["PNOPL", "PESEL"], 11) {
            return Some(id(SubjectIdentifierKind::Pesel, pesel));
        }
        if let Some(nip) = digits_after(serial, &["TINPL", "NIP"], 10) {
            return Some(id(SubjectIdentifierKind::Nip, nip));
        }
    }
    let org = first(attrs, oid::ORGANIZATION_IDENTIFIER)?;
    digits_after(org, &["VATPL"], 10).map(|nip| id(SubjectIdentifierKind::Nip, nip))
}

/// A seal names an organisation; one that also names a person is malformed for KSeF.
pub fn is_seal(attrs: &[Attribute]) -> bool {
    first(attrs, oid::ORGANIZATION_IDENTIFIER).is_some()
        && first(attrs, oid::SERIAL_NUMBER).is_none()
}

pub fn names_a_person(attrs: &[Attribute]) -> bool {
    first(attrs, oid::GIVEN_NAME).is_some() || first(attrs, oid::SURNAME).is_some()
}

/// The enrollment data KSeF derives from the certificate used to log in.
pub fn enrollment_data(attrs: &[Attribute]) -> EnrollmentData {
    let get = |o| first(attrs, o).map(str::to_string);
    let given: Vec<String> = attrs
        .iter()
        .filter(|a| a.oid == oid::GIVEN_NAME)
        .map(|a| a.value.clone())
        .collect();
    let seal = is_seal(attrs);
    EnrollmentData {
        common_name: get(oid::COMMON_NAME).unwrap_or_default(),
        country_name: get(oid::COUNTRY_NAME).unwrap_or_else(|| "PL".into()),
        given_name: (!seal && !given.is_empty()).then_some(given),
        surname: get(oid::SURNAME).filter(|_| !seal),
        serial_number: get(oid::SERIAL_NUMBER).filter(|_| !seal),
        unique_identifier: get(oid::UNIQUE_IDENTIFIER),
        organization_name: get(oid::ORGANIZATION_NAME).filter(|_| seal),
        organization_identifier: get(oid::ORGANIZATION_IDENTIFIER).filter(|_| seal),
    }
}

/// The enrollment data's attributes as a sorted multiset, for comparing subjects by value
/// (RDN order and string types vary between clients).
pub fn expected_attributes(data: &EnrollmentData) -> Vec<Attribute> {
    let mut v: Vec<Attribute> = crate::csr::subject_attributes(data)
        .into_iter()
        .map(|a| Attribute {
            oid: a.oid,
            value: a.value,
        })
        .collect();
    v.sort();
    v
}

/// Whether `name` carries exactly the enrollment data, compared by value.
pub fn matches_enrollment_data(name: &Name, data: &EnrollmentData) -> bool {
    let mut actual = attributes(name);
    actual.sort();
    actual == expected_attributes(data)
}

impl Certificate {
    pub fn subject_attributes(&self) -> Vec<Attribute> {
        attributes(&self.x509().tbs_certificate.subject)
    }

    /// The identity for `certificateSubject`, or `None` when the subject carries none.
    pub fn subject_identity(&self) -> Option<SubjectIdentifier> {
        identity(&self.subject_attributes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{KeyAlgorithm, PrivateKey};
    use crate::test_cert::{self_signed, TestIdentity};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn cert(identity: &TestIdentity) -> Certificate {
        let key = PrivateKey::generate(KeyAlgorithm::EcP256, &mut rand_core::OsRng).unwrap();
        self_signed(
            identity,
            &key,
            time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000),
            &mut rand_core::OsRng,
        )
        .unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn identities_come_from_serial_number_or_organization_identifier() {
        let person = TestIdentity::PersonPesel {
            given_name: "Żaneta".into(),
            surname: "Łęcka".into(),
            pesel: "02070803628".parse().unwrap(),
        };
        let c = cert(&person);
        let id = c.subject_identity().unwrap();
        assert_eq!(
            (id.kind, id.value.as_str()),
            (SubjectIdentifierKind::Pesel, "02070803628")
        );
        let data = enrollment_data(&c.subject_attributes());
        assert_eq!(data, person.subject());
        assert!(matches_enrollment_data(
            &c.x509().tbs_certificate.subject,
            &data
        ));

        let seal = TestIdentity::Seal {
            organization: "Firma sp. z o.o.".into(),
            nip: "5265877635".parse().unwrap(),
        };
        let c = cert(&seal);
        assert_eq!(c.subject_identity().unwrap().value, "5265877635");
        assert!(is_seal(&c.subject_attributes()));
        assert_eq!(enrollment_data(&c.subject_attributes()), seal.subject());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn identity_rules_follow_ksef_patterns() {
        let attr = |oid, v: &str| Attribute {
            oid,
            value: v.into(),
        };
        let with_serial = |v| identity(&[attr(oid::SERIAL_NUMBER, v)]);
        assert_eq!(with_serial("TINPL-5265877635").unwrap().value, "5265877635");
        assert_eq!(
            with_serial("PESEL: 02070803628").unwrap().value,
            "02070803628"
        );
        assert!(with_serial("IDCPL-ABC123").is_none());
        assert!(with_serial("TINPL-12345").is_none());
        assert!(identity(&[attr(oid::COMMON_NAME, "Jan")]).is_none());
    }
}
