//! API 2.9.0 limits: `GET /rate-limits` with its 17 groups, `GET /limits/context` with
//! `collectiveIdentifier`, and the TEST endpoints that change them for the caller's context.

use crate::support;

use serde_json::{json, Value};
use support::*;

/// The example of `GET /rate-limits` in open-api.json 2.9.0, which is also KSeF's production values.
fn spec_example() -> Value {
    json!({
        "onlineSession": {"perSecond": 10, "perMinute": 30, "perHour": 120},
        "onlineSessionClose": {"perSecond": 20, "perMinute": 60, "perHour": 240},
        "batchSession": {"perSecond": 10, "perMinute": 20, "perHour": 60},
        "batchSessionClose": {"perSecond": 20, "perMinute": 40, "perHour": 120},
        "invoiceSend": {"perSecond": 10, "perMinute": 30, "perHour": 180},
        "invoiceStatus": {"perSecond": 30, "perMinute": 120, "perHour": 1200},
        "sessionList": {"perSecond": 5, "perMinute": 10, "perHour": 60},
        "sessionInvoiceList": {"perSecond": 10, "perMinute": 20, "perHour": 200},
        "sessionMisc": {"perSecond": 10, "perMinute": 120, "perHour": 1200},
        "invoiceMetadata": {"perSecond": 8, "perMinute": 16, "perHour": 20},
        "invoiceExport": {"perSecond": 8, "perMinute": 16, "perHour": 20},
        "invoiceExportStatus": {"perSecond": 10, "perMinute": 60, "perHour": 600},
        "invoiceDownload": {"perSecond": 8, "perMinute": 16, "perHour": 64},
        "collectiveIdentifier": {"perSecond": 20, "perMinute": 120, "perHour": 240},
        "other": {"perSecond": 10, "perMinute": 30, "perHour": 120},
        "anonymous": {"perSecond": 60, "perMinute": -1, "perHour": -1},
        "global": {"perSecond": 75, "perMinute": -1, "perHour": -1}
    })
}

/// The 13 groups `POST /testdata/rate-limits` requires, all set to `v`.
fn overrides(v: Value) -> Value {
    let groups = [
        "onlineSession",
        "batchSession",
        "invoiceSend",
        "invoiceStatus",
        "sessionList",
        "sessionInvoiceList",
        "sessionMisc",
        "invoiceMetadata",
        "invoiceExport",
        "invoiceExportStatus",
        "invoiceDownload",
        "collectiveIdentifier",
        "other",
    ];
    Value::Object(groups.iter().map(|g| (g.to_string(), v.clone())).collect())
}

#[tokio::test]
async fn rate_limits_have_the_17_groups_of_2_9_0() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let r = server.get("/v2/rate-limits", Some(&s.access)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), spec_example());
    // Klucznik's type reads it, and would keep a group added later.
    let limits: ksef_core::api::limits::EffectiveApiRateLimits =
        serde_json::from_slice(&r.body).unwrap();
    assert!(limits
        .missing(ksef_core::api::limits::RateLimitGroup::ALL)
        .is_empty());
    assert_eq!(server.get("/v2/rate-limits", None).await.status, 401);
}

