//! End-to-end tests of `Client::invoke` against a loopback HTTP/1.1 server: wire format, signature,
//! idempotency token, validation before I/O and retries.

mod support;

use acs_runtime::sign::{self, acs3};
use acs_runtime::{Client, Credentials, ErrorKind, Timestamp};
use support::ops::{DescribeJobs, NoToken, SECRET, TOKEN, client, fast_retry, input};
use support::{Recorded, Reply, TestServer};

/// Recomputes the signature the way a server would and compares it with the one sent.
fn assert_signature_verifies(r: &Recorded) {
    let auth = acs3::parse_authorization(r.header("authorization").expect("authorization"))
        .expect("ACS3 authorization");
    assert_eq!(auth.access_key_id, "test-id");
    let mut sorted = auth.signed_headers.clone();
    sorted.sort();
    assert_eq!(auth.signed_headers, sorted, "signed headers are sorted");
    assert!(
        auth.signed_headers
            .iter()
            .all(|h| *h == h.to_ascii_lowercase())
    );
    for needed in [
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-security-token",
        "x-acs-signature-nonce",
        "x-acs-version",
    ] {
        assert!(
            auth.signed_headers.iter().any(|h| h == needed),
            "{needed} is signed"
        );
    }
    let body_sha = r.header("x-acs-content-sha256").expect("content sha");
    assert_eq!(body_sha, sign::sha256_hex(&r.body));
    let canonical = acs3::canonical_request(
        &r.method,
        &r.path,
        &r.query_pairs(),
        &r.headers,
        &auth.signed_headers,
        body_sha,
    );
    let expected = acs3::signature(SECRET, &acs3::string_to_sign(&canonical));
    assert_eq!(auth.signature, expected, "signature verifies");
}

fn is_acs_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
}

#[tokio::test]
async fn success_request_is_well_formed_and_signed() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"RequestId":"REQ-OK","TotalCount":"42","CreateTime":"2022-03-16T08:01:34.000+00:00"}"#,
    )])
    .await;
    let out = client(&server.url).invoke(input()).await.expect("success");
    assert_eq!(out.request_id.as_deref(), Some("REQ-OK"));
    assert_eq!(out.total_count, Some(42));
    assert_eq!(
        out.create_time.as_ref().and_then(Timestamp::unix_millis),
        Some(1_647_417_694_000)
    );

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/");
    assert!(r.body.is_empty());
    // An explicit zero length: some gateways answer 411 to a bodiless POST without one.
    assert_eq!(r.header("content-length"), Some("0"));
    assert_eq!(r.header("accept"), Some("application/json"));
    assert!(
        r.header("user-agent")
            .is_some_and(|ua| ua.starts_with("acs-runtime/"))
    );
    assert_eq!(r.header("x-acs-action"), Some("DescribeJobs"));
    assert_eq!(r.header("x-acs-version"), Some("2020-01-01"));
    assert_eq!(r.header("x-acs-security-token"), Some(TOKEN));
    assert!(r.header("x-acs-date").is_some_and(is_acs_date));
    assert_eq!(r.header("x-acs-signature-nonce").map(str::len), Some(32));

    // The query is sent sorted and encoded with Alibaba's set.
    assert!(
        r.query.starts_with("ClientToken="),
        "sorted query: {}",
        r.query
    );
    assert!(
        r.query.contains("DtsJobId=job%201%2F%2A~%E4%B8%AD"),
        "{}",
        r.query
    );
    assert_eq!(r.param("DtsJobId").as_deref(), Some("job 1/*~中"));
    assert_eq!(r.param("PageSize").as_deref(), Some("20"));
    assert_eq!(r.param("Names").as_deref(), Some("a,b,c"));
    let token = r.param("ClientToken").expect("ClientToken auto-filled");
    assert_eq!(token.len(), 32);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));

    assert_signature_verifies(r);
}

#[tokio::test]
async fn caller_client_token_is_kept() {
    let server = TestServer::start(vec![Reply::json(200, "{}")]).await;
    let mut op = input();
    op.client_token = Some("my-token".into());
    client(&server.url).invoke(op).await.expect("success");
    assert_eq!(
        server.requests()[0].param("ClientToken").as_deref(),
        Some("my-token")
    );
}

#[tokio::test]
async fn validation_fails_before_any_io() {
    let server = TestServer::start(vec![]).await;
    let op = DescribeJobs {
        page_size: Some(1000),
        ..DescribeJobs::default()
    };
    let e = client(&server.url).invoke(op).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(e.operation(), Some("DescribeJobs"));
    assert_eq!(
        e.to_string(),
        "DescribeJobs: invalid input: DtsJobId is required; PageSize must be between 1 and 100 (got 1000)"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn retries_reuse_the_token_with_fresh_nonces() {
    let busy = r#"{"Code":"ServiceUnavailable","Message":"busy"}"#;
    let server = TestServer::start(vec![
        Reply::json(503, busy),
        Reply::json(503, busy),
        Reply::json(200, r#"{"RequestId":"REQ-3"}"#),
    ])
    .await;
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET).with_security_token(TOKEN))
        .endpoint(&server.url)
        .retry(fast_retry(3))
        .build()
        .expect("client");
    let out = c.invoke(input()).await.expect("third attempt succeeds");
    assert_eq!(out.request_id.as_deref(), Some("REQ-3"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    let token = reqs[0].param("ClientToken").expect("token");
    assert_eq!(token.len(), 32);
    for r in &reqs {
        assert_eq!(r.param("ClientToken").as_deref(), Some(token.as_str()));
    }
    assert_ne!(
        reqs[0].header("x-acs-signature-nonce"),
        reqs[1].header("x-acs-signature-nonce")
    );
    for r in &reqs {
        assert_signature_verifies(r);
    }
}

#[tokio::test]
async fn server_errors_are_retried_for_every_operation() {
    let oops = r#"{"Code":"InternalError","Message":"oops"}"#;
    let server = TestServer::start(vec![Reply::json(500, oops), Reply::json(500, oops)]).await;
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET))
        .endpoint(&server.url)
        .retry(fast_retry(2))
        .build()
        .expect("client");
    // Read-only actions without a ClientToken are retried too (the issue's rule).
    let e = c.invoke(NoToken(input())).await.unwrap_err();
    assert_eq!(e.code(), Some("InternalError"));
    assert_eq!(e.operation(), Some("DescribeOther"));
    assert_eq!(e.attempts(), Some(2));
    assert_eq!(server.requests().len(), 2);
    assert!(
        server.requests()[0]
            .header("x-acs-security-token")
            .is_none()
    );
}

#[test]
fn invoke_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let c = Client::builder()
        .credentials(Credentials::new("id", SECRET))
        .build()
        .expect("client");
    let future = c.invoke(input());
    assert_send(&future);
}
