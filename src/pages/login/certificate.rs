//! Login with a KSeF certificate loaded in the tab (`.key` + `.crt`, or `.p12`/`.pfx`, and the
//! password): the worker decrypts the key and signs; nothing is downloaded or uploaded.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::progress::{failed, Activity, Phase, PhaseView};
use super::run::{Meet, Met, Run};
use super::target::{parse_challenge, Target, TargetForm};
use crate::app::use_settings;
use crate::files::{Picked, KEY_FILES};
use crate::i18n::texts;
use crate::login_method::KnownSigner;
use crate::session::use_session;
use crate::worker::credentials::Credentials;
use crate::worker::signing::{MakeTestCertificate, SignAuthRequest};
use ksef_core::flow::login::{Login, LoginNeed};
use ksef_core::flow::{Failure, LocalFailure};

/// The files of a test certificate made in the tab, as saved.
#[derive(Clone, Debug, PartialEq)]
pub struct TestFiles {
    pub key: Picked,
    pub certificate: Picked,
}

/// Makes the self-signed certificate in the worker and saves its files (key encrypted), named
/// after the subject; `None` when it failed (shown in `phase`).
async fn make_test_certificate(
    job: MakeTestCertificate,
    phase: &UseStateHandle<Phase>,
) -> Option<TestFiles> {
    phase.set(Phase::Working(Activity::MakingTestCertificate));
    let stem = job.file_stem();
    let made = match crate::worker::call(job).await {
        Ok(made) => made,
        Err(e) => {
            failed(phase, e);
            return None;
        }
    };
    let files = TestFiles {
        key: Picked {
            name: format!("{stem}.key"),
            bytes: made.key_pem.into_bytes(),
        },
        certificate: Picked {
            name: format!("{stem}.crt"),
            bytes: made.certificate_pem.into_bytes(),
        },
    };
    for file in [&files.key, &files.certificate] {
        crate::files::download_now(
            &format!(
                "data:application/x-pem-file;base64,{}",
                B64.encode(&file.bytes)
            ),
            &file.name,
        );
    }
    Some(files)
}

/// What the form signs with: the files loaded, or a test certificate made first.
enum Source {
    Files(Credentials),
    Test(MakeTestCertificate),
}

/// Signs auth.xml for the machine's challenge in the worker, with the loaded key.
fn sign(credentials: Credentials, password: String, target: Target) -> Meet {
    Box::new(move |need| {
        let (credentials, password, target) =
            (credentials.clone(), password.clone(), target.clone());
        Box::pin(async move {
            let LoginNeed::SignedXml { challenge } = need else {
                // A signature login never asks for anything else.
                let asked = "the login asked for an encrypted token, not a signature";
                return Err(Failure::local(LocalFailure::Signing, asked).into());
            };
            let job = SignAuthRequest {
                credentials,
                password,
                unsigned_xml: target.unsigned_xml(parse_challenge(&challenge)?),
                now_ms: js_sys::Date::now() as i64,
            };
            let signed = crate::worker::call(job).await?;
            Ok(Met::Signed {
                xml: signed.xml,
                signer: if signed.self_signed {
                    KnownSigner::SelfSigned
                } else {
                    KnownSigner::Issued
                },
            })
        })
    })
}

#[derive(Properties, PartialEq)]
pub struct TestFilesProps {
    pub files: TestFiles,
}

