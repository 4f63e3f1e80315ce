//! The key-generation Web Worker (built by Trunk as a separate wasm module).

use gloo_worker::Registrable;

fn main() {
    klucznik_web::keygen::KeygenWorker::registrar()
        .encoding::<klucznik_web::keygen::JsonCodec>()
        .register();
}
