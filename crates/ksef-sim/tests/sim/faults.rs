//! Forced faults (`faults` in `/__sim/config`): each kind on a chosen endpoint, `times`
//! counting down, `*` patterns, method filters, and a held request that holds nothing else up.

use std::time::{Duration, Instant};

use crate::support;

use ksef_core::context::ContextType;
use ksef_core::keys::KeyAlgorithm;
use serde_json::{json, Value};
use support::*;

/// A request without the spec check: the faults answer what KSeF's spec does not describe.
async fn raw(server: &Server, method: &str, path: &str, headers: &[(&str, &str)]) -> Resp {
    let mut req =
        reqwest::Client::new().request(method.parse().unwrap(), format!("{}{path}", server.base));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let r = req.send().await.unwrap();
    Resp {
        status: r.status().as_u16(),
        headers: r.headers().clone(),
        body: r.bytes().await.unwrap().to_vec(),
    }
}

async fn faults(server: &Server) -> Value {
    server.get("/__sim/config", None).await.json()["faults"].clone()
}

fn text(r: &Resp) -> String {
    String::from_utf8_lossy(&r.body).into_owned()
}

#[tokio::test]
async fn unreadable_is_a_200_html_page_once_then_the_endpoint_answers_again() {
    let server = Server::start().await;
    server
        .config(
            json!({"faults": [{"method": "POST", "path": "/v2/auth/challenge",
            "kind": "unreadable", "times": 1}]}),
        )
        .await;
    let r = raw(&server, "POST", "/v2/auth/challenge", &[]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(text(&r).starts_with("<!DOCTYPE html>"), "{}", text(&r));
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());
    // Spent: gone from the list, and the next challenge is a real one.
    assert_eq!(faults(&server).await, json!([]));
    server.challenge().await;
}

