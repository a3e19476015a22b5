//! The typed subcommands against the emulator: `acs <module> <operation> --flags` sends what the flags
//! say (typed, checked, lists in the spec's style, merged over `--input`), refuses bad values and missing
//! parameters with status 2 before sending, pages through a whole listing with `--all-pages`, and the
//! completion scripts know every operation.

mod support;

use acs_emulator::{Paging, Scenario};
use serde_json::json;

use support::*;

fn precheck_status(emu: &acs_emulator::Running) -> Acs {
    Acs::new(&["dts", "describe-pre-check-status", "--endpoint"])
        .arg(emu.url())
        .credentials(SECRET)
}

#[tokio::test]
async fn a_typed_call_prints_the_documented_example() {
    let emu = start(config()).await;
    let run = precheck_status(&emu)
        .arg("--dts-job-id")
        .arg("j")
        .arg("--job-code")
        .arg("01")
        .arg("--struct-type")
        .arg("before")
        .arg("--page-size")
        .arg("5")
        .run()
        .await;
    run.assert_code(0);
    assert_eq!(run.stderr, "", "{run:#?}");
    let printed = run.json();
    let exchanges = emu.exchanges();
    assert_eq!(exchanges.len(), 1, "one request");
    assert_eq!(Some(printed.clone()), exchanges[0].response_json());
    assert_eq!(printed["State"], json!("Finished"));
    assert_eq!(printed["JobProgress"][0]["Item"], json!("CHECK_CONN_DEST"));
    let sent: Vec<Option<&str>> = ["DtsJobId", "JobCode", "StructType", "PageSize"]
        .iter()
        .map(|p| exchanges[0].param(p))
        .collect();
    assert_eq!(sent, [Some("j"), Some("01"), Some("before"), Some("5")]);
}

#[tokio::test]
async fn a_bad_integer_is_2_and_sends_nothing() {
    let emu = start(config()).await;
    let run = precheck_status(&emu)
        .arg("--dts-job-id")
        .arg("j")
        .arg("--page-no")
        .arg("many")
        .run()
        .await;
    run.assert_code(2);
    assert!(
        run.stderr.contains("--page-no") && run.stderr.contains("not a whole number"),
        "{run:#?}"
    );
    assert_eq!(run.stdout, "");
    assert!(emu.exchanges().is_empty(), "nothing sent");
}

#[tokio::test]
async fn a_missing_required_parameter_is_2_and_named() {
    let emu = start(config()).await;
    let run = precheck_status(&emu)
        .arg("--job-code")
        .arg("01")
        .arg("--struct-type")
        .arg("before")
        .run()
        .await;
    run.assert_failure(2, &["invalid input", "DtsJobId"]);
    assert!(emu.exchanges().is_empty(), "nothing sent");
}

