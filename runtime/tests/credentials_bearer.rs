//! A client built with a bearer token (`Credentials::bearer`, the official `bearer` credential type) sends
//! the token where tea-openapi's `client.py` puts it and no AccessKey signature: `x-acs-bearer-token` and
//! `SignatureType=BEARERTOKEN` in the query for ACS3 RPC, `BearerToken` and `SignatureType` in the query
//! for V1 RPC, `x-acs-bearer-token` and `x-acs-signature-type` for RESTful operations. Checked by a
//! loopback server that accepts only the token; the token appears in no error, dry run or `Debug`.

mod support;

use std::sync::Arc;

use acs_runtime::codec::boxed;
use acs_runtime::{
    CallConfig, Client, Credentials, ErrorKind, Method, Operation, OperationInfo,
    ProvideCredentials, RamRoleArnProvider, SignatureVersion, StaticProvider,
};
use support::ops::{DTS, DescribeJobs, DescribeJobsOutput, input};
use support::{Recorded, Reply, TestServer};

const BEARER: &str = "bearer+T0ken/value=42";

/// A RESTful operation without parameters.
struct ListJobs {}
acs_runtime::shape!(ListJobs, "", []);

impl Operation for ListJobs {
    type Output = DescribeJobsOutput;
    const INFO: &'static OperationInfo = &OperationInfo {
        service: &DTS,
        action: "ListJobs",
        method: Method::Get,
        path: Some("/jobs"),
        rules: &[],
        ram_action: None,
        deprecated: false,
        anonymous: false,
        new_input: &boxed::<ListJobs>,
        new_output: &boxed::<DescribeJobsOutput>,
        paging: None,
        waiters: &[],
    };
}

/// Answers only requests that carry the token the way their style wants it, and quotes the token back
/// in its refusals (as a careless service might).
async fn server() -> TestServer {
    TestServer::with_responder(Arc::new(|r: &Recorded| {
        let v1 = r.param("SignatureVersion").is_some() || r.param("BearerToken").is_some();
        let rpc = r.path == "/";
        let ok = if rpc && v1 {
            r.param("BearerToken").as_deref() == Some(BEARER)
                && r.param("SignatureType").as_deref() == Some("BEARERTOKEN")
        } else if rpc {
            r.header("x-acs-bearer-token") == Some(BEARER)
                && r.param("SignatureType").as_deref() == Some("BEARERTOKEN")
        } else {
            r.header("x-acs-bearer-token") == Some(BEARER)
                && r.header("x-acs-signature-type") == Some("BEARERTOKEN")
        };
        let signed = r.header("authorization").is_some()
            || r.param("Signature").is_some()
            || r.param("AccessKeyId").is_some();
        if ok && !signed {
            Reply::json(200, r#"{"RequestId":"req-bearer","TotalCount":3}"#)
        } else {
            Reply::json(
                401,
                &format!(
                    r#"{{"RequestId":"req-refused","Code":"InvalidBearerToken","Message":"token {BEARER} is not valid"}}"#
                ),
            )
        }
    }))
    .await
}

fn client(url: &str, token: &str, version: SignatureVersion) -> Client {
    Client::builder()
        .credentials(Credentials::bearer(token))
        .endpoint(url)
        .signature_version(version)
        .max_attempts(1)
        .build()
        .expect("client")
}

#[tokio::test]
async fn every_style_sends_the_token_and_no_signature() {
    let server = server().await;

    let acs3 = client(&server.url, BEARER, SignatureVersion::Acs3);
    let out = acs3
        .invoke(input())
        .await
        .expect("ACS3 RPC with a bearer token");
    assert_eq!(out.total_count, Some(3));
    let r = server.requests().pop().expect("request");
    assert_eq!(r.header("x-acs-bearer-token"), Some(BEARER));
    assert_eq!(r.param("SignatureType").as_deref(), Some("BEARERTOKEN"));
    assert_eq!(
        r.param("Format"),
        None,
        "the bearer request is not the anonymous one"
    );
    assert_eq!(r.header("x-acs-action"), Some("DescribeJobs"));
    assert!(r.header("authorization").is_none());

    let v1 = client(&server.url, BEARER, SignatureVersion::V1);
    v1.invoke(input())
        .await
        .expect("V1 RPC with a bearer token");
    let r = server.requests().pop().expect("request");
    assert_eq!(r.param("BearerToken").as_deref(), Some(BEARER));
    assert_eq!(r.param("SignatureType").as_deref(), Some("BEARERTOKEN"));
    assert_eq!(r.param("Action").as_deref(), Some("DescribeJobs"));
    for absent in [
        "Signature",
        "AccessKeyId",
        "SignatureMethod",
        "SignatureVersion",
    ] {
        assert_eq!(r.param(absent), None, "{absent}");
    }

    for version in [SignatureVersion::Acs3, SignatureVersion::V1] {
        let roa = client(&server.url, BEARER, version);
        roa.invoke(ListJobs::default())
            .await
            .unwrap_or_else(|e| panic!("RESTful ({version:?}) with a bearer token: {e}"));
        let r = server.requests().pop().expect("request");
        assert_eq!(r.path, "/jobs");
        assert_eq!(r.header("x-acs-signature-type"), Some("BEARERTOKEN"));
        assert!(r.header("authorization").is_none());
    }
}

#[tokio::test]
async fn the_token_is_never_shown() {
    // A refusal that quotes the token, raw and percent-encoded, as a careless service might.
    let refusal = format!(
        r#"{{"RequestId":"req-refused","Code":"InvalidBearerToken","Message":"token {BEARER} or {} is not valid"}}"#,
        acs_runtime::sign::percent_encode(BEARER)
    );
    let refusing = TestServer::start(vec![Reply::json(401, &refusal)]).await;
    let c = client(&refusing.url, BEARER, SignatureVersion::Acs3);
    let e = c.invoke(input()).await.unwrap_err();
    assert_eq!(e.code(), Some("InvalidBearerToken"), "{e}");
    let shown = format!("{e} {e:?} {c:?}");
    assert!(!shown.contains(BEARER), "{shown}");
    assert!(
        !shown.contains(&acs_runtime::sign::percent_encode(BEARER)),
        "{shown}"
    );

    let server = server().await;
    for version in [SignatureVersion::Acs3, SignatureVersion::V1] {
        let c = client(&server.url, BEARER, version);
        let mut jobs = input();
        let dry = c
            .prepare(DescribeJobs::INFO, &mut jobs, &CallConfig::default())
            .await
            .expect("dry run");
        let text = dry.to_json().to_string();
        assert!(!text.contains(BEARER), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }

    // A bearer token cannot sign STS's AssumeRole: refused before anything is sent.
    let sts = TestServer::start(Vec::new()).await;
    let role = RamRoleArnProvider::builder(StaticProvider::new(Credentials::bearer(BEARER)))
        .role_arn("acs:ram::1:role/x")
        .sts_endpoint(&sts.url)
        .build()
        .expect("role");
    let e = role.provide().await.unwrap_err();
    assert!(e.message().contains("bearer token"), "{e}");
    assert!(!format!("{e:?} {role:?}").contains(BEARER));
    assert!(sts.requests().is_empty());

    let e = Client::builder()
        .credentials(Credentials::bearer("two words-secretpart"))
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert!(!format!("{e} {e:?}").contains("secretpart"), "{e}");
}
