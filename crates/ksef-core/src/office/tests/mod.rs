//! The office module against its edge cases and, for batches, against a small fake of KSeF's
//! token and permission endpoints driven through the real per-item machines.

mod batch;
mod book;
mod csv;
mod driver;
mod fake;
mod grant;
mod overview;
mod resume;
mod schedule;

use crate::ident::Nip;

/// The `i`-th valid NIP of the form 526xxxxxxC (numbers no check digit fits are skipped).
pub fn nip(i: usize) -> Nip {
    (0u32..)
        .filter_map(|n| {
            let first = format!("526{n:06}");
            let digits: Vec<u32> = first.chars().map(|c| c.to_digit(10).unwrap()).collect();
            Nip::check_digit(&digits).map(|c| format!("{first}{c}").parse().unwrap())
        })
        .nth(i)
        .unwrap()
}

/// The office's own NIP in the tests.
pub fn office() -> Nip {
    "5265877635".parse().unwrap()
}
