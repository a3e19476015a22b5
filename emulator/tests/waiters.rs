//! Generated waiters against the emulator's progress scenarios: the DBS precheck succeeds with its
//! progress reported at every poll, the DTS precheck fails with its failed items and their repair
//! methods (progress counted from the items), and the SAS precheck times out while it stays `created`.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs_emulator::{ProgressScript, Scenario, Step};
use acs_runtime::{Severity, WaitOutcome};
use acs_sdk::{dbs, dts};
use serde_json::json;
use support::*;

const FAST: Duration = Duration::from_millis(2);

#[tokio::test]
async fn dbs_precheck_succeeds_with_progress_at_every_poll() {
    let script = ProgressScript::new("Status", "running", "finish").values(vec![10, 60, 100]);
    let emu =
        start(config().scenario("DescribePreCheckProgressList", Scenario::progress(&script))).await;
    let client = sdk(&emu, 1);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let outcome = client
        .dbs()
        .describe_pre_check_progress_list()
        .backup_plan_id("dbsr1l3ro21****")
        .wait_until_pre_check_finished()
        .poll_interval(FAST)
        .on_progress(move |p| {
            record
                .lock()
                .expect("lock")
                .push((p.status.clone(), p.percent))
        })
        .send()
        .await
        .expect("no call fails");
    let WaitOutcome::Success { output, .. } = outcome else {
        panic!("not a success: {outcome:?}");
    };
    assert_eq!(output.status, Some(dbs::PreCheckStatus::Finish));
    let seen = seen.lock().expect("lock").clone();
    let running = Some("running".to_owned());
    assert_eq!(
        seen,
        [
            (running.clone(), Some(10.0)),
            (running, Some(60.0)),
            (Some("finish".to_owned()), Some(100.0))
        ]
    );
    assert_eq!(emu.exchanges().len(), 3, "no poll after the end");
}

#[tokio::test]
async fn dts_precheck_fails_with_its_failed_items_and_their_repair() {
    let item = |name: &str, state: &str| json!({"Item": name, "State": state, "ErrMsg": format!("{name}: denied"), "RepairMethod": format!("grant {name}")});
    let scenario = Scenario::steps(vec![
        Step::answer(
            json!({"State": "Checking", "Total": 3, "JobProgress": [item("CHECK_CONN_SRC", "Success")]}),
        ),
        Step::answer(json!({
            "State": "Failed",
            "Total": 3,
            "JobProgress": [item("CHECK_CONN_SRC", "Success"), item("CHECK_AUTH_SRC", "Failed"), item("CHECK_BINLOG", "Warning")]
        })),
    ]);
    let emu = start(config().scenario("DescribePreCheckStatus", scenario)).await;
    let client = sdk(&emu, 1);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let outcome = client
        .dts()
        .describe_pre_check_status()
        .dts_job_id("j")
        .job_code(dts::JobCode::Precheck)
        .struct_type("before")
        .wait_until_pre_check_finished()
        .poll_interval(FAST)
        .on_progress(move |p| record.lock().expect("lock").push((p.done, p.total)))
        .send()
        .await
        .expect("no call fails");
    let WaitOutcome::Failure { items, output } = outcome else {
        panic!("not a failure: {outcome:?}");
    };
    assert_eq!(output.state, Some(dts::JobState::Failed));
    let got: Vec<(&str, Severity, &str)> = items
        .iter()
        .map(|i| (i.name.as_str(), i.severity, i.repair.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("CHECK_AUTH_SRC", Severity::Failed, "grant CHECK_AUTH_SRC"),
            ("CHECK_BINLOG", Severity::Warning, "grant CHECK_BINLOG")
        ]
    );
    assert_eq!(*seen.lock().expect("lock"), [(1, 3), (3, 3)]);
}

#[tokio::test]
async fn sas_precheck_that_stays_created_times_out() {
    let script = ProgressScript::new("Description", "created", "created").values(vec![5]);
    let emu = start(config().scenario("QueryPreCheckDatabase", Scenario::progress(&script))).await;
    let client = sdk(&emu, 1);
    let outcome = client
        .sas()
        .query_pre_check_database()
        .uni_region_id("cn-hangzhou")
        .wait_until_pre_check_finished()
        .poll_interval(FAST)
        .max_wait(Duration::from_millis(50))
        .send()
        .await
        .expect("no call fails");
    let WaitOutcome::TimedOut { last, waited } = outcome else {
        panic!("not a timeout: {outcome:?}");
    };
    assert!(waited >= Duration::from_millis(50));
    assert_eq!(last.and_then(|l| l.progress), Some(5));
    assert!(emu.exchanges().len() >= 2);
}

#[tokio::test]
async fn the_readme_demo_scenario_fails_its_precheck_after_climbing_to_100() {
    // emulator/scenarios/precheck.yaml is what the README's demo plays: keep it loading and meaningful.
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/precheck.yaml");
    let emu = start(config().scenarios_file(&file)).await;
    let client = sdk(&emu, 1);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let outcome = client
        .dbs()
        .describe_pre_check_progress_list()
        .backup_plan_id("dbsr1l3ro21****")
        .wait_until_pre_check_finished()
        .poll_interval(FAST)
        .max_interval(FAST)
        .on_progress(move |p| record.lock().expect("lock").push(p.percent))
        .send()
        .await
        .expect("no call fails");
    let WaitOutcome::Failure { items, .. } = outcome else {
        panic!("not a failure: {outcome:?}");
    };
    let failed: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(failed, ["CHECK_BINLOG_ON"]);
    let percents: Vec<f64> = seen
        .lock()
        .expect("lock")
        .iter()
        .flatten()
        .copied()
        .collect();
    assert_eq!(percents, [0.0, 10.0, 25.0, 40.0, 55.0, 70.0, 85.0, 100.0]);
}
