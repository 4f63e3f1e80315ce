//! Keys, CSRs and `.key` files made by the app's Web Worker in real Chromium, checked with openssl.

use std::process::Command;

use klucznik_e2e::{text_of, Driver, Relay};

const PASSWORD: &str = "ADadADad12!@adadad";

fn openssl(args: &[&str]) -> String {
    let o = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl");
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_worker_makes_keys_openssl_accepts() {
    let relay = Relay::start().await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    text_of(&browser, "h1").await;
    let dir = klucznik_e2e::screenshot_dir().join("keygen");
    std::fs::create_dir_all(&dir).unwrap();

    for (alg, webcrypto) in [("EcP256", false), ("Rsa2048", true)] {
        let out = browser
            .execute_async(
                "const [alg, pw, done] = arguments;
                 window.wasmBindings.klucznik_keygen(alg, pw).then(done, e => done('error: ' + e));",
                vec![alg.into(), PASSWORD.into()],
            )
            .await
            .unwrap();
        let text = out.as_str().unwrap_or_default();
        let json: serde_json::Value =
            serde_json::from_str(text).unwrap_or_else(|_| panic!("{alg}: {text}"));
        let r = &json["result"];
        assert_eq!(r["used_webcrypto"], webcrypto, "{alg}");
        assert_eq!(
            json["stages"],
            serde_json::json!(["GeneratingKey", "BuildingCsr", "EncryptingKey"])
        );

        let key = dir.join(format!("{alg}.key"));
        std::fs::write(&key, r["key_pem"].as_str().unwrap()).unwrap();
        openssl(&[
            "pkey",
            "-in",
            key.to_str().unwrap(),
            "-passin",
            &format!("pass:{PASSWORD}"),
            "-noout",
        ]);
        let csr_b64 = r["csr_base64"].as_str().unwrap();
        let pem = format!(
            "-----BEGIN CERTIFICATE REQUEST-----\n{csr_b64}\n-----END CERTIFICATE REQUEST-----\n"
        );
        let csr = dir.join(format!("{alg}.csr"));
        std::fs::write(&csr, pem.as_bytes()).unwrap();
        let out = openssl(&[
            "req",
            "-in",
            csr.to_str().unwrap(),
            "-noout",
            "-verify",
            "-subject",
            "-nameopt",
            "sep_comma_plus,utf8,-esc_msb,sname",
        ]);
        assert!(
            out.contains("verify OK") && out.contains("CN=Zażółć Gęślą"),
            "{out}"
        );
    }
    browser.close().await.unwrap();
}
