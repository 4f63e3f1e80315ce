//! `GET /limits/subject`, `GET /limits/context` and `GET /rate-limits`.
//!
//! KSeF adds rate-limit groups from release to release (12 in 2.6.0, 17 in 2.9.0), so
//! [`EffectiveApiRateLimits`] is a map over [`Extensible`] group names: an answer with a group
//! Klucznik does not know yet still reads, and the group is kept under its raw name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::extensible::{Extensible, KnownName};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrollmentLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_enrollments: Option<i32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateCountLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_certificates: Option<i32>,
}

/// `GET /limits/subject` → 200.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveSubjectLimits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrollment: Option<EnrollmentLimits>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateCountLimits>,
}

/// Limits of one kind of invoice session (`onlineSession`, `batchSession`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLimits {
    #[serde(rename = "maxInvoiceSizeInMB")]
    pub max_invoice_size_in_mb: i32,
    #[serde(rename = "maxInvoiceWithAttachmentSizeInMB")]
    pub max_invoice_with_attachment_size_in_mb: i32,
    #[serde(rename = "maxInvoices")]
    pub max_invoices: i32,
}

/// How many invoices one collective identifier may hold (new in 2.9.0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CollectiveIdentifierLimits {
    pub max_invoices: i32,
}

/// `GET /limits/context` → 200, and the body of `POST /testdata/limits/context/session`
/// (`SetSessionLimitsRequest`): all three parts are required since 2.9.0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveContextLimits {
    pub online_session: SessionLimits,
    pub batch_session: SessionLimits,
    pub collective_identifier: CollectiveIdentifierLimits,
}

impl EffectiveContextLimits {
    /// The values of the spec's example (KSeF's defaults).
    pub const DEFAULT: EffectiveContextLimits = EffectiveContextLimits {
        online_session: SessionLimits {
            max_invoice_size_in_mb: 1,
            max_invoice_with_attachment_size_in_mb: 3,
            max_invoices: 10_000,
        },
        batch_session: SessionLimits {
            max_invoice_size_in_mb: 1,
            max_invoice_with_attachment_size_in_mb: 3,
            max_invoices: 10_000,
        },
        collective_identifier: CollectiveIdentifierLimits { max_invoices: 500 },
    };
}

/// Requests per second, minute and hour; a negative value (KSeF sends `-1`) means no limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitValues {
    pub per_second: i32,
    pub per_minute: i32,
    pub per_hour: i32,
}

impl RateLimitValues {
    /// KSeF's "no limit".
    pub const NO_LIMIT: i32 = -1;

    pub const fn new(per_second: i32, per_minute: i32, per_hour: i32) -> RateLimitValues {
        RateLimitValues {
            per_second,
            per_minute,
            per_hour,
        }
    }

    /// `(window in seconds, limit)` for the windows that have a limit.
    pub fn windows(&self) -> impl Iterator<Item = (u32, u32)> {
        [
            (1, self.per_second),
            (60, self.per_minute),
            (3600, self.per_hour),
        ]
        .into_iter()
        .filter_map(|(seconds, limit)| u32::try_from(limit).ok().map(|l| (seconds, l)))
    }
}

/// A group of endpoints that shares one rate limit, as `GET /rate-limits` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RateLimitGroup {
    OnlineSession,
    OnlineSessionClose,
    BatchSession,
    BatchSessionClose,
    InvoiceSend,
    InvoiceStatus,
    SessionList,
    SessionInvoiceList,
    SessionMisc,
    InvoiceMetadata,
    InvoiceExport,
    InvoiceExportStatus,
    InvoiceDownload,
    CollectiveIdentifier,
    /// Every other protected endpoint (tokens, certificates, limits, permissions, sessions).
    Other,
    /// Endpoints without authentication (per IP).
    Anonymous,
    /// All operations per IP (announced in 2.8.0 for providers serving many entities).
    Global,
}

