//! The Ministry's app writes the PBKDF2 `prf` AlgorithmIdentifier without its NULL parameters
//! (legal DER that openssl reads), which the pkcs5 crate 0.7 refuses. We re-encode the
//! parameters with the NULL added, using der's types, before handing the file to pkcs8.

use der::asn1::{Any, Null, ObjectIdentifier, OctetString};
use der::{Decode, Encode, Sequence};
use spki::AlgorithmIdentifierOwned;

const PBES2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.13");
const PBKDF2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.12");

#[derive(Sequence)]
struct EncryptedInfo {
    algorithm: AlgorithmIdentifierOwned,
    data: OctetString,
}

#[derive(Sequence)]
struct Pbes2Params {
    kdf: AlgorithmIdentifierOwned,
    encryption: AlgorithmIdentifierOwned,
}

#[derive(Sequence)]
struct Pbkdf2Params {
    salt: OctetString,
    iterations: u32,
    #[asn1(optional = "true")]
    key_length: Option<u16>,
    #[asn1(optional = "true")]
    prf: Option<AlgorithmIdentifierOwned>,
}

/// The same structure with NULL PRF parameters, or `None` when nothing needs changing.
pub fn with_null_prf_params(der: &[u8]) -> Option<Vec<u8>> {
    let mut info = EncryptedInfo::from_der(der).ok()?;
    if info.algorithm.oid != PBES2 {
        return None;
    }
    let mut pbes2: Pbes2Params = info.algorithm.parameters.as_ref()?.decode_as().ok()?;
    if pbes2.kdf.oid != PBKDF2 {
        return None;
    }
    let mut pbkdf2: Pbkdf2Params = pbes2.kdf.parameters.as_ref()?.decode_as().ok()?;
    let prf = pbkdf2.prf.as_mut()?;
    if prf.parameters.is_some() {
        return None;
    }
    prf.parameters = Some(Any::encode_from(&Null).ok()?);
    pbes2.kdf.parameters = Some(Any::encode_from(&pbkdf2).ok()?);
    info.algorithm.parameters = Some(Any::encode_from(&pbes2).ok()?);
    info.to_der().ok()
}
