//! `acs <module> wait` against the emulator's progress scenarios: a precheck that finishes exits 0 and
//! prints its last answer (and its warning items), one that fails exits 3 with a table of its failed
//! items on standard error, and one that never ends exits 1 once `--max-wait` has passed.

mod support;

use acs_emulator::{ProgressScript, Scenario, Step};
use serde_json::json;

use support::*;

fn wait_precheck(emu: &acs_emulator::Running) -> Acs {
    Acs::new(&["dbs", "wait", "pre-check-finished", "--backup-plan-id", "x"])
        .arg("--interval")
        .arg("0.01")
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
}

#[tokio::test]
async fn a_precheck_that_finishes_is_0() {
    let script = ProgressScript::new("Status", "running", "finish").values(vec![10, 60, 100]);
    let emu =
        start(config().scenario("DescribePreCheckProgressList", Scenario::progress(&script))).await;
    let run = wait_precheck(&emu).run().await;
    run.assert_code(0);
    let last = run.json();
    assert_eq!(
        (&last["Status"], &last["Progress"]),
        (&json!("finish"), &json!(100))
    );
    assert_eq!(emu.exchanges().len(), 3, "polled until the end, no further");
    assert!(
        emu.exchanges()
            .iter()
            .all(|x| x.param("BackupPlanId") == Some("x")),
        "the flags say what to poll"
    );
    // The documented example's item warned: it is listed, though the wait succeeded.
    assert!(run.stderr.starts_with("ITEM"), "{run:#?}");
    assert!(run.stderr.contains("CHECK_BINLOG_ON  warning"), "{run:#?}");
    assert!(!run.stderr.contains("acs:"), "{run:#?}");
}

#[tokio::test]
async fn a_precheck_that_fails_is_3_with_its_failed_items() {
    let item = |name: &str, state: &str, message: &str| json!({"Item": name, "State": state, "ErrMsg": message});
    let scenario = Scenario::steps(vec![
        Step::answer(json!({
            "Status": "running",
            "Progress": 50,
            "Items": {"PreCheckProgressDetail": [item("CHECK_SRC_CONN", "finish", "")]}
        })),
        Step::answer(json!({
            "Status": "failed",
            "Progress": 100,
            "Items": {"PreCheckProgressDetail": [
                item("CHECK_SRC_CONN", "finish", ""),
                item("CHECK_SRC_AUTH", "failed", "user dbs has no REPLICATION privilege"),
            ]}
        })),
    ]);
    let emu = start(config().scenario("DescribePreCheckProgressList", scenario)).await;
    let run = wait_precheck(&emu).run().await;
    run.assert_code(3);
    assert_eq!(run.json()["Status"], json!("failed"));
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "header, one failed item, the reason: {run:#?}"
    );
    assert_eq!(
        lines[0],
        "ITEM            STATUS  MESSAGE                                REPAIR METHOD"
    );
    assert_eq!(
        lines[1],
        "CHECK_SRC_AUTH  failed  user dbs has no REPLICATION privilege  -"
    );
    assert_eq!(
        lines[2],
        "acs: DescribePreCheckProgressList: pre-check-finished failed: Status is failed"
    );
    assert_eq!(emu.exchanges().len(), 2);
}

#[tokio::test]
async fn a_precheck_that_never_ends_times_out_with_1() {
    let script = ProgressScript::new("Status", "running", "running").values(vec![5]);
    let emu =
        start(config().scenario("DescribePreCheckProgressList", Scenario::progress(&script))).await;
    let started = std::time::Instant::now();
    let run = wait_precheck(&emu).arg("--max-wait").arg("0.2").run().await;
    run.assert_code(1);
    assert!(started.elapsed().as_secs_f64() >= 0.2);
    assert!(
        run.stderr.starts_with("acs: timed out after 0."),
        "{run:#?}"
    );
    assert!(
        run.stderr.contains("s waiting for pre-check-finished"),
        "{run:#?}"
    );
    assert!(run.stderr.contains("Status: running"), "{run:#?}");
    assert_eq!(run.json()["Progress"], json!(5), "the last answer");
    assert!(emu.exchanges().len() >= 2, "polled more than once");
}

#[tokio::test]
async fn bad_wait_arguments_are_2() {
    for args in [
        &["dbs", "wait", "pre-check-done"][..],
        &["dbs", "wait", "pre-check-finished", "--interval", "0"],
        &["dbs", "wait", "pre-check-finished", "--max-wait", "soon"],
    ] {
        let run = Acs::new(args).run().await;
        run.assert_code(2);
    }
    // No BackupPlanId nor RestoreTaskId: the spec asks for one of them.
    let run = Acs::new(&[
        "dbs",
        "wait",
        "pre-check-finished",
        "--endpoint",
        "http://127.0.0.1:9",
    ])
    .credentials(SECRET)
    .run()
    .await;
    run.assert_failure(2, &["BackupPlanId"]);
}
