//! Key files: `.key` as the Ministry's app writes them (PEM `ENCRYPTED PRIVATE KEY`, PBES2 with
//! PBKDF2-HMAC-SHA256, 100 000 iterations, AES-256-CBC), imports of other PKCS#8/PKCS#1/SEC1
//! keys, and PKCS#12 bundles of key and certificate.

use der::pem::LineEnding;
use der::Decode;
use pkcs8::{pkcs5::pbes2, EncryptedPrivateKeyInfo, PrivateKeyInfo};
use rand_core::CryptoRngCore;
use zeroize::Zeroizing;

use crate::certificate::Certificate;
use crate::keys::{KeyError, PrivateKey};
use crate::lang::{Lang, Localized};
use crate::rules::{key_password, Rule};

mod pbes2_compat;

pub const PBKDF2_ITERATIONS: u32 = 100_000;

// Serde: the app's worker sends it to the page as it is (rendered there, in the current language).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[error("{}", self.message(Lang::Pl))]
pub enum KeyFileError {
    WrongPassword,
    PasswordNeeded,
    WeakPassword(Vec<Rule>),
    NotAKey(String),
    Key(#[from] KeyError),
    NoKeyInBundle,
    Pkcs12(String),
    /// The certificate was issued for another key.
    Mismatch,
}

impl Localized for KeyFileError {
    fn message(&self, lang: Lang) -> String {
        use KeyFileError::*;
        match (self, lang) {
            (WrongPassword, Lang::Pl) => "Błędne hasło".into(),
            (WrongPassword, Lang::En) => "Wrong password".into(),
            (PasswordNeeded, Lang::Pl) => "Ten plik jest zaszyfrowany – podaj hasło".into(),
            (PasswordNeeded, Lang::En) => "This file is encrypted – enter the password".into(),
            (WeakPassword(rules), _) => {
                let list: Vec<String> = rules.iter().map(|r| r.message(lang)).collect();
                format!(
                    "{}: {}",
                    lang.pick("Hasło nie spełnia zasad", "The password breaks the rules"),
                    list.join(", ")
                )
            }
            (NotAKey(what), Lang::Pl) => format!("To nie jest plik klucza prywatnego ({what})"),
            (NotAKey(what), Lang::En) => format!("This is not a private key file ({what})"),
            (Key(e), _) => e.message(lang),
            (NoKeyInBundle, Lang::Pl) => {
                "Plik PKCS#12 nie zawiera klucza prywatnego z certyfikatem".into()
            }
            (NoKeyInBundle, Lang::En) => {
                "The PKCS#12 file holds no private key with a certificate".into()
            }
            (Mismatch, Lang::Pl) => "Certyfikat nie pasuje do klucza (inny klucz publiczny)".into(),
            (Mismatch, Lang::En) => {
                "The certificate does not belong to this key (different public key)".into()
            }
            (Pkcs12(e), Lang::Pl) => format!(
                "Nie udało się odczytać pliku PKCS#12 (błędne hasło lub uszkodzony plik): {e}"
            ),
            (Pkcs12(e), Lang::En) => {
                format!("Could not read the PKCS#12 file (wrong password or corrupt file): {e}")
            }
        }
    }
}

/// A key read from a file, and whether the file protected it.
#[derive(Debug)]
pub struct LoadedKey {
    pub key: PrivateKey,
    /// `false` for plain PKCS#8/PKCS#1/SEC1 files: warn the user to keep them safe.
    pub was_encrypted: bool,
}

/// Encrypts `key` into a `.key` file the Ministry's app (and openssl) reads.
pub fn encrypt_key(
    key: &PrivateKey,
    password: &str,
    rng: &mut impl CryptoRngCore,
) -> Result<String, KeyFileError> {
    let rules = key_password(password);
    if !rules.is_ok() {
        return Err(KeyFileError::WeakPassword(rules.failed().collect()));
    }
    let mut salt = [0u8; 16];
    let mut iv = [0u8; 16];
    rng.fill_bytes(&mut salt);
    rng.fill_bytes(&mut iv);
    let params = pbes2::Parameters::pbkdf2_sha256_aes256cbc(PBKDF2_ITERATIONS, &salt, &iv)
        .expect("valid PBES2 parameters");
    let der = key.to_pkcs8_der();
    let info = PrivateKeyInfo::from_der(&der).expect("our own PKCS#8 parses");
    let doc = info
        .encrypt_with_params(params, password)
        .expect("AES-CBC encryption cannot fail");
    Ok(doc
        .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
        .expect("PEM of DER")
        .to_string())
}

/// Reads any key file we accept: encrypted PKCS#8 (any PBES2 openssl writes), or plain
/// PKCS#8 / PKCS#1 (RSA) / SEC1 (EC), as PEM or DER.
pub fn decrypt_key(bytes: &[u8], password: Option<&str>) -> Result<LoadedKey, KeyFileError> {
    let (label, der) = match pem_key_block(bytes)? {
        KeyEncoding::Pem { label, der } => (label, der),
        // Not text with a PEM block: the bytes themselves are the DER (`.der`, `.p8`).
        KeyEncoding::Der => (String::new(), Zeroizing::new(bytes.to_vec())),
    };
    let plain = |key| {
        Ok(LoadedKey {
            key,
            was_encrypted: false,
        })
    };
    match label.as_str() {
        "ENCRYPTED PRIVATE KEY" => decrypt_pkcs8(&der, password),
        "PRIVATE KEY" => plain(PrivateKey::from_pkcs8_der(&der)?),
        "RSA PRIVATE KEY" => plain(rsa_pkcs1(&der)?),
        "EC PRIVATE KEY" => plain(ec_sec1(&der)?),
        "" => {
            let fixed = pbes2_compat::with_null_prf_params(&der);
            if fixed.is_some() || EncryptedPrivateKeyInfo::from_der(&der).is_ok() {
                decrypt_pkcs8(&der, password)
            } else if PrivateKeyInfo::from_der(&der).is_ok() {
                plain(PrivateKey::from_pkcs8_der(&der)?)
            } else if let Ok(k) = rsa_pkcs1(&der) {
                plain(k)
            } else if let Ok(k) = ec_sec1(&der) {
                plain(k)
            } else {
                Err(KeyFileError::NotAKey(format!("{} B", bytes.len())))
            }
        }
        other => Err(KeyFileError::NotAKey(format!("PEM {other}"))),
    }
}

/// How a key file holds the key.
enum KeyEncoding {
    /// The private key's PEM block, decoded.
    Pem {
        label: String,
        der: Zeroizing<Vec<u8>>,
    },
    /// No PEM block at all: the file is the DER itself.
    Der,
}

/// The private key's PEM block of a text file. The key need not be the only block: openssl
/// writes "Bag Attributes" before it, and a `.pem` may carry the certificate too, before or
/// after the key.
fn pem_key_block(bytes: &[u8]) -> Result<KeyEncoding, KeyFileError> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let mut rest = bytes;
    let mut other = None;
    while let Some(start) = find(rest, BEGIN) {
        let block = &rest[start..];
        let Some(label_end) = find(&block[BEGIN.len()..], b"-----") else {
            break;
        };
        let label_end = label_end + BEGIN.len();
        let label = String::from_utf8_lossy(&block[BEGIN.len()..label_end]).into_owned();
        let end_line = format!("-----END {label}-----");
        let Some(end) = find(block, end_line.as_bytes()) else {
            return Err(KeyFileError::NotAKey(format!("PEM {label}")));
        };
        let block = &block[..end + end_line.len()];
        if label.ends_with("PRIVATE KEY") {
            return match der::pem::decode_vec(block) {
                Ok((_, der)) => Ok(KeyEncoding::Pem {
                    label,
                    der: Zeroizing::new(der),
                }),
                Err(e) => Err(KeyFileError::NotAKey(format!("PEM {label}: {e}"))),
            };
        }
        other.get_or_insert(label);
        rest = &rest[start + block.len()..];
    }
    match other {
        Some(label) => Err(KeyFileError::NotAKey(format!("PEM {label}"))),
        None => Ok(KeyEncoding::Der),
    }
}

