//! The worker's side: each call is decoded as the job it names and run; its progress and its
//! end go back to that caller only.

use gloo_worker::{HandlerId, Worker, WorkerScope};

use super::certificate::ReadCertificate;
use super::codec::{Call, Reply};
use super::desk::{ForgetDeskSigner, LoadDeskSigner, SignWithDeskSigner};
use super::keygen::MakeKey;
use super::qr::{DrawQr, ForgetOfflineSigner, LoadOfflineSigner, SignCode2};
use super::signing::{BuildP12, CheckSignedFile, MakeTestCertificate, SignAuthRequest};
use super::token::EncryptToken;
use super::{Job, Ready, WorkerFailure};

pub struct CryptoWorker;

impl Worker for CryptoWorker {
    type Message = ();
    type Input = Call;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        CryptoWorker
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, call: Call, id: HandlerId) {
        let scope = scope.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let report = {
                let scope = scope.clone();
                move |reply| scope.respond(id, reply)
            };
            let end = serve(call, report).await;
            scope.respond(id, end);
        });
    }
}

/// Runs the job `call` names; `report` carries its progress.
pub(crate) async fn serve(call: Call, report: impl Fn(Reply) + 'static) -> Reply {
    match call.job() {
        MakeKey::NAME => run::<MakeKey>(call, report).await,
        CheckSignedFile::NAME => run::<CheckSignedFile>(call, report).await,
        SignAuthRequest::NAME => run::<SignAuthRequest>(call, report).await,
        BuildP12::NAME => run::<BuildP12>(call, report).await,
        MakeTestCertificate::NAME => run::<MakeTestCertificate>(call, report).await,
        LoadOfflineSigner::NAME => run::<LoadOfflineSigner>(call, report).await,
        SignCode2::NAME => run::<SignCode2>(call, report).await,
        ForgetOfflineSigner::NAME => run::<ForgetOfflineSigner>(call, report).await,
        DrawQr::NAME => run::<DrawQr>(call, report).await,
        EncryptToken::NAME => run::<EncryptToken>(call, report).await,
        ReadCertificate::NAME => run::<ReadCertificate>(call, report).await,
        LoadDeskSigner::NAME => run::<LoadDeskSigner>(call, report).await,
        SignWithDeskSigner::NAME => run::<SignWithDeskSigner>(call, report).await,
        ForgetDeskSigner::NAME => run::<ForgetDeskSigner>(call, report).await,
        Ready::NAME => run::<Ready>(call, report).await,
        // A job this worker does not know: the page is from another build.
        _ => Reply::failed(&WorkerFailure::Mismatch),
    }
}

async fn run<J: Job>(call: Call, report: impl Fn(Reply) + 'static) -> Reply {
    match call.request::<J>() {
        Ok(job) => Reply::done(job.run(move |p| report(Reply::progress(&p))).await),
        Err(f) => Reply::failed(&f),
    }
}
