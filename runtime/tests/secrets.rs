//! No error a call can end in, and nothing it logs at any level (TRACE included), shows the
//! AccessKeySecret, the SecurityToken or a request signature, in any encoding: validation, config,
//! transport, timeout, service, throttling, decode and size errors, with STS credentials and both
//! signature versions, against a loopback server that quotes everything back the way the gateway's
//! `SignatureDoesNotMatch` does (and worse).

#[path = "support/capture.rs"]
mod capture;
mod support;

use std::time::Duration;

use acs_runtime::sign::{acs3, percent_encode, v1};
use acs_runtime::{CallConfig, Client, ErrorKind, RetryConfig, SignatureVersion};
use capture::Capture;
use serde_json::json;
use support::leaks::{FOREIGN_TOKEN, SECRET, Shown, TOKEN, sts_credentials};
use support::ops::{DescribeJobs, fast_retry, input};
use support::{Recorded, Reply, TestServer};

fn client(url: &str, version: SignatureVersion, retry: RetryConfig) -> Client {
    Client::builder()
        .credentials(sts_credentials())
        .endpoint(url)
        .signature_version(version)
        .retry(retry)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

/// What the gateway would have signed for `r`: the V1 string to sign, or the ACS3 canonical request
/// (which holds the token in its `x-acs-security-token` line) and the `Authorization` header.
fn quoted_request(r: &Recorded) -> String {
    match r.header("authorization") {
        None => {
            let unsigned: Vec<(String, String)> = r
                .query_pairs()
                .into_iter()
                .filter(|(k, _)| k != "Signature")
                .collect();
            v1::string_to_sign(&r.method, &unsigned)
        }
        Some(auth) => {
            let parsed = acs3::parse_authorization(auth).expect("ACS3 authorization");
            let canonical = acs3::canonical_request(
                &r.method,
                &r.path,
                &r.query_pairs(),
                &r.headers,
                &parsed.signed_headers,
                r.header("x-acs-content-sha256").unwrap_or_default(),
            );
            format!("{canonical}\nAuthorization: {auth}")
        }
    }
}

/// The signature `r` was sent with.
fn signature_of(r: &Recorded) -> String {
    match r.header("authorization") {
        Some(auth) => acs3::parse_authorization(auth).expect("ACS3").signature,
        None => r.param("Signature").expect("V1 Signature"),
    }
}

/// An error document that quotes the request every way it can: the string to sign in `Message`, the raw
/// query in `Recommend`, the token raw in `HostId` and percent-encoded in `RequestId`, the whole request
/// in `AccessDeniedDetail`, plus someone else's token and signature.
fn echo(status: u16, code: &'static str) -> support::Responder {
    std::sync::Arc::new(move |r: &Recorded| {
        let token = r
            .header("x-acs-security-token")
            .map(str::to_owned)
            .or_else(|| r.param("SecurityToken"))
            .unwrap_or_default();
        let foreign = percent_encode(FOREIGN_TOKEN);
        let body = json!({
            "Code": code,
            "Message": format!(
                "Specified signature does not match our calculation. server string to sign is:{}\n\
                 previous caller: SecurityToken={foreign}&Signature=Rk9SRUlHTg%3D%3D",
                quoted_request(r)
            ),
            "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&{}", r.query),
            "HostId": token,
            "RequestId": format!("REQ-{}", percent_encode(&token)),
            "AccessDeniedDetail": {
                "Query": r.query,
                "Headers": r.headers,
                "Signature": signature_of(r),
                "SecurityToken": FOREIGN_TOKEN,
            },
        });
        Reply::json(status, &body.to_string()).header("Retry-After", "0")
    })
}

const VERSIONS: [SignatureVersion; 2] = [SignatureVersion::Acs3, SignatureVersion::V1];

#[tokio::test]
async fn service_and_throttling_errors_that_quote_the_request() {
    let (capture, _guard) = Capture::install();
    let mut shown = Shown::default();
    let mut signatures = Vec::new();
    for version in VERSIONS {
        for (status, code, kind) in [
            (400, "SignatureDoesNotMatch", ErrorKind::Service),
            (403, "Forbidden.RAM", ErrorKind::Service),
            (429, "Throttling.User", ErrorKind::Throttling),
            // Retried once, so the retry's log event quotes it too.
            (503, "ServiceUnavailable", ErrorKind::Service),
        ] {
            let server = TestServer::with_responder(echo(status, code)).await;
            let result = client(&server.url, version, fast_retry(2))
                .invoke(input())
                .await;
            let e = shown.failure(code, result);
            assert_eq!((e.kind(), e.code()), (kind, Some(code)), "{e}");
            // Redaction keeps what is useful: the code, the shape of the quote, the unrelated fields.
            assert!(e.message().contains("<redacted>"), "{e}");
            assert!(e.message().contains("server string to sign is:POST"), "{e}");
            signatures.extend(server.requests().iter().map(signature_of));
        }
    }
    // Per version: 400 and 403 once, 429 and 503 retried once.
    assert_eq!(signatures.len(), 2 * 6);
    shown.text(&capture.text());
    let mut forbidden: Vec<&str> = vec![SECRET, TOKEN, FOREIGN_TOKEN, "Rk9SRUlHTg"];
    forbidden.extend(signatures.iter().map(String::as_str));
    shown.assert_free_of(&forbidden);
    assert!(
        capture.text().contains("retrying"),
        "the retry was logged: {}",
        capture.text()
    );
}