fn decrypt_pkcs8(der: &[u8], password: Option<&str>) -> Result<LoadedKey, KeyFileError> {
    let fixed = pbes2_compat::with_null_prf_params(der);
    let der = fixed.as_deref().unwrap_or(der);
    let info =
        EncryptedPrivateKeyInfo::from_der(der).map_err(|e| KeyFileError::NotAKey(e.to_string()))?;
    check_work_factor(&info)?;
    let password = password.ok_or(KeyFileError::PasswordNeeded)?;
    let doc = info
        .decrypt(password)
        .map_err(|_| KeyFileError::WrongPassword)?;
    // A wrong password occasionally yields valid padding over garbage: that is still a wrong password.
    match PrivateKey::from_pkcs8_der(doc.as_bytes()) {
        Ok(key) => Ok(LoadedKey {
            key,
            was_encrypted: true,
        }),
        Err(KeyError::Malformed(_)) => Err(KeyFileError::WrongPassword),
        Err(e) => Err(e.into()),
    }
}

/// A hostile file must not freeze the tab: cap PBKDF2 rounds and scrypt memory.
fn check_work_factor(info: &EncryptedPrivateKeyInfo<'_>) -> Result<(), KeyFileError> {
    use pkcs8::pkcs5::{pbes2::Kdf, EncryptionScheme};
    const MAX_PBKDF2_ROUNDS: u32 = 10_000_000;
    let too_costly = match &info.encryption_algorithm {
        EncryptionScheme::Pbes2(p) => match &p.kdf {
            Kdf::Pbkdf2(k) => k.iteration_count > MAX_PBKDF2_ROUNDS,
            // N·r·128 bytes of memory: allow up to 2^20·8·128 = 1 GiB no further.
            Kdf::Scrypt(k) => {
                k.cost_parameter
                    .saturating_mul(u64::from(k.block_size))
                    .saturating_mul(128)
                    > 1 << 30
            }
            _ => false,
        },
        _ => false,
    };
    match too_costly {
        true => Err(KeyFileError::NotAKey("work factor too high".into())),
        false => Ok(()),
    }
}

