//! Login with a KSeF certificate loaded in the tab (`.key` + `.crt`, or `.p12`/`.pfx`, and the
//! password): the worker decrypts the key and signs; nothing is downloaded or uploaded. The
//! form is a reducer ([`state::CertificateForm`]); the submit runs the login and reports back.

pub mod state;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::progress::{Activity, Phase, PhaseView};
use super::run::{Meet, Met, Run};
use super::target::{parse_challenge, Target, TargetForm};
use crate::app::use_settings;
use crate::components::credentials::{CredentialFiles, CredentialPicker, PickerIds};
use crate::components::download::Content;
use crate::components::on;
use crate::failure::AppFailure;
use crate::files::Picked;
use crate::i18n::texts;
use crate::login_method::KnownSigner;
use crate::session::use_session;
use crate::worker::credentials::Credentials;
use crate::worker::signing::{MakeTestCertificate, SignAuthRequest};
use ksef_core::flow::login::{Login, LoginNeed};
use ksef_core::flow::{Failure, LocalFailure};
use state::{CertificateAction, CertificateForm, Source};

/// The files of a test certificate made in the tab, as saved.
#[derive(Clone, Debug, PartialEq)]
pub struct TestFiles {
    pub key: Picked,
    pub certificate: Picked,
}

/// Makes the self-signed certificate in the worker and saves its files (key encrypted), named
/// after the subject.
async fn make_test_certificate(job: MakeTestCertificate) -> Result<TestFiles, AppFailure> {
    let stem = job.file_stem();
    let made = crate::worker::call(job).await?;
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
        let pem = Content::Bytes(file.bytes.clone());
        crate::components::download::now("application/x-pem-file", &pem, &file.name);
    }
    Ok(files)
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

const IDS: PickerIds = PickerIds {
    key: "key-file",
    certificate: "cert-file",
    password: "key-password",
    key_loaded: "key-loaded",
    certificate_loaded: "cert-loaded",
    failure: "key-file-error",
};

#[function_component(CertificateLogin)]
pub fn certificate_login(props: &CertificateLoginProps) -> Html {
    let settings = use_settings();
    let session = use_session();
    let lang = settings.lang;
    let t = texts(lang);
    let offered = crate::handover::use_offered_certificate();
    let test_allowed = matches!(
        settings.env,
        ksef_core::environment::Environment::Test | ksef_core::environment::Environment::Sim
    );
    let state = use_reducer(|| {
        CertificateForm::new(test_allowed, CredentialFiles::offered((*offered).clone()))
    });
    let d = state.dispatcher();
    let on_submit = {
        let (form, d, session, base) = (
            (*state).clone(),
            d.clone(),
            session.clone(),
            settings.api_base(),
        );
        let on_test_files = props.on_test_files.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            // The button is enabled only when the form is ready.
            let Some((target, source)) = form.source(js_sys::Date::now() as i64) else {
                return;
            };
            let (d, session, base, on_test_files) = (
                d.clone(),
                session.clone(),
                base.clone(),
                on_test_files.clone(),
            );
            let password = form.files.password.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let credentials = match source {
                    Source::Files(c) => c,
                    Source::Test(job) => {
                        let making = Phase::Working(Activity::MakingTestCertificate);
                        d.dispatch(CertificateAction::Phase(making));
                        match make_test_certificate(job).await {
                            Ok(files) => {
                                on_test_files.emit(files.clone());
                                let c = Credentials::key_file(
                                    &files.key.bytes,
                                    &files.certificate.bytes,
                                );
                                d.dispatch(CertificateAction::TestMade(files));
                                c
                            }
                            Err(f) => return d.dispatch(CertificateAction::TestFailed(f)),
                        }
                    }
                };
                let run = Run {
                    base,
                    context: target.context.to_api(),
                    signer: KnownSigner::Unknown,
                    phase: on(&d, CertificateAction::Phase),
                    session,
                };
                d.dispatch(CertificateAction::Phase(Phase::Working(
                    Activity::GettingChallenge,
                )));
                run.login(Login::xades(), sign(credentials, password, target))
                    .await;
            });
        })
    };
    let testing = state.testing();
    html! {
        <form class="method" id="certificate-login" onsubmit={on_submit} novalidate=true>
            <TargetForm on_change={on(&d, CertificateAction::Target)} />
            if state.test_allowed {
                <label class="check" for="make-test-cert">
                    <input type="checkbox" id="make-test-cert" checked={state.make_test}
                        onchange={on(&d, { let next = !state.make_test; move |_: Event| CertificateAction::MakeTest(next) })} />
                    { t.login.make_test_certificate }
                </label>
            }
            if testing {
                <fieldset id="test-cert">
                    <legend>{ t.login.test_certificate }</legend>
                    <label class="check" for="test-person"><input type="radio" id="test-person" checked={!state.test_seal} onchange={on(&d, |_: Event| CertificateAction::TestSeal(false))} />{ t.login.test_person }</label>
                    <label class="check" for="test-seal"><input type="radio" id="test-seal" checked={state.test_seal} onchange={on(&d, |_: Event| CertificateAction::TestSeal(true))} />{ t.login.test_seal }</label>
                    <label for="test-name">{ if state.test_seal { t.login.company_name } else { t.login.full_name } }</label>
                    <input id="test-name" value={state.test_name.clone()}
                        oninput={on(&d, |e: InputEvent| CertificateAction::TestName(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                </fieldset>
            }
            <CredentialPicker ids={IDS} files={state.files.clone()} files_hidden={testing}
                password_label={if testing { t.login.test_key_password } else { t.login.key_password }}
                on_action={on(&d, CertificateAction::Credentials)}>
                <p class="help">{ t.login.key_stays_here }</p>
            </CredentialPicker>
            <button id="certificate-submit" type="submit" disabled={!state.ready()}>
                { t.login.sign_and_log_in }
            </button>
            <PhaseView phase={state.phase.clone()} />
            if let Some(files) = &state.test_files {
                <TestFilesNotice files={files.clone()} />
            }
        </form>
    }
}