#[tokio::test]
async fn flags_are_merged_over_input_and_win() {
    let emu = start(config()).await;
    let run = precheck_status(&emu)
        .arg("--input")
        .arg(r#"{"DtsJobId": "from-input", "JobCode": "02", "StructType": "before"}"#)
        .arg("--job-code")
        .arg("01")
        .run()
        .await;
    run.assert_code(0);
    let x = &emu.exchanges()[0];
    assert_eq!(
        [
            x.param("DtsJobId"),
            x.param("JobCode"),
            x.param("StructType")
        ],
        [Some("from-input"), Some("01"), Some("before")]
    );
    // A parameter --input misspells is still refused, as by `acs call`.
    let run = precheck_status(&emu)
        .arg("--input")
        .arg(r#"{"DtsJobID": "x"}"#)
        .run()
        .await;
    run.assert_failure(2, &["did you mean `DtsJobId`?"]);
}

#[tokio::test]
async fn a_repeated_list_flag_is_sent_in_the_spec_style() {
    let emu = start(config()).await;
    let base = Acs::new(&["dbs", "describe-restore-task-list", "--endpoint"])
        .arg(emu.url())
        .credentials(SECRET);
    let repeated = base
        .clone()
        .arg("--restore-task-id")
        .arg("s1")
        .arg("--restore-task-id")
        .arg("s2")
        .run()
        .await;
    repeated.assert_code(0);
    let array = base
        .arg("--restore-task-id")
        .arg(r#"["s3", "s4"]"#)
        .run()
        .await;
    array.assert_code(0);
    let sent: Vec<Option<String>> = emu
        .exchanges()
        .iter()
        .map(|x| x.param("RestoreTaskId").map(str::to_owned))
        .collect();
    // The spec sends this list as one comma-separated parameter.
    assert_eq!(sent, [Some("s1,s2".to_owned()), Some("s3,s4".to_owned())]);
}

#[tokio::test]
async fn all_pages_prints_every_item_of_every_page() {
    let paging = Paging::new("Items.RestoreTaskDetail", 7, "PageNum", "PageSize")
        .id_field("RestoreTaskId")
        .page_number_field("PageNum")
        .total_items_field("TotalElements")
        .total_pages_field("TotalPages");
    let emu = start(config().scenario("DescribeRestoreTaskList", Scenario::paged(paging))).await;
    let run = Acs::new(&["dbs", "describe-restore-task-list", "--backup-plan-id", "p"])
        .arg("--page-size")
        .arg("3")
        .arg("--all-pages")
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
        .run()
        .await;
    run.assert_code(0);
    let printed = run.json();
    let ids: Vec<&str> = printed
        .as_array()
        .expect("one JSON array")
        .iter()
        .filter_map(|item| item["RestoreTaskId"].as_str())
        .collect();
    let want: Vec<String> = (1..=7).map(|n| format!("s1XXXXXX-{n}")).collect();
    assert_eq!(ids, want);
    let pages: Vec<Option<String>> = emu
        .exchanges()
        .iter()
        .map(|x| x.param("PageNum").map(str::to_owned))
        .collect();
    assert_eq!(
        pages,
        ["0", "1", "2"].map(|p| Some(p.to_owned())),
        "pages asked for"
    );
}

#[tokio::test]
async fn all_pages_without_a_paginator_is_2() {
    let emu = start(config()).await;
    let run = Acs::new(&["dbs", "describe-pre-check-progress-list", "--all-pages"])
        .arg("--backup-plan-id")
        .arg("x")
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
        .run()
        .await;
    run.assert_failure(2, &["DescribePreCheckProgressList has no paginator"]);
    assert!(emu.exchanges().is_empty(), "nothing sent");
}

#[tokio::test]
async fn help_shows_the_documentation_and_documented_values() {
    let run = Acs::new(&["dts", "describe-pre-check-status", "--help"])
        .run()
        .await;
    run.assert_code(0);
    for part in [
        "Queries the information about a Data Transmission Service (DTS) subtask",
        "--dts-job-id <TEXT>",
        // Rendered for the terminal: code spans show their content.
        "Wire name: DtsJobId. Required.",
        "Authorization:",
        // Each documented value with its meaning and the name it may be given by.
        "- 01: precheck. (or precheck)",
        "- after:",
        "--job-code precheck sends 01",
        "--no-check-values",
        "--page-no <INT>",
        "--all-pages",
        "--output <FORMAT>",
        "--query <JMESPATH>",
        "3  wait: the awaited job failed",
    ] {
        assert!(run.stdout.contains(part), "{part:?} in {run:#?}");
    }
    // An undocumented enum value is sent when asked: services add values before the specs do.
    let run = Acs::new(&["dts", "describe-pre-check-status", "--dts-job-id", "j"])
        .arg("--job-code")
        .arg("99")
        .arg("--struct-type")
        .arg("later")
        .arg("--no-check-values")
        .arg("--dry-run")
        .run()
        .await;
    run.assert_code(0);
    assert!(run.stdout.contains(r#""JobCode","99""#), "{run:#?}");
}

#[tokio::test]
async fn an_unknown_operation_is_2_with_a_suggestion() {
    let run = Acs::new(&["dts", "describe-precheck-status"]).run().await;
    run.assert_code(2);
    assert!(run.stderr.contains("describe-pre-check-status"), "{run:#?}");
}

#[tokio::test]
async fn completions_know_every_module_and_operation() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = Acs::new(&["completions", shell]).run().await;
        run.assert_code(0);
        for part in [
            "describe-pre-check-status",
            "describe-restore-task-list",
            "dts",
        ] {
            assert!(run.stdout.contains(part), "{shell}: {part}");
        }
    }
    let bash = Acs::new(&["completions", "bash"]).run().await;
    assert!(bash.stdout.contains("pre-check-finished"), "waiters too");
    Acs::new(&["completions", "tcsh"])
        .run()
        .await
        .assert_code(2);
}

#[tokio::test]
async fn profile_picks_the_cli_profile_for_typed_subcommands_and_call() {
    let emu = start(config()).await;
    // The current profile has a wrong secret; only `--profile work` can succeed.
    let config_json = json!({
        "current": "default",
        "profiles": [
            {"name": "default", "mode": "AK", "access_key_id": KEY_ID, "access_key_secret": "wrong-secret"},
            {"name": "work", "mode": "AK", "access_key_id": KEY_ID, "access_key_secret": SECRET}
        ]
    })
    .to_string();
    let typed = |profile: Option<&str>| {
        let mut acs = Acs::new(&["dts", "describe-pre-check-status", "--dts-job-id", "j"])
            .arg("--job-code")
            .arg("01")
            .arg("--struct-type")
            .arg("before")
            .arg("--endpoint")
            .arg(emu.url())
            .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
            .home_file(".aliyun/config.json", &config_json);
        if let Some(p) = profile {
            acs = acs.arg("--profile").arg(p);
        }
        acs
    };
    typed(Some("work")).run().await.assert_code(0);
    typed(None)
        .run()
        .await
        .assert_failure(1, &["SignatureDoesNotMatch"]);
    typed(Some("nobody"))
        .run()
        .await
        .assert_failure(1, &["no profile \"nobody\""]);
    let call = Acs::new(&["call", "dts", "DescribePreCheckStatus", "--profile", "work"])
        .arg("--input")
        .arg(r#"{"DtsJobId": "j", "JobCode": "01", "StructType": "before"}"#)
        .arg("--endpoint")
        .arg(emu.url())
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .home_file(".aliyun/config.json", &config_json)
        .run()
        .await;
    call.assert_code(0);
}
