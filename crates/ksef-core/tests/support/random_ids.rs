//! Random valid identifiers for tests that need a fresh context each run (the simulator keeps
//! state across tests). Shared by the simulator's and the end-to-end tests.

use ksef_core::ident::{Nip, Pesel};
use rand_core::{OsRng, RngCore};

fn digit() -> u32 {
    OsRng.next_u32() % 10
}

/// A random valid NIP: candidates are drawn until one passes the same checks as user input
/// (the pattern forbids two zeros after the first digit, and some nine digits have no check digit).
pub fn nip() -> String {
    loop {
        let d: Vec<u32> = (0..9).map(|_| digit()).collect();
        let Some(check) = Nip::check_digit(&d) else {
            continue;
        };
        let candidate: String = d.iter().chain([&check]).map(u32::to_string).collect();
        if candidate.parse::<Nip>().is_ok() {
            return candidate;
        }
    }
}

/// A random valid PESEL of someone born in 1900–1999, on the 10th of a month.
pub fn pesel() -> String {
    let mut d: Vec<u32> = (0..10).map(|_| digit()).collect();
    d[2] = 0;
    d[3] = 1 + OsRng.next_u32() % 9;
    d[4] = 1;
    d[5] = 0;
    let check = Pesel::check_digit(&d);
    d.iter().chain([&check]).map(u32::to_string).collect()
}
