//! What bounds a call whatever the server does: the response size limit (declared or streamed, per client
//! or per call, never retried) and the operation timeout, which also covers decoding.

mod support;

use std::time::{Duration, Instant};

use acs_runtime::codec::{Field, Hint, Reader, Shape, Slot, View, Wire};
use acs_runtime::{
    CallConfig, Client, Credentials, DEFAULT_MAX_RESPONSE_BYTES, DecodeError, ErrorKind, Operation,
    OperationInfo,
};
use support::ops::{DTS, SECRET, fast_retry, input};
use support::{Reply, TestServer};

fn client(url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new("test-id", SECRET))
        .endpoint(url)
        .retry(fast_retry(3))
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

/// A JSON body of about `bytes` bytes that the test operations accept.
fn padded(bytes: usize) -> String {
    format!("{{\"RequestId\":\"R\",\"Pad\":\"{}\"}}", "x".repeat(bytes))
}

#[tokio::test]
async fn a_body_over_the_limit_fails_at_once_and_is_not_retried() {
    assert_eq!(DEFAULT_MAX_RESPONSE_BYTES, 64 * 1024 * 1024);
    let server = TestServer::start(vec![
        Reply::json(200, &padded(2000)),
        Reply::json(200, &padded(10)),
    ])
    .await;
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET))
        .endpoint(&server.url)
        .retry(fast_retry(3))
        .max_response_bytes(1000)
        .build()
        .expect("client");
    let e = c.invoke(input()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ResponseTooLarge, "{e}");
    assert!(e.message().contains("limit of 1000 bytes"), "{e}");
    assert!(e.message().contains("max_response_bytes"), "{e}");
    assert_eq!(e.http_status(), Some(200));
    assert!(!e.is_retryable());
    assert_eq!(server.requests().len(), 1, "not retried");
    // Under the limit, the same client reads the answer.
    c.invoke(input()).await.expect("small answer");
}

#[tokio::test]
async fn a_streamed_body_is_cut_off_at_the_per_call_limit() {
    let big = padded(600 * 1024);
    let server = TestServer::start(vec![
        Reply::json(200, &big).chunked(),
        Reply::json(200, &big).chunked(),
    ])
    .await;
    let c = client(&server.url);
    let limit = CallConfig::new().max_response_bytes(100 * 1024);
    let e = c.invoke_with(input(), &limit).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ResponseTooLarge, "{e}");
    assert!(
        e.message()
            .contains("larger than the limit of 102400 bytes"),
        "{e}"
    );
    assert_eq!(server.requests().len(), 1);
    // The client's own limit (the default) lets the same chunked answer through.
    let out = c.invoke(input()).await.expect("under the default limit");
    assert_eq!(out.request_id.as_deref(), Some("R"));
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    // One gigabyte claimed, a few bytes sent: only the header can have made this a size error.
    let server = TestServer::start(vec![Reply::json(200, "{}").declared_length(1 << 30)]).await;
    let e = client(&server.url)
        .invoke_with(input(), &CallConfig::new().max_response_bytes(1 << 20))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ResponseTooLarge, "{e}");
    assert!(e.message().contains("declares 1073741824 bytes"), "{e}");
}

/// A value whose decoding takes `MS` milliseconds of synchronous work, as a large document into deep
/// typed structs does.
#[derive(Clone, Debug)]
struct Sleepy<const MS: u64>;

impl<const MS: u64> Wire for Sleepy<MS> {
    fn decode(r: &mut Reader<'_>, _: Hint) -> Result<Option<Self>, DecodeError> {
        std::thread::sleep(Duration::from_millis(MS));
        r.skip()?;
        Ok(Some(Sleepy))
    }
    fn view(&self) -> View<'_> {
        View::Str("")
    }
}

/// An output whose `Pad` field is slow to decode.
#[derive(Debug, Default)]
struct SlowToDecode<const MS: u64> {
    pad: Option<Sleepy<MS>>,
}

const PAD: &[Field] = &[Field::new("Pad", "pad")];

impl<const MS: u64> Shape for SlowToDecode<MS> {
    fn fields(&self) -> &'static [Field] {
        PAD
    }
    fn slots<'s>(&'s self, f: &mut dyn FnMut(&[&'s dyn Slot])) {
        f(&[&self.pad])
    }
    fn slots_mut(&mut self, f: &mut dyn FnMut(&mut [&mut dyn Slot])) {
        f(&mut [&mut self.pad])
    }
}

#[derive(Debug, Default)]
struct Slow<const MS: u64>;

impl<const MS: u64> Shape for Slow<MS> {
    fn fields(&self) -> &'static [Field] {
        &[]
    }
    fn slots<'s>(&'s self, f: &mut dyn FnMut(&[&'s dyn Slot])) {
        f(&[])
    }
    fn slots_mut(&mut self, f: &mut dyn FnMut(&mut [&mut dyn Slot])) {
        f(&mut [])
    }
}

impl<const MS: u64> Operation for Slow<MS> {
    type Output = SlowToDecode<MS>;
    const INFO: &'static OperationInfo = &OperationInfo {
        service: &DTS,
        action: "DescribeSlowly",
        method: acs_runtime::Method::Post,
        path: None,
        rules: &[],
        ram_action: None,
        deprecated: false,
        anonymous: false,
        new_input: &acs_runtime::codec::boxed::<Slow<MS>>,
        new_output: &acs_runtime::codec::boxed::<SlowToDecode<MS>>,
        paging: None,
        waiters: &[],
    };
}

#[tokio::test]
async fn the_operation_timeout_fires_while_a_large_body_decodes() {
    let server = TestServer::start(vec![Reply::json(200, &padded(1024 * 1024))]).await;
    let config = CallConfig::new().operation_timeout(Duration::from_millis(400));
    let started = Instant::now();
    let e = client(&server.url)
        .invoke_with(Slow::<2000>, &config)
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(e.message().contains("operation timeout"), "{e}");
    // The timer fired on time instead of waiting for the two-second decode.
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
}

#[tokio::test]
async fn a_success_after_the_deadline_is_a_timeout() {
    // A small body decodes in place, where no timer can interrupt it.
    let server = TestServer::start(vec![
        Reply::json(200, &padded(10)),
        Reply::json(200, &padded(10)),
    ])
    .await;
    let c = client(&server.url);
    let tight = CallConfig::new().operation_timeout(Duration::from_millis(200));
    let e = c.invoke_with(Slow::<600>, &tight).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert_eq!(e.attempts(), Some(1));
    let roomy = CallConfig::new().operation_timeout(Duration::from_secs(5));
    c.invoke_with(Slow::<600>, &roomy)
        .await
        .expect("within the deadline");
}
