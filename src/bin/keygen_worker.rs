//! The crypto Web Worker (built by Trunk as a separate wasm module; the file keeps its first
//! job's name, which the service worker and the loader path know it by).

use gloo_worker::Registrable;

fn main() {
    klucznik_web::worker::CryptoWorker::registrar()
        .encoding::<klucznik_web::worker::codec::JsonCodec>()
        .register();
}
