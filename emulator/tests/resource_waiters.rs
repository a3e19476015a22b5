//! The waiters people use on ECS, VPC and Redis (declared in overlays) against the emulator's progress
//! scripts: a snapshot whose progress comes as text (`"40%"`) in a listing read at its first item, an
//! instance that reports no percentage, a VPC, and a Redis instance that fails or succeeds.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use acs_emulator::{ProgressScript, Scenario};
use acs_runtime::WaitOutcome;
use support::*;

const FAST: Duration = Duration::from_millis(2);

/// The status and percentage of every poll.
type Seen = Arc<Mutex<Vec<(Option<String>, Option<f64>)>>>;

fn recorder() -> (Seen, impl FnMut(&acs_runtime::Progress) + Send + 'static) {
    let seen: Seen = Arc::default();
    let record = seen.clone();
    (seen, move |p: &acs_runtime::Progress| {
        record
            .lock()
            .expect("lock")
            .push((p.status.clone(), p.percent))
    })
}

#[tokio::test]
async fn an_ecs_snapshot_is_waited_for_with_its_progress_as_text() {
    let script = ProgressScript::new("Snapshots.Snapshot.Status", "progressing", "accomplished")
        .progress_field(Some("Snapshots.Snapshot.Progress"))
        .percent_sign()
        .values(vec![40, 100]);
    let emu = start(config().scenario("ecs:DescribeSnapshots", Scenario::progress(&script))).await;
    let (seen, record) = recorder();
    let outcome = sdk(&emu, 1)
        .ecs()
        .describe_snapshots()
        .region_id("cn-hangzhou")
        .snapshot_ids(r#"["s-bp67acfmxazb4p****"]"#)
        .wait_until_snapshot_accomplished()
        .poll_interval(FAST)
        .on_progress(record)
        .send()
        .await
        .expect("no call fails");
    let WaitOutcome::Success { output, .. } = outcome else {
        panic!("not a success: {outcome:?}");
    };
    let first = &output
        .snapshots
        .expect("snapshots")
        .snapshot
        .expect("a list")[0];
    assert_eq!(first.progress.as_deref(), Some("100%"));
    assert_eq!(
        *seen.lock().expect("lock"),
        [
            (Some("progressing".to_owned()), Some(40.0)),
            (Some("accomplished".to_owned()), Some(100.0)),
        ]
    );
}

#[tokio::test]
async fn an_ecs_instance_is_waited_for_without_a_percentage() {
    let script = ProgressScript::new("Status", "Starting", "Running")
        .progress_field(None)
        .values(vec![0, 0, 0]);
    let emu =
        start(config().scenario("ecs:DescribeInstanceAttribute", Scenario::progress(&script)))
            .await;
    let (seen, record) = recorder();
    let outcome = sdk(&emu, 1)
        .ecs()
        .describe_instance_attribute()
        .instance_id("i-uf6f5trc95ug8t33****")
        .wait_until_instance_running()
        .poll_interval(FAST)
        .on_progress(record)
        .send()
        .await
        .expect("no call fails");
    assert!(
        matches!(outcome, WaitOutcome::Success { .. }),
        "{outcome:?}"
    );
    let statuses: Vec<_> = seen
        .lock()
        .expect("lock")
        .iter()
        .map(|(s, _)| s.clone())
        .collect();
    assert_eq!(statuses.len(), 3, "three polls: {statuses:?}");
    assert_eq!(statuses[2].as_deref(), Some("Running"));
    assert!(
        seen.lock().expect("lock").iter().all(|(_, p)| p.is_none()),
        "no percentage"
    );
}

#[tokio::test]
async fn a_vpc_is_waited_for_until_available() {
    let script = ProgressScript::new("Status", "Pending", "Available")
        .progress_field(None)
        .values(vec![0, 0]);
    let emu =
        start(config().scenario("vpc:DescribeVpcAttribute", Scenario::progress(&script))).await;
    let outcome = sdk(&emu, 1)
        .vpc()
        .describe_vpc_attribute()
        .region_id("cn-hangzhou")
        .vpc_id("vpc-bp18sth14qii3pnvo****")
        .wait_until_vpc_available()
        .poll_interval(FAST)
        .send()
        .await
        .expect("no call fails");
    assert!(
        matches!(outcome, WaitOutcome::Success { .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_redis_instance_that_errs_ends_the_wait_as_a_failure() {
    let script = ProgressScript::new(
        "Instances.DBInstanceAttribute.InstanceStatus",
        "Creating",
        "Error",
    )
    .progress_field(None)
    .values(vec![0, 0]);
    let emu = start(config().scenario(
        "r_kvstore:DescribeInstanceAttribute",
        Scenario::progress(&script),
    ))
    .await;
    let outcome = sdk(&emu, 1)
        .r_kvstore()
        .describe_instance_attribute()
        .instance_id("r-bp1zxszhcgatnx****")
        .wait_until_instance_normal()
        .poll_interval(FAST)
        .send()
        .await
        .expect("no call fails");
    let WaitOutcome::Failure { output, .. } = outcome else {
        panic!("not a failure: {outcome:?}");
    };
    let instance = &output
        .instances
        .expect("instances")
        .db_instance_attribute
        .expect("a list")[0];
    assert_eq!(
        instance.instance_status.as_ref().map(|s| s.as_str()),
        Some("Error")
    );
}

#[tokio::test]
async fn a_scenario_keyed_by_module_plays_for_that_product_alone() {
    // ECS and Redis both have `DescribeInstanceAttribute`; the ECS scenario leaves Redis's example.
    let script = ProgressScript::new("Status", "Starting", "Running")
        .progress_field(None)
        .values(vec![0]);
    let emu =
        start(config().scenario("ecs:DescribeInstanceAttribute", Scenario::progress(&script)))
            .await;
    let client = sdk(&emu, 1);
    let ecs = client
        .ecs()
        .describe_instance_attribute()
        .instance_id("i-1")
        .send()
        .await
        .expect("ecs answers");
    assert_eq!(ecs.status.as_deref(), Some("Running"));
    let redis = client
        .r_kvstore()
        .describe_instance_attribute()
        .instance_id("r-1")
        .send()
        .await
        .expect("redis answers");
    assert!(
        redis.instances.is_some(),
        "Redis's documented example, untouched"
    );
    let unknown = acs_emulator::Config::builder()
        .specs_dir(specs_dir())
        .scenario(
            "nothing:DescribeInstanceAttribute",
            Scenario::progress(&script),
        )
        .build();
    assert!(unknown.is_err(), "an unknown module is refused");
}
