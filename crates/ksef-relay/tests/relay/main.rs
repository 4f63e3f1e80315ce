//! The relay's in-process tests in one binary (each test binary links the relay, the simulator
//! and the HTTP stack again, about 45 MB each). `shutdown.rs` stays apart: it runs the binary.

mod api;
mod connections;
mod static_files;
mod upstream_connections;
