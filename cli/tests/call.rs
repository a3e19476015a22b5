//! `acs call` against the emulator: a successful call prints the operation's documented example, decoded
//! and re-encoded, as one line of JSON; the parameters reach the service whether `--input` is inline, a
//! file or standard input.

mod support;

use serde_json::{Value, json};

use support::*;

const INPUT: &str = r#"{"DtsJobId": "i03e3zty16i****", "JobCode": "01", "StructType": "before"}"#;

#[tokio::test]
async fn a_successful_call_prints_the_documented_example_as_json() {
    let emu = start(config()).await;
    let run = Acs::new(&["call", "dts", "DescribePreCheckStatus", "--input", INPUT])
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
        .run()
        .await;
    run.assert_code(0);
    assert_eq!(run.stderr, "", "{run:#?}");
    let printed = run.json();

    let exchanges = emu.exchanges();
    assert_eq!(exchanges.len(), 1, "one request");
    let answer = exchanges[0].response_json().expect("a JSON answer");
    // Everything the documented example holds is a documented field, so nothing is lost on the way
    // through the typed output.
    assert_eq!(printed, answer);
    // And it is the example itself (spec literals), not just whatever came back.
    assert_eq!(printed["State"], json!("Finished"));
    assert_eq!(printed["JobProgress"][0]["Item"], json!("CHECK_CONN_DEST"));
    assert_eq!(printed["JobProgress"][0]["Id"], json!("5632"));
    assert!(printed["RequestId"].is_string());

    assert_eq!(exchanges[0].param("DtsJobId"), Some("i03e3zty16i****"));
    assert_eq!(exchanges[0].param("JobCode"), Some("01"));
    assert_eq!(exchanges[0].param("StructType"), Some("before"));
}

#[tokio::test]
async fn input_from_a_file_and_from_standard_input_sends_the_same_parameters() {
    let emu = start(config()).await;
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("acs-cli-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("request.json");
    std::fs::write(&file, INPUT).expect("write input");

    let base = Acs::new(&["call", "dts", "DescribePreCheckStatus", "--endpoint"])
        .arg(emu.url())
        .credentials(SECRET);
    let from_file = base
        .clone()
        .arg("--input")
        .arg(format!("@{}", file.display()))
        .run()
        .await;
    let from_stdin = base.arg("--input").arg("-").stdin(INPUT).run().await;
    std::fs::remove_dir_all(&dir).expect("clean up");

    for run in [&from_file, &from_stdin] {
        run.assert_code(0);
        assert_eq!(run.json()["State"], json!("Finished"));
    }
    let sent: Vec<Vec<Option<String>>> = emu
        .exchanges()
        .iter()
        .map(|x| {
            ["DtsJobId", "JobCode", "StructType"]
                .iter()
                .map(|p| x.param(p).map(str::to_owned))
                .collect()
        })
        .collect();
    let expected: Vec<Option<String>> = ["i03e3zty16i****", "01", "before"]
        .iter()
        .map(|v| Some((*v).to_owned()))
        .collect();
    assert_eq!(sent, vec![expected.clone(), expected]);
}

#[tokio::test]
async fn a_list_parameter_is_sent_as_the_spec_says() {
    let emu = start(config()).await;
    let run = Acs::new(&["call", "dbs", "DescribeRestoreTaskList", "--endpoint"])
        .arg(emu.url())
        .arg("--input")
        .arg(r#"{"RestoreTaskId": ["s102h7rf5anq", "s2"], "PageSize": 5}"#)
        .credentials(SECRET)
        .run()
        .await;
    run.assert_code(0);
    let printed = run.json();
    assert!(
        printed["Items"]["RestoreTaskDetail"]
            .as_array()
            .is_some_and(|items| !items.is_empty()),
        "{printed}"
    );
    let exchanges = emu.exchanges();
    assert_eq!(exchanges[0].param("RestoreTaskId"), Some("s102h7rf5anq,s2"));
    assert_eq!(exchanges[0].param("PageSize"), Some("5"));
    assert_eq!(printed.get("Unknown"), None::<&Value>);
}
