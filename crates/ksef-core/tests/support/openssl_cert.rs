//! Self-signed certificates that openssl makes from our encrypted key files (native tests).

use std::path::Path;
use std::process::Command;

use ksef_core::certificate::Certificate;
use ksef_core::keys::PrivateKey;
use ksef_core::keystore::encrypt_key;

/// `openssl req -x509` for `key` (saved as `<name>.key` in `dir`, encrypted with `password`)
/// with `subject` and `extra` arguments (validity, extensions, serial).
pub fn openssl_self_signed(
    dir: &Path,
    key: &PrivateKey,
    password: &str,
    name: &str,
    subject: &str,
    extra: &[&str],
) -> Certificate {
    let key_file = dir.join(format!("{name}.key"));
    let pem = encrypt_key(key, password, &mut rand_core::OsRng).unwrap();
    std::fs::write(&key_file, pem).unwrap();
    let crt = dir.join(format!("{name}.crt"));
    let out = Command::new("openssl")
        .args(["req", "-x509", "-new", "-key"])
        .arg(&key_file)
        .args([
            "-passin",
            &format!("pass:{password}"),
            "-subj",
            subject,
            "-out",
        ])
        .arg(&crt)
        .args(extra)
        .output()
        .expect("openssl is installed");
    assert!(
        out.status.success(),
        "openssl req: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Certificate::from_bytes(&std::fs::read(&crt).unwrap()).unwrap()
}