#[tokio::test]
async fn decode_errors_snippets_embedded_errors_and_request_ids() {
    let (capture, _guard) = Capture::install();
    let mut shown = Shown::default();
    let once = percent_encode(TOKEN);
    let twice = percent_encode(&once);
    for version in VERSIONS {
        let server = TestServer::start(vec![
            // The value serde quotes in its message is the token.
            Reply::json(200, &json!({"RequestId": TOKEN, "TotalCount": TOKEN}).to_string()),
            // Trailing text after the document: the snippet quotes both.
            Reply::json(200, &format!("{{\"RequestId\":\"{SECRET}\"}} and {TOKEN}")),
            Reply::json(502, &format!("<html>{TOKEN} {once} {twice} {SECRET}</html>")),
            Reply::json(
                200,
                &json!({"Success": false, "ErrCode": "Throttling", "ErrMessage": format!("t={twice}"),
                        "HttpStatusCode": 429, "RequestId": once})
                .to_string(),
            ),
            Reply::json(200, &json!({"RequestId": format!("REQ {once}")}).to_string()),
        ])
        .await;
        let c = client(&server.url, version, RetryConfig::disabled());
        let e = shown.failure("decode", c.invoke(input()).await);
        assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
        let e = shown.failure("trailing", c.invoke(input()).await);
        assert_eq!(e.kind(), ErrorKind::Decode, "{e}");
        let e = shown.failure("html", c.invoke(input()).await);
        assert!(
            e.body_snippet().is_some_and(|s| s.contains("<redacted>")),
            "{e}"
        );
        let e = shown.failure("embedded", c.invoke(input()).await);
        assert_eq!((e.http_status(), e.body_status()), (Some(200), Some(429)));
        // A success whose RequestId (recorded on the span) quotes the token.
        c.invoke(input()).await.expect("success");
    }
    shown.text(&capture.text());
    shown.assert_free_of(&[SECRET, TOKEN]);
    assert!(
        capture.text().contains("REQ <redacted>"),
        "{}",
        capture.text()
    );
}

#[tokio::test]
async fn local_failures_transport_timeouts_and_size_limits() {
    let (capture, _guard) = Capture::install();
    let mut shown = Shown::default();
    let refused = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        format!("http://{}", listener.local_addr().expect("addr"))
    };
    for version in VERSIONS {
        let c = client(&refused, version, fast_retry(2));
        let mut op = input();
        op.password = Some(format!("pw-{SECRET}"));
        let e = shown.failure("refused", c.invoke(op).await);
        assert_eq!(e.kind(), ErrorKind::Transport, "{e}");

        let slow = TestServer::start(vec![
            Reply::json(200, "{}").delayed(Duration::from_secs(3)),
            Reply::json(200, &format!("{{\"Pad\":\"{}\"}}", "x".repeat(4096))),
        ])
        .await;
        let c = client(&slow.url, version, RetryConfig::disabled());
        let quick = CallConfig::new().attempt_timeout(Duration::from_millis(100));
        let e = shown.failure("timeout", c.invoke_with(input(), &quick).await);
        assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
        let small = CallConfig::new().max_response_bytes(1000);
        let e = shown.failure("too large", c.invoke_with(input(), &small).await);
        assert_eq!(e.kind(), ErrorKind::ResponseTooLarge, "{e}");

        let e = shown.failure("validation", c.invoke(DescribeJobs::default()).await);
        assert_eq!(e.kind(), ErrorKind::Validation, "{e}");
    }
    for endpoint in [
        format!("http://127.0.0.1:1/?k={SECRET}&t={TOKEN}"),
        format!("https://user:{SECRET}@127.0.0.1"),
        format!("https://127.0.0.1/{}", percent_encode(TOKEN)),
        format!("http://{}.example.com", percent_encode(SECRET)),
    ] {
        let built = Client::builder()
            .credentials(sts_credentials())
            .endpoint(endpoint)
            .build();
        let e = shown.failure("endpoint", built);
        assert_eq!(e.kind(), ErrorKind::Config, "{e}");
    }
    shown.text(&capture.text());
    shown.assert_free_of(&[SECRET, TOKEN]);
    assert_eq!(shown.errors, 2 * 4 + 4);
}