fn rsa_pkcs1(der: &[u8]) -> Result<PrivateKey, KeyFileError> {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    let key = rsa::RsaPrivateKey::from_pkcs1_der(der)
        .map_err(|e| KeyFileError::NotAKey(e.to_string()))?;
    Ok(PrivateKey::rsa(key)?)
}

fn ec_sec1(der: &[u8]) -> Result<PrivateKey, KeyFileError> {
    let ec = sec1::EcPrivateKey::from_der(der).map_err(|e| KeyFileError::NotAKey(e.to_string()))?;
    let p256_oid = <p256::NistP256 as pkcs8::AssociatedOid>::OID;
    if ec
        .parameters
        .and_then(|p| p.named_curve())
        .is_some_and(|c| c != p256_oid)
    {
        return Err(KeyError::Unsupported("EC".into()).into());
    }
    p256::SecretKey::from_sec1_der(der)
        .map(PrivateKey::Ec)
        .map_err(|e| KeyFileError::NotAKey(e.to_string()))
}

/// Key and certificate as PKCS#12: PBES2/AES-256 with an HMAC-SHA256 MAC, or with `legacy`
/// 3DES and SHA-1 for Windows versions older than Windows 10 1709 / Server 2019.
pub fn export_p12(
    key: &PrivateKey,
    cert: &Certificate,
    password: &str,
    legacy: bool,
) -> Result<Vec<u8>, KeyFileError> {
    use p12_keystore::{
        EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKeyChain,
    };
    if !cert.matches(key) {
        return Err(KeyFileError::Mismatch);
    }
    let p12_cert = p12_keystore::Certificate::from_der(cert.der())
        .map_err(|e| KeyFileError::Pkcs12(e.to_string()))?;
    let local_key_id = <sha2::Sha256 as sha2::Digest>::digest(cert.der());
    let chain = PrivateKeyChain::new(key.to_pkcs8_der().as_slice(), local_key_id, [p12_cert]);
    let mut store = KeyStore::new();
    store.add_entry("klucznik", KeyStoreEntry::PrivateKeyChain(chain));
    let mut writer = store
        .writer(password)
        .encryption_iterations(u64::from(PBKDF2_ITERATIONS))
        .mac_iterations(2048);
    if legacy {
        writer = writer
            .encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
            .mac_algorithm(MacAlgorithm::HmacSha1);
    }
    writer
        .write()
        .map_err(|e| KeyFileError::Pkcs12(e.to_string()))
}

/// Reads a `.p12`/`.pfx`: the key and its (leaf) certificate.
pub fn import_p12(bytes: &[u8], password: &str) -> Result<(PrivateKey, Certificate), KeyFileError> {
    let store = p12_keystore::KeyStore::from_pkcs12(bytes, password)
        .map_err(|e| KeyFileError::Pkcs12(e.to_string()))?;
    let (_, chain) = store
        .private_key_chain()
        .ok_or(KeyFileError::NoKeyInBundle)?;
    let key = PrivateKey::from_pkcs8_der(chain.key())?;
    let leaf = chain.chain().first().ok_or(KeyFileError::NoKeyInBundle)?;
    let cert =
        Certificate::from_der(leaf.as_der()).map_err(|e| KeyFileError::Pkcs12(e.to_string()))?;
    Ok((key, cert))
}
