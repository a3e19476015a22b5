//! The `acs.call` tracing span and events, captured by a minimal hand-written subscriber: the fields are
//! there and no secret ever is.

mod support;

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use acs_runtime::{Client, Credentials};
use support::ops::{SECRET, TOKEN, fast_retry, input};
use support::{Reply, TestServer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span's id, name and every field recorded on it.
type SpanRecord = (u64, String, Vec<(String, String)>);

/// Every span (name and fields) and event (fields) seen, as text.
#[derive(Default)]
struct Captured {
    spans: Mutex<Vec<SpanRecord>>,
    events: Mutex<Vec<Vec<(String, String)>>>,
    next_id: AtomicU64,
}

#[derive(Clone, Default)]
struct Capture(Arc<Captured>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.0.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        let name = span.metadata().name().to_owned();
        self.0.spans.lock().unwrap().push((id, name, fields));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.0.spans.lock().unwrap();
        if let Some((_, _, fields)) = spans.iter_mut().find(|(id, _, _)| *id == span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.events.lock().unwrap().push(fields);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn each_call_has_a_span_with_its_fields_and_no_secrets() {
    let capture = Capture::default();
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(capture.clone()));

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

    let spans = capture.0.spans.lock().unwrap().clone();
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

    let events = capture.0.events.lock().unwrap().clone();
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