/// Where the test certificate went and what protects its key.
#[function_component(TestFilesNotice)]
pub fn test_files_notice(props: &TestFilesProps) -> Html {
    let lang = use_settings().lang;
    let t = texts(lang);
    let f = &props.files;
    html! {
        <div class="notice" id="test-cert-files" role="status">
            <p>{ t.login.test_files_saved }</p>
            <ul>
                <li><code>{ &f.key.name }</code>{ t.login.test_key_file }</li>
                <li><code>{ &f.certificate.name }</code>{ t.login.test_certificate_file }</li>
            </ul>
            <p class="help">{ t.login.test_files_next_time }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct CertificateLoginProps {
    /// Hears about a test certificate's files, so the page can still name them once logged in.
    pub on_test_files: Callback<TestFiles>,
}

#[function_component(CertificateLogin)]
pub fn certificate_login(props: &CertificateLoginProps) -> Html {
    let settings = use_settings();
    let session = use_session();
    let lang = settings.lang;
    let t = texts(lang);
    let target = use_state(|| None::<Target>);
    let key = use_state(|| None::<Picked>);
    let cert = crate::handover::use_offered_certificate();
    let password = use_node_ref();
    let phase = use_state(Phase::default);
    // TEST and the simulator accept self-signed certificates: one can be made right here.
    let test_allowed = matches!(
        settings.env,
        ksef_core::environment::Environment::Test | ksef_core::environment::Environment::Sim
    );
    let make_test = use_state(|| false);
    let test_files = use_state(|| None::<TestFiles>);
    let test_seal = use_state(|| false);
    let test_name = use_state(|| "Jan Testowy".to_string());
    let pick = |slot: UseStateHandle<Option<Picked>>, phase: UseStateHandle<Phase>| {
        Callback::from(move |e: Event| {
            let Some(file) = crate::files::from_input(&e) else {
                return;
            };
            let (slot, phase) = (slot.clone(), phase.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::files::read(file).await {
                    Ok(p) => slot.set(Some(p)),
                    Err(e) => failed(&phase, e),
                }
            });
        })
    };
    let on_target = {
        let target = target.clone();
        Callback::from(move |t| target.set(t))
    };
    let needs_cert = key.as_ref().is_some_and(|k| !crate::files::is_p12(&k.name));
    let testing = test_allowed && *make_test;
    let ready = target.is_some() && (testing || (key.is_some() && (!needs_cert || cert.is_some())));
    let on_submit = {
        let (target, key, cert, password, phase, session, base) = (
            target.clone(),
            key.clone(),
            cert.clone(),
            password.clone(),
            phase.clone(),
            session.clone(),
            settings.api_base(),
        );
        let (test_seal, test_name) = (test_seal.clone(), test_name.clone());
        let (make_test, test_files, on_test_files) = (
            make_test.clone(),
            test_files.clone(),
            props.on_test_files.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(t) = (*target).clone() else { return };
            let pw = password
                .cast::<HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            let test = testing.then(|| MakeTestCertificate {
                seal: *test_seal,
                nip: t
                    .context
                    .value()
                    .split('-')
                    .next()
                    .unwrap_or_default()
                    .to_string(),
                name: (*test_name).clone(),
                password: pw.clone(),
                now_ms: js_sys::Date::now() as i64,
            });
            let source = match (test, (*key).clone()) {
                (Some(job), _) => Source::Test(job),
                (None, Some(k)) => match Credentials::from_files(&k, cert.as_ref()) {
                    Some(c) => Source::Files(c),
                    None => return,
                },
                (None, None) => return,
            };
            let (phase, session, base) = (phase.clone(), session.clone(), base.clone());
            let (key, cert) = (key.clone(), cert.clone());
            let (make_test, test_files, on_test_files) =
                (make_test.clone(), test_files.clone(), on_test_files.clone());
            phase.set(Phase::Working(Activity::GettingChallenge));
            wasm_bindgen_futures::spawn_local(async move {
                let creds = match source {
                    Source::Files(c) => c,
                    Source::Test(job) => match make_test_certificate(job, &phase).await {
                        // From now on the form holds the saved files: a retry signs with
                        // them instead of making yet another certificate.
                        Some(files) => {
                            key.set(Some(files.key.clone()));
                            cert.set(Some(files.certificate.clone()));
                            make_test.set(false);
                            test_files.set(Some(files.clone()));
                            on_test_files.emit(files.clone());
                            Credentials::key_file(&files.key.bytes, &files.certificate.bytes)
                        }
                        // The failure is shown in `phase` already.
                        None => return,
                    },
                };
                let run = Run {
                    base,
                    context: t.context.to_api(),
                    signer: KnownSigner::Unknown,
                    phase,
                    session,
                };
                run.login(Login::xades(), sign(creds, pw, t)).await;
            });
        })
    };
    html! {
        <form class="method" id="certificate-login" onsubmit={on_submit} novalidate=true>
            <TargetForm on_change={on_target} />
            if test_allowed {
                <label class="check" for="make-test-cert">
                    <input type="checkbox" id="make-test-cert" checked={*make_test} onchange={ { let m = make_test.clone(); Callback::from(move |_| m.set(!*m)) } } />
                    { t.login.make_test_certificate }
                </label>
            }
            if testing {
                <fieldset id="test-cert">
                    <legend>{ t.login.test_certificate }</legend>
                    <label class="check" for="test-person"><input type="radio" id="test-person" checked={!*test_seal} onchange={ { let s = test_seal.clone(); Callback::from(move |_| s.set(false)) } } />{ t.login.test_person }</label>
                    <label class="check" for="test-seal"><input type="radio" id="test-seal" checked={*test_seal} onchange={ { let s = test_seal.clone(); Callback::from(move |_| s.set(true)) } } />{ t.login.test_seal }</label>
                    <label for="test-name">{ if *test_seal { t.login.company_name } else { t.login.full_name } }</label>
                    <input id="test-name" value={(*test_name).clone()} oninput={ { let n = test_name.clone(); Callback::from(move |e: InputEvent| n.set(e.target_unchecked_into::<HtmlInputElement>().value())) } } />
                </fieldset>
            }
            <fieldset hidden={testing}>
                <legend>{ t.common.ksef_certificate }</legend>
                <label for="key-file">{ t.common.key_files_start }<code>{ ".key" }</code>{ ", " }<code>{ ".pem" }</code>{ t.common.key_files_or }<code>{ ".der" }</code>{ t.common.key_files_or_file }<code>{ ".p12" }</code>{ "/" }<code>{ ".pfx" }</code></label>
                <input id="key-file" type="file" accept={KEY_FILES} onchange={pick(key.clone(), phase.clone())} />
                if let Some(k) = key.as_ref() {
                    <p class="help" id="key-loaded">{ t.login.key_loaded }<code>{ &k.name }</code></p>
                }
                if let Some(c) = cert.as_ref() {
                    <p class="help" id="cert-loaded">{ t.common.certificate_loaded }<code>{ &c.name }</code></p>
                }
                if needs_cert {
                    <label for="cert-file">{ t.login.certificate_file }</label>
                    <input id="cert-file" type="file" accept=".crt,.cer,.pem,.der" onchange={pick(cert.clone(), phase.clone())} />
                }
            </fieldset>
            <fieldset>
                <label for="key-password">{ if testing { t.login.test_key_password } else { t.login.key_password } }</label>
                <input id="key-password" type="password" ref={password} autocomplete="off" />
                <p class="help">{ t.login.key_stays_here }</p>
            </fieldset>
            <button id="certificate-submit" type="submit" disabled={!ready || phase.busy()}>
                { t.login.sign_and_log_in }
            </button>
            <PhaseView phase={(*phase).clone()} />
            if let Some(files) = &*test_files {
                <TestFilesNotice files={files.clone()} />
            }
        </form>
    }
}
