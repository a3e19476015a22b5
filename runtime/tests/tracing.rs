//! The `acs.call` tracing span and events, captured by the hand-written subscriber of `support::capture`:
//! the fields are there and no secret ever is.

#[path = "support/capture.rs"]
mod capture;
mod support;

use acs_runtime::{Client, Credentials};
use capture::Capture;
use support::ops::{SECRET, TOKEN, fast_retry, input};
use support::{Reply, TestServer};

#[tokio::test]
async fn each_call_has_a_span_with_its_fields_and_no_secrets() {
    let (capture, _guard) = Capture::install();

    let server = TestServer::start(vec![
        Reply::json(
            503,
            r#"{"Code":"ServiceUnavailable","RequestId":"REQ-FIRST"}"#,
        ),
        Reply::json(200, r#"{"RequestId":"REQ-TRACE"}"#),
    ])
    .await;
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET).with_security_token(TOKEN))
        .endpoint(&server.url)
        .retry(fast_retry(3))
        .build()
        .expect("client");
    let mut op = input();
    op.password = Some("db-password-secret".into());
    c.invoke(op).await.expect("second attempt succeeds");

    let spans = capture.spans();
    let calls: Vec<_> = spans
        .iter()
        .filter(|(_, name, _)| name == "acs.call")
        .collect();
    assert_eq!(calls.len(), 1, "{spans:?}");
    let fields = &calls[0].2;
    let last = |name: &str| {
        fields
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim_matches('"').to_owned())
    };
    assert_eq!(last("operation").as_deref(), Some("DescribeJobs"));
    assert_eq!(last("product").as_deref(), Some("Dts"));
    assert_eq!(last("attempt").as_deref(), Some("2"));
    assert_eq!(last("request_id").as_deref(), Some("REQ-TRACE"));
    assert!(
        last("latency_ms").is_some_and(|v| v.parse::<u64>().is_ok()),
        "{fields:?}"
    );

    let events = capture.events();
    assert!(
        events
            .iter()
            .any(|e| e.iter().any(|(_, v)| v.contains("retrying"))),
        "a retry is logged: {events:?}"
    );
    let everything = format!("{spans:?} {events:?}");
    for secret in [SECRET, TOKEN, "db-password-secret"] {
        assert!(!everything.contains(secret), "{secret} leaked into traces");
    }
}
