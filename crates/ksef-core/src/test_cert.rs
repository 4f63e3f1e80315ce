//! Self-signed certificates for KSeF TEST, which accepts them for XAdES login: a person
//! (NIP or PESEL in `serialNumber`) or a company seal (NIP in `organizationIdentifier`).

use der::asn1::UtcTime;
use rand_core::CryptoRngCore;
use sha2::Sha256;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};

use crate::api::certificates::CertificateEnrollmentDataResponse as Subject;
use crate::certificate::Certificate;
use crate::datetime::DateTime;
use crate::ident::{Nip, Pesel};
use crate::keys::PrivateKey;

/// Whom the test certificate names.
#[derive(Clone, Debug)]
pub enum TestIdentity {
    /// A person identified by NIP: serialNumber `TINPL-<NIP>`.
    PersonNip {
        given_name: String,
        surname: String,
        nip: Nip,
    },
    /// A person identified by PESEL: serialNumber `PNOPL-<PESEL>`.
    PersonPesel {
        given_name: String,
        surname: String,
        pesel: Pesel,
    },
    /// A company seal: organizationIdentifier `VATPL-<NIP>`.
    Seal { organization: String, nip: Nip },
}

impl TestIdentity {
    /// The subject as KSeF's enrollment data would describe it.
    pub fn subject(&self) -> Subject {
        let person = |given: &str, surname: &str, serial: String| Subject {
            common_name: format!("{given} {surname}"),
            country_name: "PL".into(),
            given_name: Some(vec![given.to_string()]),
            surname: Some(surname.to_string()),
            serial_number: Some(serial),
            ..Subject::default()
        };
        match self {
            TestIdentity::PersonNip {
                given_name,
                surname,
                nip,
            } => person(given_name, surname, format!("TINPL-{nip}")),
            TestIdentity::PersonPesel {
                given_name,
                surname,
                pesel,
            } => person(given_name, surname, format!("PNOPL-{pesel}")),
            TestIdentity::Seal { organization, nip } => Subject {
                common_name: organization.clone(),
                country_name: "PL".into(),
                organization_name: Some(organization.clone()),
                organization_identifier: Some(format!("VATPL-{nip}")),
                ..Subject::default()
            },
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TestCertError(String);

fn utc(t: DateTime) -> Result<Time, TestCertError> {
    let secs =
        u64::try_from(t.unix_timestamp()).map_err(|_| TestCertError("date before 1970".into()))?;
    UtcTime::from_unix_duration(std::time::Duration::from_secs(secs))
        .map(Time::UtcTime)
        .map_err(|e| TestCertError(e.to_string()))
}

/// A self-signed certificate for `key`, valid from an hour before `now` for two years. `now` comes from the caller:
/// the core does no I/O, and in the browser `SystemTime` does not exist.
pub fn self_signed(
    identity: &TestIdentity,
    key: &PrivateKey,
    now: DateTime,
    rng: &mut impl CryptoRngCore,
) -> Result<Certificate, TestCertError> {
    let err = |e: &dyn std::fmt::Display| TestCertError(e.to_string());
    let subject = crate::csr::subject_name(&identity.subject()).map_err(|e| err(&e))?;
    let validity = Validity {
        not_before: utc(now - time::Duration::hours(1))?,
        not_after: utc(now + time::Duration::days(730))?,
    };
    let mut serial = [0u8; 8];
    rng.fill_bytes(&mut serial);
    serial[0] &= 0x7F;
    let serial = SerialNumber::new(&serial).map_err(|e| err(&e))?;
    let spki = spki::SubjectPublicKeyInfoOwned::try_from(key.public_key_der().as_slice())
        .map_err(|e| err(&e))?;
    // A leaf: basicConstraints CA:FALSE, keyUsage digitalSignature (+ nonRepudiation), key ids.
    let profile = Profile::Leaf {
        issuer: subject.clone(),
        enable_key_agreement: false,
        enable_key_encipherment: false,
        include_subject_key_identifier: true,
    };
    let der = match key {
        PrivateKey::Ec(k) => {
            let signer = p256::ecdsa::SigningKey::from(k);
            let b =
                CertificateBuilder::new(profile.clone(), serial, validity, subject, spki, &signer)
                    .map_err(|e| err(&e))?;
            der::Encode::to_der(
                &b.build::<p256::ecdsa::DerSignature>()
                    .map_err(|e| err(&e))?,
            )
        }
        PrivateKey::Rsa(k) => {
            let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone());
            let b =
                CertificateBuilder::new(profile.clone(), serial, validity, subject, spki, &signer)
                    .map_err(|e| err(&e))?;
            der::Encode::to_der(&b.build::<rsa::pkcs1v15::Signature>().map_err(|e| err(&e))?)
        }
    }
    .map_err(|e| err(&e))?;
    Certificate::from_der(&der).map_err(|e| err(&e))
}
