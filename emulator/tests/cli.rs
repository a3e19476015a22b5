//! The `acs-emulator` binary: it prints its URL on the first line and serves the generated client; bad
//! arguments exit with status 2 and a usage text that never repeats a secret; `--log` names each refusal
//! but never a credential.

mod support;

use std::process::Stdio;
use std::time::Duration;

use acs_runtime::sign;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use support::*;

const BIN: &str = env!("CARGO_BIN_EXE_acs-emulator");

#[tokio::test]
async fn prints_its_url_and_serves_the_client() {
    let mut child = Command::new(BIN)
        .args(["--specs"])
        .arg(specs_dir())
        .args(["--port", "0", "--access-key", &format!("{KEY_ID}:{SECRET}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    tokio::time::timeout(
        Duration::from_secs(30),
        BufReader::new(stdout).read_line(&mut first),
    )
    .await
    .expect("the URL within 30 s")
    .expect("read");
    let url = first.trim().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let client: acs_sdk::Client = acs_sdk::Client::builder()
        .credentials(acs_runtime::Credentials::new(KEY_ID, SECRET))
        .endpoint(url)
        .max_attempts(1)
        .timeout(CALL_LIMIT)
        .build()
        .expect("client");
    let out = client
        .sas()
        .query_pre_check_database()
        .uni_region_id("cn-hangzhou")
        .send()
        .await
        .expect("call");
    assert_eq!(out.progress, Some(100));
    child.kill().await.expect("kill");
}

#[tokio::test]
async fn bad_arguments_exit_2_without_echoing_secrets() {
    for args in [
        vec!["--access-key", "only-an-id"],
        vec!["--sts", "id:sekrit-value"],
        vec!["--port", "http"],
        vec!["--frobnicate", "x"],
        vec![
            "--specs",
            "/nonexistent/specs",
            "--access-key",
            "a:sekrit-value",
        ],
    ] {
        let out = tokio::time::timeout(
            Duration::from_secs(30),
            Command::new(BIN).args(&args).kill_on_drop(true).output(),
        )
        .await
        .expect("exits within 30 s")
        .expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("usage: acs-emulator"), "{err}");
        assert!(!err.contains("sekrit-value"), "{err}");
    }
}

#[tokio::test]
async fn log_lines_name_each_refusal_but_no_credential() {
    let token = "LOG-TOKEN-distinct/+=";
    let mut child = Command::new(BIN)
        .args(["--specs"])
        .arg(specs_dir())
        .args(["--log", "--sts", &format!("{STS_ID}:{STS_SECRET}:{token}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut url = String::new();
    tokio::time::timeout(Duration::from_secs(30), stdout.read_line(&mut url))
        .await
        .expect("the URL within 30 s")
        .expect("read");
    let url = url.trim().to_owned();
    let params = [
        ("DtsJobId", "j"),
        ("JobCode", "01"),
        ("StructType", "before"),
    ];
    let common = [("AccessKeyId", STS_ID), ("SecurityToken", token)];
    // A wrong secret: the answer quotes the string to sign, token included.
    let p = v1_params(
        "GET",
        "DescribePreCheckStatus",
        "2020-01-01",
        &params,
        "wrong",
        &common,
    );
    let a = send(
        "GET",
        &format!("{url}/?{}", sign::canonical_query(&p)),
        &[],
        Vec::new(),
    )
    .await;
    a.assert_error(400, "SignatureDoesNotMatch");
    // A client that pasted its token where the action goes: the log line shows the action.
    let p = v1_params("GET", token, "2020-01-01", &params, STS_SECRET, &common);
    let a = send(
        "GET",
        &format!("{url}/?{}", sign::canonical_query(&p)),
        &[],
        Vec::new(),
    )
    .await;
    a.assert_error(404, "InvalidAction.NotFound");
    let p = v1_params(
        "GET",
        "DescribePreCheckStatus",
        "2020-01-01",
        &params,
        STS_SECRET,
        &common,
    );
    let a = send(
        "GET",
        &format!("{url}/?{}", sign::canonical_query(&p)),
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(a.status, 200, "{:#}", a.json);

    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut lines = Vec::new();
    for _ in 0..3 {
        let mut line = String::new();
        tokio::time::timeout(Duration::from_secs(30), stderr.read_line(&mut line))
            .await
            .expect("a log line within 30 s")
            .expect("read");
        lines.push(line.trim_end().to_owned());
    }
    child.kill().await.expect("kill");
    assert_eq!(
        lines,
        vec![
            "GET DescribePreCheckStatus -> 400 SignatureDoesNotMatch",
            "GET <redacted> -> 404 InvalidAction.NotFound",
            "GET DescribePreCheckStatus -> 200",
        ]
    );
}