impl RateLimitGroup {
    /// The 17 groups of API 2.9.0, in the spec's order.
    pub const ALL: &'static [RateLimitGroup] = &[
        RateLimitGroup::OnlineSession,
        RateLimitGroup::OnlineSessionClose,
        RateLimitGroup::BatchSession,
        RateLimitGroup::BatchSessionClose,
        RateLimitGroup::InvoiceSend,
        RateLimitGroup::InvoiceStatus,
        RateLimitGroup::SessionList,
        RateLimitGroup::SessionInvoiceList,
        RateLimitGroup::SessionMisc,
        RateLimitGroup::InvoiceMetadata,
        RateLimitGroup::InvoiceExport,
        RateLimitGroup::InvoiceExportStatus,
        RateLimitGroup::InvoiceDownload,
        RateLimitGroup::CollectiveIdentifier,
        RateLimitGroup::Other,
        RateLimitGroup::Anonymous,
        RateLimitGroup::Global,
    ];

    /// The 13 groups `POST /testdata/rate-limits` requires (`ApiRateLimitsOverride`): the close,
    /// anonymous and global limits cannot be changed there.
    pub const OVERRIDABLE: &'static [RateLimitGroup] = &[
        RateLimitGroup::OnlineSession,
        RateLimitGroup::BatchSession,
        RateLimitGroup::InvoiceSend,
        RateLimitGroup::InvoiceStatus,
        RateLimitGroup::SessionList,
        RateLimitGroup::SessionInvoiceList,
        RateLimitGroup::SessionMisc,
        RateLimitGroup::InvoiceMetadata,
        RateLimitGroup::InvoiceExport,
        RateLimitGroup::InvoiceExportStatus,
        RateLimitGroup::InvoiceDownload,
        RateLimitGroup::CollectiveIdentifier,
        RateLimitGroup::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RateLimitGroup::OnlineSession => "onlineSession",
            RateLimitGroup::OnlineSessionClose => "onlineSessionClose",
            RateLimitGroup::BatchSession => "batchSession",
            RateLimitGroup::BatchSessionClose => "batchSessionClose",
            RateLimitGroup::InvoiceSend => "invoiceSend",
            RateLimitGroup::InvoiceStatus => "invoiceStatus",
            RateLimitGroup::SessionList => "sessionList",
            RateLimitGroup::SessionInvoiceList => "sessionInvoiceList",
            RateLimitGroup::SessionMisc => "sessionMisc",
            RateLimitGroup::InvoiceMetadata => "invoiceMetadata",
            RateLimitGroup::InvoiceExport => "invoiceExport",
            RateLimitGroup::InvoiceExportStatus => "invoiceExportStatus",
            RateLimitGroup::InvoiceDownload => "invoiceDownload",
            RateLimitGroup::CollectiveIdentifier => "collectiveIdentifier",
            RateLimitGroup::Other => "other",
            RateLimitGroup::Anonymous => "anonymous",
            RateLimitGroup::Global => "global",
        }
    }

    pub fn from_name(name: &str) -> Option<RateLimitGroup> {
        <RateLimitGroup as KnownName>::from_name(name)
    }
}

// Not `ksef_enum!`: the wire names are camelCase, unlike the variant names.
impl KnownName for RateLimitGroup {
    const ALL: &'static [RateLimitGroup] = RateLimitGroup::ALL;
    fn as_str(self) -> &'static str {
        RateLimitGroup::as_str(self)
    }
}

/// `GET /rate-limits` → 200 (and, under `rateLimits`, the body of `POST /testdata/rate-limits`):
/// the values of every group KSeF sent, known or not.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EffectiveApiRateLimits(pub BTreeMap<Extensible<RateLimitGroup>, RateLimitValues>);

