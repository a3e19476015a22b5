//! The exit status says who must act: 0 success; 1 the call failed (the service refused or throttled it,
//! the transport failed); 2 the command must change (bad arguments, an unknown operation, `--input` that
//! does not parse or fit, a request the client refuses before sending). Failures print one line on
//! standard error, nothing on standard output, and never the secret.

mod support;

use std::time::Duration;

use acs_emulator::Scenario;

use support::*;

const DTS_INPUT: &str =
    r#"{"DtsJobId": "i03e3zty16i****", "JobCode": "01", "StructType": "before"}"#;

fn dts_call(emu: &acs_emulator::Running, input: &str) -> Acs {
    Acs::new(&["call", "dts", "DescribePreCheckStatus", "--input", input])
        .arg("--endpoint")
        .arg(emu.url())
}

#[tokio::test]
async fn success_is_0() {
    let emu = start(config()).await;
    let run = dts_call(&emu, DTS_INPUT).credentials(SECRET).run().await;
    run.assert_code(0);
    assert_eq!(run.json()["State"], "Finished");
}

#[tokio::test]
async fn throttling_that_outlasts_the_retries_is_1() {
    let emu = start(config().scenario(
        "DescribePreCheckStatus",
        Scenario::throttled(10, Duration::from_millis(10)),
    ))
    .await;
    let run = dts_call(&emu, DTS_INPUT).credentials(SECRET).run().await;
    run.assert_failure(1, &["DescribePreCheckStatus", "Throttling.User"]);
    let statuses: Vec<Option<u16>> = emu.exchanges().iter().map(|x| x.status).collect();
    assert!(
        statuses.len() > 1 && statuses.iter().all(|s| *s == Some(400)),
        "retried, throttled every time: {statuses:?}"
    );
}

#[tokio::test]
async fn a_wrong_secret_is_1_and_never_printed() {
    let emu = start(config()).await;
    let wrong = "wrong-secret-Lm4cR8tY";
    let run = dts_call(&emu, DTS_INPUT).credentials(wrong).run().await;
    run.assert_failure(1, &["SignatureDoesNotMatch"]);
    assert!(!run.stderr.contains(wrong), "{run:#?}");
    assert!(!run.stderr.contains(SECRET), "{run:#?}");
}

#[tokio::test]
async fn no_credentials_is_1() {
    let emu = start(config()).await;
    // The metadata service is switched off so the chain ends at once, without leaving 127.0.0.1.
    let run = dts_call(&emu, DTS_INPUT)
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .run()
        .await;
    run.assert_failure(1, &["no credentials found", "environment variables"]);
    assert!(emu.exchanges().is_empty(), "nothing sent");
}

#[tokio::test]
async fn an_unreachable_endpoint_is_1() {
    // A port that was just free: nothing listens there, so the connection is refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let run = Acs::new(&[
        "call",
        "dts",
        "DescribePreCheckStatus",
        "--input",
        DTS_INPUT,
    ])
    .arg("--endpoint")
    .arg(format!("http://127.0.0.1:{port}"))
    .credentials(SECRET)
    .run()
    .await;
    run.assert_failure(1, &["transport error"]);
}

#[tokio::test]
async fn bad_input_is_2_and_names_the_json_path() {
    let emu = start(config()).await;
    let cases: [(&str, &[&str]); 5] = [
        ("{\"DtsJobId\": \"x\",\n}", &["not valid JSON", "line 2"]),
        (r#"["DtsJobId"]"#, &["must be a JSON object"]),
        (
            r#"{"DtsJobId": "x", "PageSize": "many"}"#,
            &["at PageSize:"],
        ),
        (
            r#"{"DtsJobID": "x"}"#,
            &["at DtsJobID:", "`DtsJobID`; did you mean `DtsJobId`?"],
        ),
        (
            "@/nonexistent/acs-cli/request.json",
            &["cannot read --input file"],
        ),
    ];
    for (input, parts) in cases {
        let run = dts_call(&emu, input).credentials(SECRET).run().await;
        run.assert_failure(2, parts);
    }
    assert!(emu.exchanges().is_empty(), "nothing sent");
}

#[tokio::test]
async fn an_unknown_operation_is_2_with_close_matches() {
    let cases: [(&[&str], &[&str]); 3] = [
        (
            &["call", "dts", "DescribePrecheckStatus"],
            &[
                "module `dts` has no operation",
                "`dts DescribePreCheckStatus`",
            ],
        ),
        (
            &["call", "dbs", "DescribePreCheckStatus"],
            &["did you mean `dts DescribePreCheckStatus`"],
        ),
        (
            &["call", "dtx", "DescribePreCheckStatus"],
            &["unknown module `dtx`", "`dts DescribePreCheckStatus`"],
        ),
    ];
    for (args, parts) in cases {
        Acs::new(args).run().await.assert_failure(2, parts);
    }
}

#[tokio::test]
async fn a_validation_error_is_2_and_sends_nothing() {
    let emu = start(config()).await;
    // DtsJobId, JobCode and StructType are required; pages start at 1.
    let run = dts_call(&emu, r#"{"PageNo": 0}"#)
        .credentials(SECRET)
        .run()
        .await;
    run.assert_failure(2, &["invalid input", "DtsJobId", "PageNo"]);
    // Validation comes first even in a dry run.
    let dry = dts_call(&emu, "{}").arg("--dry-run").run().await;
    dry.assert_failure(2, &["invalid input", "DtsJobId"]);
    assert!(emu.exchanges().is_empty(), "nothing sent");
}

#[tokio::test]
async fn bad_arguments_are_2_and_help_is_0() {
    Acs::new(&["call", "dts"]).run().await.assert_code(2);
    let run = Acs::new(&["call", "dts", "X", "--inptu", "{}"]).run().await;
    run.assert_code(2);
    assert!(run.stderr.contains("--input"), "a suggestion: {run:#?}");
    let run = Acs::new(&[
        "call",
        "dts",
        "DescribePreCheckStatus",
        "--endpoint",
        "ftp://x",
    ])
    .run()
    .await;
    run.assert_failure(2, &["invalid endpoint"]);
    let run = Acs::new(&["--help"]).run().await;
    run.assert_code(0);
    assert!(run.stdout.contains("Usage: acs <COMMAND>"), "{run:#?}");
}
