//! The simulator's HTTP tests in one binary: each test binary links the simulator, the HTTP
//! client and the JSON Schema checker again, so one binary saves CI's disk and link time.

mod api_errors;
mod challenge;
mod faults;
mod flows;
mod limits;
mod permissions_admin;
mod permissions_errors;
mod permissions_office;
mod permissions_operations;
mod permissions_query;
mod permissions_units;
mod persistence;
mod support;
mod testdata_certificates;
mod token_login_errors;
mod xades_errors;
