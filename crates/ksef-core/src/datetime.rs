//! KSeF timestamps: ISO 8601, often with 7 fractional digits, with or without an offset.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

pub type DateTime = OffsetDateTime;

/// Parses what KSeF sends; a timestamp without an offset is taken as UTC (legacy error bodies).
pub fn parse_lenient(s: &str) -> Option<DateTime> {
    let s = s.trim();
    if let Ok(dt) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(dt);
    }
    let local = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    PrimitiveDateTime::parse(s, local)
        .ok()
        .map(PrimitiveDateTime::assume_utc)
}

/// The simulator's (and KSeF's) way of writing: UTC, 7 fractional digits, `+00:00`.
pub fn format_ksef(dt: DateTime) -> String {
    let fmt = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:7]+00:00"
    );
    dt.to_offset(UtcOffset::UTC)
        .format(fmt)
        .expect("format is valid for any UTC date-time")
}

/// Serde for required date-time fields.
pub mod serde_ksef {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(dt: &DateTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_ksef(*dt))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime, D::Error> {
        let s = String::deserialize(d)?;
        parse_lenient(&s).ok_or_else(|| serde::de::Error::custom(format!("not a date-time: {s}")))
    }

    /// Serde for optional (nullable) date-time fields.
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(dt: &Option<DateTime>, s: S) -> Result<S::Ok, S::Error> {
            match dt {
                Some(dt) => s.serialize_str(&format_ksef(*dt)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime>, D::Error> {
            match Option::<String>::deserialize(d)? {
                Some(s) => parse_lenient(&s)
                    .map(Some)
                    .ok_or_else(|| serde::de::Error::custom(format!("not a date-time: {s}"))),
                None => Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn lenient_parsing() {
        let a = parse_lenient("2025-07-11T12:23:56.0154302+00:00").unwrap();
        assert_eq!(a.unix_timestamp_nanos() / 1_000_000, 1752236636015);
        let b = parse_lenient("2025-10-11T12:23:56.0154302").unwrap();
        assert_eq!(b.offset(), UtcOffset::UTC);
        let c = parse_lenient("2025-07-11T14:23:56+02:00").unwrap();
        assert_eq!(c.unix_timestamp(), 1752236636);
        assert!(parse_lenient("yesterday").is_none());
        assert_eq!(format_ksef(a), "2025-07-11T12:23:56.0154302+00:00");
    }
}
