//! Mistakes caught before anything is sent, in the command line's words (exit status 2): an
//! undocumented enum value (listing the documented ones; `--no-check-values` sends it anyway), enum
//! values given by their SDK name, a region the product has no endpoint for, a mistyped operation (at
//! most three suggestions, best first), and an `--input` over its size bound.

mod support;

use support::*;

fn precheck_status() -> Acs {
    Acs::new(&["dts", "describe-pre-check-status", "--dts-job-id", "j"])
        .arg("--struct-type")
        .arg("before")
}

#[tokio::test]
async fn an_undocumented_enum_value_is_2_and_lists_the_documented_ones() {
    let emu = start(config()).await;
    let run = precheck_status()
        .arg("--job-code")
        .arg("precheck-all")
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
        .run()
        .await;
    run.assert_failure(
        2,
        &[
            "`precheck-all` is not a documented value of --job-code (JobCode)",
            "01 (precheck), 02 (schema-migration)",
            "--no-check-values sends it anyway",
        ],
    );
    // In --input too, and through `acs call`.
    let run = precheck_status()
        .arg("--input")
        .arg(r#"{"JobCode": "ascending"}"#)
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
        .run()
        .await;
    run.assert_failure(2, &["`ascending` is not a documented value of --job-code"]);
    let run = Acs::new(&["call", "dts", "DescribePreCheckStatus", "--input"])
        .arg(r#"{"DtsJobId": "j", "JobCode": "99", "StructType": "before"}"#)
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
        .run()
        .await;
    run.assert_failure(2, &["`99` is not a documented value of JobCode"]);
    assert!(emu.exchanges().is_empty(), "nothing sent");
    // Asked for, it is sent as given.
    let run = Acs::new(&["call", "dts", "DescribePreCheckStatus", "--input"])
        .arg(r#"{"DtsJobId": "j", "JobCode": "99", "StructType": "before"}"#)
        .arg("--no-check-values")
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
        .run()
        .await;
    assert_eq!(
        emu.exchanges()
            .last()
            .and_then(|x| x.param("JobCode").map(str::to_owned)),
        Some("99".to_owned()),
        "{run:#?}"
    );
}

#[tokio::test]
async fn an_enum_value_may_be_given_by_its_name() {
    for name in ["precheck", "PreCheck", "Precheck", "PRECHECK"] {
        let run = precheck_status()
            .arg("--job-code")
            .arg(name)
            .arg("--dry-run")
            .run()
            .await;
        run.assert_code(0);
        assert!(run.stdout.contains(r#""JobCode","01""#), "{name}: {run:#?}");
    }
    let run = precheck_status()
        .arg("--job-code")
        .arg("incremental-data-migration")
        .arg("--dry-run")
        .run()
        .await;
    assert!(run.stdout.contains(r#""JobCode","04""#), "{run:#?}");
}

#[tokio::test]
async fn an_unknown_region_is_2_and_lists_the_known_ones() {
    let restore = || {
        Acs::new(&["dbs", "describe-restore-task-list", "--backup-plan-id", "p"])
            .credentials(SECRET)
    };
    let run = restore().arg("--region").arg("cn-hangzhuo").run().await;
    run.assert_failure(
        2,
        &[
            "--region cn-hangzhuo: unknown region for Dbs",
            "did you mean `cn-hangzhou`?",
            "known regions: ap-northeast-1, ",
            "--endpoint HOST",
        ],
    );
    let run = restore()
        .env("ALIBABA_CLOUD_REGION_ID", "mars-north-1")
        .run()
        .await;
    run.assert_failure(2, &["region `mars-north-1` (from ALIBABA_CLOUD_REGION_ID"]);
    // No region at all: what to give, in the command line's terms.
    let run = restore().run().await;
    run.assert_failure(
        2,
        &[
            "Dbs needs a region",
            "--region REGION",
            "--profile",
            "--endpoint",
        ],
    );
    assert!(!run.stderr.contains("ClientBuilder"), "{run:#?}");
    // A known region passes the check (and the dry run shows its host from the table).
    let run = restore()
        .arg("--region")
        .arg("cn-shanghai")
        .arg("--dry-run")
        .run()
        .await;
    run.assert_code(0);
    assert!(run.stdout.contains(r#""host":"dbs-api."#), "{run:#?}");
}

#[tokio::test]
async fn configuration_errors_name_the_options() {
    let run = Acs::new(&["dbs", "describe-restore-task-list", "--backup-plan-id", "p"])
        .arg("--endpoint")
        .arg("http://example.com")
        .credentials(SECRET)
        .run()
        .await;
    run.assert_failure(
        2,
        &["--endpoint: invalid endpoint: plain http is only allowed for loopback"],
    );
    assert!(!run.stderr.contains("allow_insecure_http"), "{run:#?}");
}

#[tokio::test]
async fn a_mistyped_operation_gets_at_most_three_suggestions_best_first() {
    let run = Acs::new(&["dts", "describe-dts-job"]).run().await;
    run.assert_failure(
        2,
        &[
            "module `dts` has no operation `describe-dts-job`; did you mean `describe-dts-jobs`, \
           `describe-dts-job-detail` or `",
        ],
    );
    let suggestions = run.stderr.split("did you mean").nth(1).unwrap_or_default();
    let suggestions = suggestions.split('?').next().unwrap_or_default();
    assert_eq!(suggestions.matches('`').count(), 6, "three names: {run:#?}");
    assert!(run.stderr.contains("`acs dts --help`"), "{run:#?}");
    let run = Acs::new(&["dtx", "describe-dts-jobs"]).run().await;
    run.assert_failure(2, &["unknown command or module `dtx`; did you mean `dts`?"]);
}

#[tokio::test]
async fn input_over_16_mib_is_2_and_not_read_past_the_bound() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("acs-cli-bound-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    // 200 MB that take no disk: a sparse file is refused by its size, before a byte is read.
    let file = dir.join("huge.json");
    std::fs::File::create(&file)
        .and_then(|f| f.set_len(200_000_000))
        .expect("sparse file");
    let run = Acs::new(&[
        "call",
        "dbs",
        "DescribeRestoreTaskList",
        "--dry-run",
        "--region",
    ])
    .arg("cn-hangzhou")
    .arg("--input")
    .arg(format!("@{}", file.display()))
    .run()
    .await;
    run.assert_failure(2, &["--input file", "is larger than 16 MiB"]);
    // Standard input: one byte over the bound is refused (and the bytes past it never read).
    let mut text = String::from("{\"BackupPlanId\": \"p\"}");
    text.extend(std::iter::repeat_n(' ', 16 * 1024 * 1024 + 1 - text.len()));
    let run = Acs::new(&[
        "dbs",
        "describe-restore-task-list",
        "--input",
        "-",
        "--dry-run",
    ])
    .arg("--region")
    .arg("cn-hangzhou")
    .stdin(&text)
    .run()
    .await;
    run.assert_failure(2, &["--input standard input is larger than 16 MiB"]);
    // At the bound it is read.
    text.pop();
    let run = Acs::new(&[
        "dbs",
        "describe-restore-task-list",
        "--input",
        "-",
        "--dry-run",
    ])
    .arg("--region")
    .arg("cn-hangzhou")
    .stdin(&text)
    .run()
    .await;
    run.assert_code(0);
    std::fs::remove_dir_all(&dir).expect("clean up");
}
