//! End-to-end error mapping of `Client::invoke` against a loopback HTTP/1.1 server: service errors,
//! non-JSON bodies, decode errors, timeouts, transport failures, endpoint configuration, server text that
//! tries to forge log lines, and `"Success": false` inside an HTTP 200.

#[path = "support/capture.rs"]
mod capture;
mod support;

use std::time::Duration;

use acs_runtime::codec::{Field, Shape, Slot};
use acs_runtime::{
    Client, Credentials, EndpointRules, ErrorKind, Operation, OperationInfo, Service,
};
use capture::Capture;
use support::ops::{SECRET, TOKEN, client, input};
use support::{Reply, TestServer};

#[tokio::test]
async fn forbidden_maps_to_service_error() {
    let server = TestServer::start(vec![Reply::json(
        403,
        r#"{"RequestId":"REQ-403","HostId":"dts.aliyuncs.com","Code":"Forbidden.RAM","Message":"User not authorized to operate on the specified resource.","Recommend":"https://api.aliyun.com/troubleshoot?q=Forbidden.RAM"}"#,
    )])
    .await;
    let e = client(&server.url).invoke(input()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service);
    assert_eq!(e.http_status(), Some(403));
    assert_eq!(e.code(), Some("Forbidden.RAM"));
    assert_eq!(
        e.message(),
        "User not authorized to operate on the specified resource."
    );
    assert_eq!(e.request_id(), Some("REQ-403"));
    assert_eq!(e.operation(), Some("DescribeJobs"));
    assert!(e.recommend().is_some());
    let shown = format!("{e} {e:?}");
    assert!(shown.contains("Forbidden.RAM") && shown.contains("REQ-403"));
    assert!(!shown.contains(SECRET) && !shown.contains(TOKEN));
}

#[tokio::test]
async fn non_json_502_gives_a_snippet() {
    let server = TestServer::start(vec![Reply::json(
        502,
        "<html><body>upstream broke</body></html>",
    )])
    .await;
    let e = client(&server.url).invoke(input()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service);
    assert_eq!(e.http_status(), Some(502));
    assert_eq!(e.code(), None);
    assert_eq!(
        e.body_snippet(),
        Some("<html><body>upstream broke</body></html>")
    );
    assert!(e.to_string().contains("upstream broke"), "{e}");
}

#[tokio::test]
async fn decode_error_names_operation_and_field() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"RequestId":"REQ-BAD","TotalCount":"lots"}"#,
    )])
    .await;
    let e = client(&server.url).invoke(input()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(e.operation(), Some("DescribeJobs"));
    assert_eq!(e.request_id(), Some("REQ-BAD"));
    assert!(e.message().contains("TotalCount"), "{e}");
    assert!(e.body_snippet().is_some_and(|s| s.contains("lots")));
}

#[tokio::test]
async fn slow_responses_time_out() {
    let server =
        TestServer::start(vec![Reply::json(200, "{}").delayed(Duration::from_secs(3))]).await;
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET))
        .endpoint(&server.url)
        .max_attempts(1)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    let e = c.invoke(input()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert_eq!(e.operation(), Some("DescribeJobs"));
}

#[tokio::test]
async fn transport_errors_do_not_leak_query_or_secrets() {
    // Bind then drop a listener so the port is (almost certainly) closed.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let mut op = input();
    op.password = Some("db-password-secret".into());
    let e = client(&url).invoke(op).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    let mut shown = format!("{e} {e:?}");
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        shown.push_str(&format!(" {s} {s:?}"));
        source = s.source();
    }
    for secret in ["db-password-secret", SECRET, TOKEN] {
        assert!(!shown.contains(secret), "{secret} leaked: {shown}");
    }
}

