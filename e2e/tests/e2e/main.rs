//! Every end-to-end test in one binary: each test binary links the relay, the simulator and
//! the WebDriver client again (about 50 MB each), so one binary saves CI's disk and link time.

mod api29;
mod bench_keys;
mod bench_load;
mod bench_office;
mod bundle;
mod certificates;
mod desk;
mod desk_office;
mod failures;
mod first_visit;
mod keygen;
mod logins;
mod offline;
mod permissions;
mod polish;
mod production;
mod qr;
mod shell;
mod support;
mod tokens;
mod worker_crash;
