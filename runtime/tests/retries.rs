//! Retry and timeout behaviour of `Client::invoke_with` against a loopback server: throttling with
//! `x-acs-retry-after`, errors that must not be retried, each timeout, and per-call overrides.

mod support;

use std::time::{Duration, Instant};

use acs_runtime::{CallConfig, Client, Credentials, ErrorKind, RetryConfig};
use support::ops::{SECRET, fast_retry, input};
use support::{Reply, TestServer};

fn client_with(url: &str, retry: RetryConfig) -> Client {
    Client::builder()
        .credentials(Credentials::new("test-id", SECRET))
        .endpoint(url)
        .retry(retry)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

const THROTTLED: &str = r#"{"Code":"Throttling.User","Message":"Request was denied due to user flow control.","RequestId":"REQ-T"}"#;

#[tokio::test]
async fn throttling_waits_as_long_as_retry_after_says() {
    let server = TestServer::start(vec![
        Reply::json(400, THROTTLED).header("x-acs-retry-after", "300"),
        Reply::json(200, r#"{"RequestId":"REQ-OK"}"#),
    ])
    .await;
    // A 1 ms backoff ceiling: only the hint can explain a 300 ms wait.
    let retry = fast_retry(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_secs(2));
    let started = Instant::now();
    let out = client_with(&server.url, retry)
        .invoke(input())
        .await
        .expect("retried after the hint");
    assert_eq!(out.request_id.as_deref(), Some("REQ-OK"));
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].param("ClientToken"), reqs[1].param("ClientToken"));
}

#[tokio::test]
async fn a_hint_beyond_the_cap_returns_the_throttling_error() {
    let server = TestServer::start(vec![
        Reply::json(429, THROTTLED).header("Retry-After", "30"),
    ])
    .await;
    let started = Instant::now();
    let e = client_with(&server.url, fast_retry(3))
        .invoke(input())
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(e.kind(), ErrorKind::Throttling);
    assert!(e.is_throttling() && e.is_retryable());
    assert_eq!(e.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(e.code(), Some("Throttling.User"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn forbidden_and_auth_errors_are_never_retried() {
    for body in [
        r#"{"Code":"Forbidden.RAM","Message":"no","AccessDeniedDetail":{"AuthAction":"dts:DescribeJobs"}}"#,
        r#"{"Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found."}"#,
        r#"{"Code":"SignatureDoesNotMatch","Message":"bad signature"}"#,
        r#"{"Code":"InvalidParameter","Message":"bad"}"#,
    ] {
        let server = TestServer::start(vec![Reply::json(403, body), Reply::json(200, "{}")]).await;
        let e = client_with(&server.url, fast_retry(3))
            .invoke(input())
            .await
            .unwrap_err();
        assert_eq!(server.requests().len(), 1, "{body}");
        assert!(!e.is_retryable(), "{body}");
        assert_eq!(e.attempts(), Some(1));
        if body.contains("Forbidden") {
            assert!(e.is_access_denied());
            assert!(
                e.access_denied_detail()
                    .is_some_and(|d| d.contains("dts:DescribeJobs"))
            );
        } else if !body.contains("InvalidParameter") {
            assert!(e.is_auth_error(), "{body}");
        }
    }
}

#[tokio::test]
async fn attempt_timeout_is_retried_then_succeeds() {
    let server = TestServer::start(vec![
        Reply::json(200, "{}").delayed(Duration::from_secs(3)),
        Reply::json(200, r#"{"RequestId":"REQ-2"}"#),
    ])
    .await;
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET))
        .endpoint(&server.url)
        .retry(fast_retry(2))
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    let out = c.invoke(input()).await.expect("second attempt in time");
    assert_eq!(out.request_id.as_deref(), Some("REQ-2"));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[0].param("ClientToken"), reqs[1].param("ClientToken"));
}

#[tokio::test]
async fn operation_timeout_bounds_every_attempt() {
    let slow = Reply::json(200, "{}").delayed(Duration::from_secs(3));
    let server = TestServer::start(vec![slow.clone(), slow.clone(), slow]).await;
    let c = client_with(&server.url, fast_retry(3));
    let config = CallConfig::new().operation_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let e = c.invoke_with(input(), &config).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(
        e.is_timeout() && e.message().contains("operation timeout"),
        "{e}"
    );
    assert_eq!(e.operation(), Some("DescribeJobs"));
}

#[tokio::test]
async fn per_call_overrides_win_over_the_client() {
    let busy = r#"{"Code":"ServiceUnavailable","Message":"busy"}"#;
    let server = TestServer::start(vec![Reply::json(503, busy), Reply::json(200, "{}")]).await;
    let c = client_with(&server.url, fast_retry(3));
    let no_retry = CallConfig::new().retry(RetryConfig::disabled());
    let e = c.invoke_with(input(), &no_retry).await.unwrap_err();
    assert_eq!(e.code(), Some("ServiceUnavailable"));
    assert_eq!(server.requests().len(), 1);

    let slow =
        TestServer::start(vec![Reply::json(200, "{}").delayed(Duration::from_secs(3))]).await;
    let c = client_with(&slow.url, RetryConfig::disabled());
    let quick = CallConfig::new().attempt_timeout(Duration::from_millis(150));
    let e = c.invoke_with(input(), &quick).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(e.message().contains("per-attempt timeout"), "{e}");
}

#[tokio::test]
async fn connection_refused_is_retried_until_attempts_run_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let e = client_with(&url, fast_retry(3))
        .invoke(input())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert_eq!(e.attempts(), Some(3));
}

#[tokio::test]
async fn connect_timeout_fires_when_the_accept_queue_is_full() {
    // A listener that never accepts, with a backlog of one, filled by our own connections: further SYNs
    // to it are dropped by the kernel, so a connect hangs until the connect timeout.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("addr"))
        .expect("bind");
    let addr = socket.local_addr().expect("addr");
    let _listener = socket.listen(1).expect("listen");
    let mut fillers = Vec::new();
    for _ in 0..8 {
        match tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(addr),
        )
        .await
        {
            Ok(Ok(s)) => fillers.push(s),
            _ => break,
        }
    }
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET))
        .endpoint(format!("http://{addr}"))
        .retry(RetryConfig::disabled())
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let e = c.invoke(input()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(e.message().contains("connect timeout"), "{e}");
}