#[tokio::test]
async fn region_is_needed_for_regional_products() {
    static REGIONAL: Service = Service {
        module: "dbs",
        product: "Dbs",
        version: "2019-03-06",
        endpoints: EndpointRules {
            regional: &[],
            fallback: Some("dbs-api.{region_id}.aliyuncs.com"),
            global: None,
        },
        signing: acs_runtime::Signing::Acs,
    };
    #[derive(Debug, Default)]
    struct Op;
    impl Shape for Op {
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
    impl Operation for Op {
        type Output = support::ops::DescribeJobsOutput;
        const INFO: &'static OperationInfo = &OperationInfo {
            service: &REGIONAL,
            action: "DescribeBackupPlanList",
            method: acs_runtime::Method::Post,
            path: None,
            rules: &[],
            ram_action: None,
            deprecated: false,
            anonymous: false,
            new_input: &acs_runtime::codec::boxed::<Op>,
            new_output: &acs_runtime::codec::boxed::<support::ops::DescribeJobsOutput>,
            paging: None,
            waiters: &[],
        };
    }
    let c = Client::builder()
        .credentials(Credentials::new("id", SECRET))
        .build()
        .expect("client");
    let e = c.invoke(Op).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert_eq!(e.operation(), Some("DescribeBackupPlanList"));
    assert!(e.message().contains("product Dbs needs a region"), "{e}");
}

#[tokio::test]
async fn server_text_cannot_forge_log_lines_or_flood_them() {
    let (capture, _guard) = Capture::install();
    let forged = "denied\n2030-01-01T00:00:00Z  INFO acs.call: call succeeded\u{1b}[2K\r";
    let body = serde_json::json!({
        "Code": format!("Forbidden\n{}", "C".repeat(10_000)),
        "Message": format!("{forged}{}", "m".repeat(1_000_000)),
        "RequestId": format!("REQ\u{1b}]0;pwned\u{7}{}", "r".repeat(10_000)),
        "HostId": "h\u{202e}gnp.exe",
        "Recommend": format!("https://r/\n{}", "x".repeat(100_000)),
    });
    let server = TestServer::start(vec![Reply::json(400, &body.to_string())]).await;
    let e = client(&server.url).invoke(input()).await.unwrap_err();
    let shown = e.to_string();
    for c in ['\n', '\r', '\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!shown.contains(c), "{c:?} in {shown}");
    }
    assert!(shown.contains("denied\\n2030-01-01T00:00:00Z"), "{shown}");
    assert!(shown.contains("\\u{1b}[2K\\r"), "{shown}");
    assert!(shown.len() < 8 * 1024, "{} bytes", shown.len());
    assert!(e.message().len() <= 4096 && e.message().ends_with('…'));
    for field in [e.code(), e.request_id(), e.host_id(), e.recommend()] {
        let field = field.expect("kept, bounded");
        assert!(field.len() <= 1024, "{field}");
        assert!(!field.contains(['\n', '\u{1b}', '\u{202e}']), "{field}");
    }
    // The log event of the failure shows the same escaped text.
    let events = capture.events();
    let logged: Vec<&String> = events.iter().flatten().map(|(_, v)| v).collect();
    assert!(
        logged.iter().any(|v| v.contains("denied\\n2030")),
        "{logged:?}"
    );
    assert!(
        logged.iter().all(|v| !v.contains(['\n', '\u{1b}'])),
        "{logged:?}"
    );
}

#[tokio::test]
async fn success_false_keeps_the_http_status_and_reports_the_body_status() {
    let failed = |status: u16, code: &str| {
        let body = serde_json::json!({"Success": false, "ErrCode": code, "ErrMessage": "m",
                                      "HttpStatusCode": status, "RequestId": "R"});
        Reply::json(200, &body.to_string())
    };
    let server = TestServer::start(vec![
        failed(503, "InternalError"),
        failed(503, "InternalError"),
        failed(400, "InvalidParameter"),
        failed(403, "Forbidden.RAM"),
    ])
    .await;
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET))
        .endpoint(&server.url)
        .retry(support::ops::fast_retry(2))
        .build()
        .expect("client");
    let e = c.invoke(input()).await.unwrap_err();
    assert_eq!((e.http_status(), e.body_status()), (Some(200), Some(503)));
    assert!(e.to_string().contains("(HTTP 200, body status 503)"), "{e}");
    assert_eq!(
        e.attempts(),
        Some(2),
        "a server failure in the body is retried"
    );
    let e = c.invoke(input()).await.unwrap_err();
    assert_eq!((e.http_status(), e.body_status()), (Some(200), Some(400)));
    assert!(!e.is_retryable());
    let e = c.invoke(input()).await.unwrap_err();
    assert!(e.is_access_denied() && !e.is_retryable(), "{e}");
    assert_eq!(server.requests().len(), 4);
}
