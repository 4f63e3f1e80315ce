//! KSeF tokens are allowed by the regulation only until 31 December 2026 (CHANGES-2.9.md; the
//! Ministry's proposal to keep them, CIRFMF/ksef-api#834, has no API yet). The date lives here
//! only; every screen that mentions it asks this module.

use time::{macros::date, Date};

use crate::lang::Lang;

/// The last day KSeF tokens are allowed under today's rules.
pub const LAST_DAY: Date = date!(2026 - 12 - 31);

const MONTHS_PL: [&str; 12] = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
];

/// `31 grudnia 2026` / `31 December 2026`.
pub fn long_date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Pl => format!(
            "{} {} {}",
            d.day(),
            MONTHS_PL[d.month() as usize - 1],
            d.year()
        ),
        Lang::En => format!("{} {} {}", d.day(), d.month(), d.year()),
    }
}

/// What to tell a user about tokens on `today`.
pub fn notice(today: Date, lang: Lang) -> String {
    let last = long_date(LAST_DAY, lang);
    let first_after = long_date(LAST_DAY.next_day().expect("not the end of time"), lang);
    let days = (LAST_DAY - today).whole_days();
    match (days >= 0, lang) {
        (true, Lang::Pl) => format!(
            "Zgodnie z obecnymi przepisami tokeny KSeF działają tylko do {last} (zostało dni: {}). \
             Od {first_after} mogą przestać działać, chyba że przepisy się zmienią. \
             Trwałym poświadczeniem jest certyfikat KSeF.",
            days + 1
        ),
        (true, Lang::En) => format!(
            "Under today's rules KSeF tokens work only until {last} (days left: {}). From \
             {first_after} they may stop working unless the rules change. A KSeF certificate is \
             the credential that lasts.",
            days + 1
        ),
        (false, Lang::Pl) => format!(
            "Zgodnie z przepisami tokeny KSeF działały do {last}; mogą już nie działać. \
             Trwałym poświadczeniem jest certyfikat KSeF."
        ),
        (false, Lang::En) => format!(
            "Under the rules KSeF tokens worked until {last}; they may no longer work. A KSeF \
             certificate is the credential that lasts."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn counts_down_to_the_last_day_then_speaks_in_the_past() {
        let pl = notice(date!(2026 - 11 - 30), Lang::Pl);
        assert!(pl.contains("do 31 grudnia 2026 (zostało dni: 32)"), "{pl}");
        let en = notice(date!(2026 - 12 - 31), Lang::En);
        assert!(en.contains("until 31 December 2026 (days left: 1)"), "{en}");
        let after = notice(date!(2027 - 01 - 01), Lang::Pl);
        assert!(after.contains("działały do 31 grudnia 2026"), "{after}");
    }
}