#[tokio::test]
async fn server_error_is_a_plain_text_500_not_ksef_json() {
    let server = Server::start().await;
    server
        .config(
            json!({"faults": [{"path": "/v2/security/public-key-certificates",
            "kind": "serverError"}]}),
        )
        .await;
    for _ in 0..2 {
        let r = raw(&server, "GET", "/v2/security/public-key-certificates", &[]).await;
        assert_eq!(r.status, 500);
        assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
        assert_eq!(text(&r), "Internal Server Error\n");
    }
    // Without `times` it stays until replaced.
    assert_eq!(faults(&server).await.as_array().unwrap().len(), 1);
    server.config(json!({"faults": []})).await;
    assert_eq!(
        server
            .get("/v2/security/public-key-certificates", None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn too_many_is_ksef_s_429_in_either_shape_with_retry_after() {
    let server = Server::start().await;
    server
        .config(json!({"faults": [
            {"path": "/v2/auth/challenge", "kind": "tooMany", "times": 1},
            {"path": "/v2/auth/challenge", "kind": "tooMany", "times": 1, "retryAfterSeconds": 7}
        ]}))
        .await;
    // Checked against open-api.json: the body is KSeF's own 429.
    let r = server
        .call("POST", "/v2/auth/challenge", None, &[], None)
        .await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("2"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.json()["status"]["code"], 429, "{}", r.json());
    let problem = [("x-error-format", "problem-details")];
    let r = server
        .call("POST", "/v2/auth/challenge", None, &problem, None)
        .await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("7"));
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    assert_eq!(r.json()["status"], 429);
    assert_eq!(r.json()["instance"], "/v2/auth/challenge");
    server.challenge().await;
    // The configuration's default, when the fault names none.
    server
        .config(
            json!({"retryAfterSeconds": 5, "faults": [{"path": "/v2/auth/challenge",
            "kind": "tooMany"}]}),
        )
        .await;
    let r = raw(&server, "POST", "/v2/auth/challenge", &[]).await;
    assert_eq!((r.status, r.header("retry-after")), (429, Some("5")));
}

#[tokio::test]
async fn times_counts_down_and_the_query_string_is_ignored_unless_named() {
    let server = Server::start().await;
    server
        .config(json!({"faults": [
            {"path": "/v2/auth/challenge?x=1", "kind": "unreadable", "times": 1},
            {"path": "/v2/auth/challenge", "kind": "serverError", "times": 2}
        ]}))
        .await;
    assert_eq!(
        raw(&server, "POST", "/v2/auth/challenge?x=1", &[])
            .await
            .status,
        200
    );
    assert_eq!(
        raw(&server, "POST", "/v2/auth/challenge?y=2", &[])
            .await
            .status,
        500
    );
    assert_eq!(faults(&server).await[0]["times"], 1);
    assert_eq!(
        raw(&server, "POST", "/v2/auth/challenge", &[]).await.status,
        500
    );
    assert_eq!(faults(&server).await, json!([]));
    server.challenge().await;
}

/// A login up to its status poll: (operation reference, authentication token).
async fn started_login(server: &Server) -> (String, String) {
    let nip = nip();
    let (key, cert) = key_and_cert(&person(&nip), KeyAlgorithm::EcP256);
    let challenge = server.challenge().await;
    let xml = our_signed(
        &request(&challenge.challenge, ContextType::Nip, &nip),
        &key,
        &cert,
    );
    Server::accepted(&server.submit_xml(&xml, "").await)
}

#[tokio::test]
async fn a_star_hits_the_auth_status_poll_and_a_method_filter_spares_the_rest() {
    let server = Server::start().await;
    // POST /v2/auth/challenge and /xades-signature match the path too, but not the method.
    server
        .config(json!({"faults": [{"method": "get", "path": "/v2/auth/*",
            "kind": "serverError", "times": 1}]}))
        .await;
    let (reference, auth) = started_login(&server).await;
    let poll = format!("/v2/auth/{reference}");
    let bearer = format!("Bearer {auth}");
    let r = raw(&server, "GET", &poll, &[("authorization", &bearer)]).await;
    assert_eq!(r.status, 500, "{}", text(&r));
    let r = server.get(&poll, Some(&auth)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"]["code"], 100);
}

#[tokio::test]
async fn a_fault_for_another_method_leaves_the_request_alone() {
    let server = Server::start().await;
    server
        .config(
            json!({"faults": [{"method": "PUT", "path": "/v2/auth/challenge",
            "kind": "serverError"}]}),
        )
        .await;
    server.challenge().await;
    assert_eq!(faults(&server).await.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_timeout_holds_its_request_while_others_are_served_then_answers_504() {
    let server = Server::start().await;
    let defaults = server.get("/__sim/config", None).await.json();
    assert_eq!(defaults["timeoutHoldMs"], 120_000);
    assert_eq!(defaults["retryAfterSeconds"], 2);
    server
        .config(
            json!({"faults": [{"method": "POST", "path": "/v2/auth/challenge",
            "kind": "timeout", "times": 1, "holdMs": 1500}]}),
        )
        .await;
    let started = Instant::now();
    let held = tokio::spawn({
        let server = server.clone();
        async move { raw(&server, "POST", "/v2/auth/challenge", &[]).await }
    });
    // Spent means the held request has reached the simulator.
    while faults(&server).await != json!([]) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.challenge().await;
    let keys = server
        .get("/v2/security/public-key-certificates", None)
        .await;
    assert_eq!(keys.status, 200);
    assert!(!held.is_finished(), "answered before its hold");
    assert!(started.elapsed() < Duration::from_millis(1500));
    let r = held.await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(1500));
    assert_eq!(r.status, 504);
    assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
    assert_eq!(text(&r), "Gateway Timeout\n");
}

#[tokio::test]
async fn reset_clears_faults_and_bad_patterns_are_refused() {
    let server = Server::start().await;
    for bad in [
        json!({"faults": [{"path": "v2/auth/challenge", "kind": "timeout"}]}),
        json!({"faults": [{"path": "/__sim/config", "kind": "timeout"}]}),
        json!({"faults": [{"path": "/v2/auth/challenge", "kind": "crash"}]}),
        json!({"faults": [{"path": "/v2/auth/challenge", "kind": "timeout", "hold": 1}]}),
    ] {
        let r = server.post("/__sim/config", None, bad.clone()).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    server
        .config(json!({"faults": [{"path": "/v2/auth/challenge", "kind": "serverError"}]}))
        .await;
    assert_eq!(
        server.post("/__sim/reset", None, json!({})).await.status,
        204
    );
    assert_eq!(faults(&server).await, json!([]));
    server.config(json!({"rateLimits": "off"})).await;
    server.challenge().await;
}