impl EffectiveApiRateLimits {
    /// Production values of API 2.9.0 (the example of `GET /rate-limits`, which equals the
    /// `x-rate-limits` of each operation).
    pub fn production() -> EffectiveApiRateLimits {
        use RateLimitGroup::*;
        let v = RateLimitValues::new;
        let none = RateLimitValues::NO_LIMIT;
        [
            (OnlineSession, v(10, 30, 120)),
            (OnlineSessionClose, v(20, 60, 240)),
            (BatchSession, v(10, 20, 60)),
            (BatchSessionClose, v(20, 40, 120)),
            (InvoiceSend, v(10, 30, 180)),
            (InvoiceStatus, v(30, 120, 1200)),
            (SessionList, v(5, 10, 60)),
            (SessionInvoiceList, v(10, 20, 200)),
            (SessionMisc, v(10, 120, 1200)),
            (InvoiceMetadata, v(8, 16, 20)),
            (InvoiceExport, v(8, 16, 20)),
            (InvoiceExportStatus, v(10, 60, 600)),
            (InvoiceDownload, v(8, 16, 64)),
            (CollectiveIdentifier, v(20, 120, 240)),
            (Other, v(10, 30, 120)),
            (Anonymous, v(60, none, none)),
            (Global, v(75, none, none)),
        ]
        .into_iter()
        .collect()
    }

    pub fn get(&self, group: RateLimitGroup) -> Option<RateLimitValues> {
        self.0.get(&Extensible::Known(group)).copied()
    }

    pub fn set(&mut self, group: RateLimitGroup, values: RateLimitValues) {
        self.0.insert(Extensible::Known(group), values);
    }

    /// Which of `required` the answer lacks.
    pub fn missing(&self, required: &[RateLimitGroup]) -> Vec<RateLimitGroup> {
        required
            .iter()
            .copied()
            .filter(|g| self.get(*g).is_none())
            .collect()
    }

    /// Groups KSeF sent that Klucznik does not know, by their raw names.
    pub fn unknown(&self) -> impl Iterator<Item = (&str, RateLimitValues)> {
        self.0.iter().filter_map(|(g, v)| match g {
            Extensible::Unknown(name) => Some((name.as_str(), *v)),
            Extensible::Known(_) => None,
        })
    }
}

impl FromIterator<(RateLimitGroup, RateLimitValues)> for EffectiveApiRateLimits {
    fn from_iter<I: IntoIterator<Item = (RateLimitGroup, RateLimitValues)>>(iter: I) -> Self {
        EffectiveApiRateLimits(
            iter.into_iter()
                .map(|(g, v)| (Extensible::Known(g), v))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn an_unknown_group_is_kept_and_written_back() {
        let json = r#"{"other":{"perSecond":10,"perMinute":30,"perHour":120},
            "global":{"perSecond":75,"perMinute":-1,"perHour":-1},
            "invoiceArchive":{"perSecond":1,"perMinute":2,"perHour":3}}"#;
        let limits: EffectiveApiRateLimits = serde_json::from_str(json).unwrap();
        assert_eq!(
            limits.get(RateLimitGroup::Other),
            Some(RateLimitValues::new(10, 30, 120))
        );
        assert_eq!(
            limits.unknown().collect::<Vec<_>>(),
            [("invoiceArchive", RateLimitValues::new(1, 2, 3))]
        );
        let back = serde_json::to_value(&limits).unwrap();
        assert_eq!(back["invoiceArchive"]["perHour"], 3);
        assert_eq!(back["global"]["perMinute"], -1);
        assert_eq!(
            limits.missing(&[RateLimitGroup::Other, RateLimitGroup::Anonymous]),
            [RateLimitGroup::Anonymous]
        );
        // -1 is "no limit": only the per-second window counts.
        assert_eq!(
            limits
                .get(RateLimitGroup::Global)
                .unwrap()
                .windows()
                .collect::<Vec<_>>(),
            [(1, 75)]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn production_values_have_all_17_groups_under_their_wire_names() {
        let prd = serde_json::to_value(EffectiveApiRateLimits::production()).unwrap();
        let names: Vec<&str> = RateLimitGroup::ALL.iter().map(|g| g.as_str()).collect();
        assert_eq!(names.len(), 17);
        assert_eq!(prd.as_object().unwrap().len(), 17);
        for name in names {
            assert!(prd.get(name).is_some(), "{name}");
            assert_eq!(
                RateLimitGroup::from_name(name).map(RateLimitGroup::as_str),
                Some(name)
            );
        }
        assert_eq!(prd["collectiveIdentifier"]["perMinute"], 120);
        assert_eq!(prd["anonymous"]["perSecond"], 60);
    }
}
