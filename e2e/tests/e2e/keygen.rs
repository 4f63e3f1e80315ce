//! Keys, CSRs and `.key` files made by the app's Web Worker in real Chromium, through the
//! certificate request form, checked with openssl: the key file opens with its password, the
//! CSR KSeF received verifies and names the subject the page showed, and the form showed each
//! stage of the worker's job in turn.

use std::process::Command;

use base64::Engine;
use klucznik_e2e::{click, fill, text_containing, text_of, Driver, Relay};

use crate::support::{login_with_certificate, nip};

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

/// Records each text the request form's progress line shows (a stage lasts milliseconds).
const WATCH_STAGES: &str = "window.__stages = [];
    const seen = () => {
        const p = document.querySelector('#certificate-request #login-progress');
        const t = p && p.textContent;
        if (t && window.__stages[window.__stages.length - 1] !== t) window.__stages.push(t);
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, characterData: true });";

/// The CSR of the enrollment named `name`, as KSeF (the simulator) received it.
fn csr_sent(relay: &Relay, name: &str) -> String {
    relay
        .bodies
        .all()
        .iter()
        .filter_map(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
        .find(|v| v["certificateName"] == name)
        .and_then(|v| v["csr"].as_str().map(str::to_string))
        .unwrap_or_else(|| panic!("no enrollment named {name} reached KSeF"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_worker_makes_keys_openssl_accepts() {
    let relay = Relay::start().await;
    let driver = Driver::start().await;
    let browser = driver.browser().await;
    browser.goto(&relay.url("/")).await.unwrap();
    login_with_certificate(&browser, &nip()).await;
    click(&browser, "nav a[href='/certyfikaty']").await;
    let subject = text_of(&browser, "#enrollment-subject").await;
    let dir = klucznik_e2e::screenshot_dir().join("keygen");
    std::fs::create_dir_all(&dir).unwrap();

    for (alg, name, key_kind) in [
        ("#alg-ec", "klucz-ec", "prime256v1"),
        ("#alg-rsa", "klucz-rsa", "2048 bit"),
    ] {
        browser.execute(WATCH_STAGES, vec![]).await.unwrap();
        fill(&browser, "#cert-name", name).await;
        click(&browser, alg).await;
        fill(&browser, "#key-password-new", PASSWORD).await;
        fill(&browser, "#key-password-confirm", PASSWORD).await;
        click(&browser, "#request-submit").await;
        // Issued: this request's links are all there.
        text_containing(&browser, "#download-crt", &format!("{name}.crt")).await;

        let stages = browser
            .execute("return window.__stages;", vec![])
            .await
            .unwrap();
        let stages: Vec<String> = serde_json::from_value(stages).unwrap();
        let order = [
            "Generowanie pary kluczy…",
            "Tworzenie wniosku CSR…",
            "Szyfrowanie klucza hasłem…",
        ];
        let at: Vec<Option<usize>> = order
            .iter()
            .map(|s| stages.iter().position(|t| t == s))
            .collect();
        assert!(
            at.iter().all(Option::is_some) && at.windows(2).all(|w| w[0] < w[1]),
            "{name}: stages shown {stages:?}"
        );

        let href = browser
            .find(fantoccini::Locator::Css("#download-key"))
            .await
            .unwrap()
            .attr("href")
            .await
            .unwrap()
            .unwrap();
        let pem = base64::engine::general_purpose::STANDARD
            .decode(href.split_once("base64,").unwrap().1)
            .unwrap();
        let key = dir.join(format!("{name}.key"));
        std::fs::write(&key, pem).unwrap();
        let text = openssl(&[
            "pkey",
            "-in",
            key.to_str().unwrap(),
            "-passin",
            &format!("pass:{PASSWORD}"),
            "-noout",
            "-text",
        ]);
        assert!(text.contains(key_kind), "{name}: {text}");

        let pem = format!(
            "-----BEGIN CERTIFICATE REQUEST-----\n{}\n-----END CERTIFICATE REQUEST-----\n",
            csr_sent(&relay, name)
        );
        let csr = dir.join(format!("{name}.csr"));
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
        let cn = out
            .split("CN=")
            .nth(1)
            .and_then(|rest| rest.split([',', '\n']).next())
            .unwrap_or_else(|| panic!("{name}: no CN in {out}"));
        assert!(out.contains("verify OK"), "{name}: {out}");
        assert!(subject.contains(cn.trim()), "{name}: {cn} not in {subject}");
    }
    browser.close().await.unwrap();
}
