//! `acs call --dry-run`: the request that would be sent, as one JSON object, with nothing configured
//! (no credentials, region or endpoint: placeholders instead), parameters flattened exactly as the spec
//! says, and no secret anywhere in the output — while nothing reaches the service.

mod support;

use serde_json::{Value, json};

use support::*;

/// A list (`RestoreTaskId`, style `simple`), numbers (an integer and a 64-bit long) and the idempotency
/// token given, so the query is fully determined.
const INPUT: &str = r#"{"RestoreTaskId": ["s102h7rf5anq", "s2", "s3"], "PageSize": 5,
    "StartTimestamp": 1570701361528, "ClientToken": "token-1"}"#;

const TOKEN: &str = "cli-sts-token-Hb3nW9";

fn header<'a>(request: &'a Value, name: &str) -> &'a str {
    request["headers"][name]
        .as_str()
        .unwrap_or_else(|| panic!("header {name} in {request:#}"))
}

#[tokio::test]
async fn with_nothing_configured_it_prints_the_exact_pairs_and_placeholders() {
    let run = Acs::new(&[
        "call",
        "dbs",
        "DescribeRestoreTaskList",
        "--dry-run",
        "--input",
        INPUT,
    ])
    .run()
    .await;
    run.assert_code(0);
    assert_eq!(run.stderr, "", "{run:#?}");
    let request = run.json();
    assert_eq!(request["method"], json!("POST"));
    assert_eq!(request["path"], json!("/"));
    assert_eq!(
        request["query"],
        json!([
            ["RestoreTaskId", "s102h7rf5anq,s2,s3"],
            ["PageSize", "5"],
            ["ClientToken", "token-1"],
            ["StartTimestamp", "1570701361528"],
        ])
    );
    assert_eq!(request["form"], json!([]));
    // No region: the product's fallback rule with a placeholder.
    assert_eq!(header(&request, "host"), "dbs-api.<region>.aliyuncs.com");
    assert_eq!(header(&request, "x-acs-action"), "DescribeRestoreTaskList");
    assert_eq!(header(&request, "x-acs-version"), "2019-03-06");
    // No credentials: the placeholder key, and the signature hidden all the same.
    let auth = header(&request, "authorization");
    assert!(
        auth.starts_with("ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders="),
        "{auth}"
    );
    assert!(auth.ends_with(",Signature=<redacted>"), "{auth}");
}

#[tokio::test]
async fn with_credentials_no_secret_is_printed_and_nothing_is_sent() {
    let emu = start(config()).await;
    let run = Acs::new(&[
        "call",
        "dbs",
        "DescribeRestoreTaskList",
        "--dry-run",
        "--input",
        INPUT,
    ])
    .arg("--endpoint")
    .arg(emu.url())
    .credentials(SECRET)
    .env("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN)
    .run()
    .await;
    run.assert_code(0);
    let request = run.json();
    for output in [&run.stdout, &run.stderr] {
        assert!(!output.contains(SECRET), "the secret in {output}");
        assert!(!output.contains(TOKEN), "the token in {output}");
    }
    let auth = header(&request, "authorization");
    assert!(auth.contains(&format!("Credential={KEY_ID},")), "{auth}");
    assert!(auth.ends_with(",Signature=<redacted>"), "{auth}");
    assert_eq!(header(&request, "x-acs-security-token"), "<redacted>");
    assert_eq!(
        header(&request, "host"),
        emu.url().trim_start_matches("http://")
    );
    assert!(emu.exchanges().is_empty(), "a dry run sends nothing");
}

#[tokio::test]
async fn the_region_picks_the_documented_endpoint() {
    let run = Acs::new(&["call", "dbs", "DescribeRestoreTaskList", "--dry-run"])
        .arg("--input")
        .arg(r#"{"BackupPlanId": "dbs1hvb0wwwXXXXX"}"#)
        .arg("--region")
        .arg("cn-chengdu")
        .run()
        .await;
    run.assert_code(0);
    let request = run.json();
    assert_eq!(header(&request, "host"), "dbs-api.cn-chengdu.aliyuncs.com");
    // The idempotency token is filled in, as the call would do it.
    let query = request["query"].as_array().expect("query pairs");
    assert_eq!(query[0], json!(["BackupPlanId", "dbs1hvb0wwwXXXXX"]));
    assert_eq!(query[1][0], json!("ClientToken"));
    assert_eq!(query[1][1].as_str().map(str::len), Some(32));
}

/// A RESTful operation: its method and path (a path parameter encoded whole), its body as text and the
/// host; Log Service's project in the host name and its own signature scheme.
#[tokio::test]
async fn restful_requests_show_their_path_body_and_host() {
    let run = Acs::new(&[
        "call",
        "cs",
        "CreateClusterNodePool",
        "--region",
        "cn-hangzhou",
        "--dry-run",
        "--input",
        r#"{"ClusterId": "c/1", "body": {"count": 2}}"#,
    ])
    .run()
    .await;
    run.assert_code(0);
    let request = run.json();
    assert_eq!(request["method"], json!("POST"));
    assert_eq!(request["path"], json!("/clusters/c%2F1/nodepools"));
    assert_eq!(request["host"], json!("cs.cn-hangzhou.aliyuncs.com"));
    assert_eq!(request["body"], json!(r#"{"count":2}"#));
    assert_eq!(
        header(&request, "content-type"),
        "application/json; charset=utf-8"
    );
    let run = Acs::new(&[
        "sls",
        "get-logs",
        "--project",
        "p1",
        "--logstore",
        "s",
        "--from",
        "1",
        "--to",
        "2",
        "--region",
        "cn-hangzhou",
        "--dry-run",
    ])
    .run()
    .await;
    run.assert_code(0);
    let request = run.json();
    assert_eq!(request["method"], json!("GET"));
    assert_eq!(request["host"], json!("p1.cn-hangzhou.log.aliyuncs.com"));
    assert_eq!(request["path"], json!("/logstores/s"));
    assert_eq!(request["body"], json!(null));
    assert_eq!(
        request["query"],
        json!([["type", "log"], ["from", "1"], ["to", "2"]])
    );
    assert!(header(&request, "authorization").starts_with("LOG "));
}
