//! Both signature versions against Alibaba's published examples, values with spaces, `*`, `~`, `/`, `+`
//! and CJK characters, and a V1 request over loopback whose `Signature` a server can verify.

mod support;

use acs_runtime::sign::{self, acs3, v1};
use acs_runtime::{CallConfig, Client, Credentials, SignatureVersion};
use support::ops::{SECRET, TOKEN, fast_retry, input};
use support::{Reply, TestServer};

#[test]
fn published_v1_describe_regions_example() {
    let params = [
        ("AccessKeyId", "testid"),
        ("Action", "DescribeRegions"),
        ("Format", "XML"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
        ("SignatureVersion", "1.0"),
        ("Timestamp", "2016-02-23T12:46:24Z"),
        ("Version", "2014-05-26"),
    ];
    let sts = v1::string_to_sign("GET", &params);
    assert_eq!(
        sts,
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
    );
    assert_eq!(
        v1::signature("testsecret", &sts),
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    );
}

#[test]
fn published_acs3_run_instances_example() {
    let empty = sign::sha256_hex(b"");
    let headers = [
        ("host", "ecs.cn-shanghai.aliyuncs.com"),
        ("x-acs-action", "RunInstances"),
        ("x-acs-content-sha256", empty.as_str()),
        ("x-acs-date", "2023-10-26T10:22:32Z"),
        ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
        ("x-acs-version", "2014-05-26"),
    ];
    let query = [
        (
            "ImageId",
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        ),
        ("RegionId", "cn-shanghai"),
    ];
    let signed = acs3::signed_header_names(&headers);
    let canonical = acs3::canonical_request("POST", "/", &query, &headers, &signed, &empty);
    assert_eq!(
        acs3::signature("YourAccessKeySecret", &acs3::string_to_sign(&canonical)),
        "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    );
}

#[test]
fn special_characters_are_encoded_once_in_queries_and_twice_in_v1() {
    let value = "a b*~/+中文";
    assert_eq!(
        sign::percent_encode(value),
        "a%20b%2A~%2F%2B%E4%B8%AD%E6%96%87"
    );
    assert_eq!(
        sign::canonical_query(&[("K", value), ("A", "=&")]),
        "A=%3D%26&K=a%20b%2A~%2F%2B%E4%B8%AD%E6%96%87"
    );
    assert_eq!(
        v1::string_to_sign("POST", &[("K", value)]),
        "POST&%2F&K%3Da%2520b%252A~%252F%252B%25E4%25B8%25AD%25E6%2596%2587"
    );
    // The signature depends on every character: changing one changes it.
    let a = v1::signature("s", &v1::string_to_sign("POST", &[("K", "a+b")]));
    let b = v1::signature("s", &v1::string_to_sign("POST", &[("K", "a b")]));
    assert_ne!(a, b);
}

#[tokio::test]
async fn v1_request_over_loopback_verifies() {
    let server = TestServer::start(vec![Reply::json(200, r#"{"RequestId":"R"}"#)]).await;
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET).with_security_token(TOKEN))
        .endpoint(&server.url)
        .signature_version(SignatureVersion::V1)
        .retry(fast_retry(1))
        .build()
        .expect("client");
    c.invoke(input()).await.expect("v1 call");
    let r = &server.requests()[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/"));
    assert!(r.body.is_empty());
    assert!(r.header("authorization").is_none());
    for (k, v) in [
        ("Action", "DescribeJobs"),
        ("Format", "JSON"),
        ("Version", "2020-01-01"),
        ("AccessKeyId", "test-id"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SecurityToken", TOKEN),
        ("DtsJobId", "job 1/*~中"),
    ] {
        assert_eq!(r.param(k).as_deref(), Some(v), "{k}");
    }
    let ts = r.param("Timestamp").expect("Timestamp");
    assert!(
        ts.len() == 20 && ts.ends_with('Z') && ts.as_bytes()[10] == b'T',
        "{ts}"
    );
    assert!(r.param("SignatureNonce").is_some_and(|n| n.len() == 32));
    let pairs = r.query_pairs();
    let unsigned: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "Signature")
        .cloned()
        .collect();
    let expected = v1::signature(SECRET, &v1::string_to_sign(&r.method, &unsigned));
    assert_eq!(r.param("Signature"), Some(expected));
    assert!(!r.query.contains(SECRET));
}

#[tokio::test]
async fn signature_version_can_change_per_call() {
    let server = TestServer::start(vec![Reply::json(200, "{}"), Reply::json(200, "{}")]).await;
    let c = Client::builder()
        .credentials(Credentials::new("test-id", SECRET))
        .endpoint(&server.url)
        .build()
        .expect("client");
    let v1_call = CallConfig::new().signature_version(SignatureVersion::V1);
    c.invoke_with(input(), &v1_call).await.expect("v1");
    c.invoke(input()).await.expect("acs3");
    let reqs = server.requests();
    assert!(reqs[0].param("Signature").is_some() && reqs[0].header("authorization").is_none());
    assert!(reqs[1].param("Signature").is_none() && reqs[1].header("authorization").is_some());
}