#[tokio::test]
async fn testdata_rate_limits_take_collective_identifier_and_apply_to_the_context() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let other = owner_session(&server).await;
    let tight = json!({"perSecond": 1, "perMinute": 2, "perHour": 3});
    // A 2.8 body, without collectiveIdentifier, is refused.
    let mut old = overrides(tight.clone());
    old.as_object_mut().unwrap().remove("collectiveIdentifier");
    let r = server
        .post(
            "/v2/testdata/rate-limits",
            Some(&s.access),
            json!({"rateLimits": old}),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
    assert!(
        r.details().contains("collectiveIdentifier"),
        "{}",
        r.details()
    );
    let r = server
        .post(
            "/v2/testdata/rate-limits",
            Some(&s.access),
            json!({"rateLimits": overrides(tight.clone())}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json());
    let mine = server.get("/v2/rate-limits", Some(&s.access)).await.json();
    assert_eq!(mine["collectiveIdentifier"], tight);
    assert_eq!(mine["other"], tight);
    // The groups the override does not name keep their values.
    assert_eq!(
        mine["onlineSessionClose"],
        spec_example()["onlineSessionClose"]
    );
    assert_eq!(mine["global"], spec_example()["global"]);
    // Only the caller's context.
    assert_eq!(
        server
            .get("/v2/rate-limits", Some(&other.access))
            .await
            .json(),
        spec_example()
    );
    // `other` is enforced for this context: 1 per second, 2 per minute.
    server.config(json!({"rateLimits": "prd"})).await;
    let mut statuses = vec![];
    for _ in 0..3 {
        let r = server.get("/v2/limits/context", Some(&s.access)).await;
        statuses.push((r.status, r.header("retry-after").is_some()));
    }
    assert_eq!(statuses[0], (200, false));
    assert_eq!(statuses[2], (429, true));
    assert_eq!(
        server
            .get("/v2/limits/context", Some(&other.access))
            .await
            .status,
        200,
        "another context keeps the production limits"
    );
    server.config(json!({"rateLimits": "off"})).await;
    // Production values, then the defaults again.
    let r = server
        .call(
            "POST",
            "/v2/testdata/rate-limits/production",
            Some(&s.access),
            &[],
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        server.get("/v2/rate-limits", Some(&s.access)).await.json(),
        spec_example()
    );
    server
        .post(
            "/v2/testdata/rate-limits",
            Some(&s.access),
            json!({"rateLimits": overrides(tight)}),
        )
        .await;
    assert_eq!(
        server
            .delete("/v2/testdata/rate-limits", Some(&s.access))
            .await
            .status,
        200
    );
    assert_eq!(
        server.get("/v2/rate-limits", Some(&s.access)).await.json(),
        spec_example()
    );
    assert_eq!(
        server.delete("/v2/testdata/rate-limits", None).await.status,
        401
    );
}

#[tokio::test]
async fn context_session_limits_require_collective_identifier() {
    let server = Server::start().await;
    let s = owner_session(&server).await;
    let r = server.get("/v2/limits/context", Some(&s.access)).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({
            "onlineSession": {"maxInvoiceSizeInMB": 1, "maxInvoiceWithAttachmentSizeInMB": 3, "maxInvoices": 10000},
            "batchSession": {"maxInvoiceSizeInMB": 1, "maxInvoiceWithAttachmentSizeInMB": 3, "maxInvoices": 10000},
            "collectiveIdentifier": {"maxInvoices": 500}
        })
    );
    let session =
        json!({"maxInvoiceSizeInMB": 2, "maxInvoiceWithAttachmentSizeInMB": 4, "maxInvoices": 50});
    let old = json!({"onlineSession": session, "batchSession": session});
    let r = server
        .post("/v2/testdata/limits/context/session", Some(&s.access), old)
        .await;
    assert_eq!((r.status, r.code()), (400, 21405), "a 2.8 body");
    let mut body = json!({"onlineSession": session, "batchSession": session,
        "collectiveIdentifier": {"maxInvoices": 1}});
    let r = server
        .post(
            "/v2/testdata/limits/context/session",
            Some(&s.access),
            body.clone(),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21405), "maxInvoices ≥ 2");
    body["collectiveIdentifier"]["maxInvoices"] = json!(42);
    let r = server
        .post(
            "/v2/testdata/limits/context/session",
            Some(&s.access),
            body.clone(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json());
    assert_eq!(
        server
            .get("/v2/limits/context", Some(&s.access))
            .await
            .json(),
        body
    );
    let r = server
        .delete("/v2/testdata/limits/context/session", Some(&s.access))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        server
            .get("/v2/limits/context", Some(&s.access))
            .await
            .json()["collectiveIdentifier"]["maxInvoices"],
        500
    );
    // Unreadable JSON: this endpoint documents only 21405.
    let r = server
        .call(
            "POST",
            "/v2/testdata/limits/context/session",
            Some(&s.access),
            &[],
            Some(Body::RawJson(b"{\"onlineSession\":".to_vec())),
        )
        .await;
    assert_eq!((r.status, r.code()), (400, 21405));
    assert_eq!(
        server
            .post("/v2/testdata/limits/context/session", None, body)
            .await
            .status,
        401
    );
}
