//! Waiters against a loopback server: success with progress reported at every poll, failure with the
//! failed and warning items, progress counted from items when the answer has no percentage, a timeout
//! with the last answer, backoff between polls, and a failing call ending the wait.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use acs_runtime::codec::boxed;
use acs_runtime::{
    CallConfig, ErrorKind, Method, Operation, OperationInfo, Severity, WaitItems, WaitOutcome,
    Waiter, Waiting,
};
use support::ops::{DTS, client};
use support::{Reply, TestServer};

/// Input of a status operation.
pub struct Check {
    job_id: Option<String>,
}
acs_runtime::shape!(Check, "JobId job_id", [job_id]);

/// One checked item.
pub struct Item {
    name: Option<String>,
    state: Option<String>,
    message: Option<String>,
    repair: Option<String>,
}
acs_runtime::shape!(
    Item,
    "Item name\nState state\nErrMsg message\nRepairMethod repair",
    [name, state, message, repair]
);

/// The answer.
pub struct Status {
    status: Option<String>,
    progress: Option<i32>,
    total: Option<i32>,
    items: Option<Vec<Item>>,
}
acs_runtime::shape!(
    Status,
    "Status status\nProgress progress\nTotal total\nItems items",
    [status, progress, total, items]
);

impl Operation for Check {
    type Output = Status;
    const INFO: &'static OperationInfo = &OperationInfo {
        service: &DTS,
        action: "DescribeCheck",
        method: Method::Post,
        path: None,
        rules: &[],
        ram_action: None,
        deprecated: false,
        anonymous: false,
        new_input: &boxed::<Check>,
        new_output: &boxed::<Status>,
        paging: None,
        waiters: &[FINISHED],
    };
}

const ITEMS: WaitItems = WaitItems {
    list: "Items",
    total: "Total",
    name: "Item",
    status: "State",
    message: "ErrMsg",
    repair: "RepairMethod",
    done: &["finish", "failed", "warning"],
    failed: &["failed"],
    warning: &["warning"],
};

const FINISHED: Waiting = Waiting {
    name: "CheckFinished",
    doc: "The check ended.",
    status: "Status",
    success: &["finish"],
    failure: &["failed"],
    progress: "Progress",
    counts: None,
    items: Some(&ITEMS),
};

/// The same condition without a percentage: progress is counted from the items.
const BY_ITEMS: Waiting = Waiting {
    progress: "",
    counts: None,
    ..FINISHED
};

fn answer(status: &str, progress: Option<i32>, items: &[(&str, &str)]) -> Reply {
    let items: Vec<String> = items
        .iter()
        .map(|(name, state)| {
            format!(r#"{{"Item":"{name}","State":"{state}","ErrMsg":"{name} broke","RepairMethod":"fix {name}"}}"#)
        })
        .collect();
    let progress = progress.map_or(String::new(), |p| format!(r#","Progress":{p}"#));
    Reply::json(
        200,
        &format!(
            r#"{{"Status":"{status}","Total":4,"Items":[{}]{progress}}}"#,
            items.join(",")
        ),
    )
}

fn waiter(server: &TestServer, waiting: &'static Waiting) -> Waiter<Check> {
    let input = Check {
        job_id: Some("j".to_owned()),
    };
    Waiter::new(client(&server.url), input, CallConfig::default(), waiting)
        .poll_interval(Duration::from_millis(5))
        .max_interval(Duration::from_millis(20))
}

#[tokio::test]
async fn success_reports_progress_at_every_poll_and_lists_warnings() {
    let server = TestServer::start(vec![
        answer("running", Some(10), &[]),
        answer("running", Some(50), &[("a", "finish")]),
        answer("finish", Some(100), &[("a", "finish"), ("b", "warning")]),
    ])
    .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let outcome = waiter(&server, &FINISHED)
        .on_progress(move |p| {
            record
                .lock()
                .expect("lock")
                .push((p.status.clone(), p.percent, p.polls))
        })
        .send()
        .await
        .expect("no call fails");
    let WaitOutcome::Success { output, warnings } = outcome else {
        panic!("not a success: {outcome:?}");
    };
    assert_eq!(output.progress, Some(100));
    assert_eq!(warnings.len(), 1);
    assert_eq!(
        (warnings[0].name.as_str(), warnings[0].severity),
        ("b", Severity::Warning)
    );
    let seen = seen.lock().expect("lock").clone();
    let percents: Vec<Option<f64>> = seen.iter().map(|s| s.1).collect();
    assert_eq!(percents, [Some(10.0), Some(50.0), Some(100.0)]);
    assert_eq!(seen.last().map(|s| s.2), Some(3));
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.param("JobId").as_deref() == Some("j"))
    );
}

#[tokio::test]
async fn failure_lists_failed_and_warning_items_with_their_repair() {
    let server = TestServer::start(vec![answer(
        "failed",
        Some(100),
        &[("a", "finish"), ("b", "failed"), ("c", "warning")],
    )])
    .await;
    let outcome = waiter(&server, &FINISHED)
        .send()
        .await
        .expect("no call fails");
    let WaitOutcome::Failure { items, .. } = outcome else {
        panic!("not a failure: {outcome:?}");
    };
    let got: Vec<(&str, Severity, &str, &str)> = items
        .iter()
        .map(|i| {
            (
                i.name.as_str(),
                i.severity,
                i.message.as_str(),
                i.repair.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("b", Severity::Failed, "b broke", "fix b"),
            ("c", Severity::Warning, "c broke", "fix c")
        ]
    );
}

#[tokio::test]
async fn without_a_percentage_progress_is_the_share_of_items_done() {
    let server = TestServer::start(vec![
        answer("running", None, &[("a", "finish"), ("b", "running")]),
        answer(
            "finish",
            None,
            &[
                ("a", "finish"),
                ("b", "finish"),
                ("c", "warning"),
                ("d", "failed"),
            ],
        ),
    ])
    .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    waiter(&server, &BY_ITEMS)
        .on_progress(move |p| {
            record
                .lock()
                .expect("lock")
                .push((p.done, p.total, p.percent))
        })
        .send()
        .await
        .expect("no call fails");
    assert_eq!(
        *seen.lock().expect("lock"),
        [(1, 4, Some(25.0)), (4, 4, Some(100.0))],
        "Total says 4 items even while fewer are listed"
    );
}

#[tokio::test]
async fn a_job_that_never_ends_times_out_with_the_last_answer_after_backing_off() {
    let server = TestServer::with_responder(Arc::new(|_: &support::Recorded| {
        answer("running", Some(42), &[])
    }))
    .await;
    let started = Instant::now();
    let outcome = waiter(&server, &FINISHED)
        .max_wait(Duration::from_millis(60))
        .send()
        .await
        .expect("no call fails");
    let WaitOutcome::TimedOut { last, waited } = outcome else {
        panic!("not a timeout: {outcome:?}");
    };
    assert_eq!(last.and_then(|l| l.progress), Some(42));
    assert!(waited >= Duration::from_millis(60), "{waited:?}");
    assert!(started.elapsed() >= Duration::from_millis(60));
    // Pauses of 5, 7, 10, 15, 20, 20 ms … reach 60 ms in at most 7 polls; without backoff it would be 13.
    let polls = server.requests().len();
    assert!((2..=8).contains(&polls), "{polls} polls");
}

#[tokio::test]
async fn a_failing_call_ends_the_wait_with_its_error() {
    let server = TestServer::start(vec![
        answer("running", Some(10), &[]),
        Reply::json(
            403,
            r#"{"Code":"Forbidden.RAM","Message":"denied","RequestId":"r"}"#,
        ),
    ])
    .await;
    let e = waiter(&server, &FINISHED)
        .send()
        .await
        .expect_err("the 403");
    assert_eq!(e.kind(), ErrorKind::Service);
    assert_eq!(e.code(), Some("Forbidden.RAM"));
}

#[test]
fn the_operation_lists_its_waiter_by_name() {
    assert_eq!(Check::INFO.waiter("CheckFinished"), Some(&FINISHED));
    assert_eq!(Check::INFO.waiter("Other"), None);
}

/// One snapshot of a listing, as ECS's `DescribeSnapshots` gives it (`Progress` is text: `"60%"`).
pub struct Snapshot {
    status: Option<String>,
    progress: Option<String>,
}
acs_runtime::shape!(
    Snapshot,
    "Status status\nProgress progress",
    [status, progress]
);

/// The wrapper around the list (`Snapshots: {Snapshot: [...]}`).
pub struct Snapshots {
    snapshot: Option<Vec<Snapshot>>,
}
acs_runtime::shape!(Snapshots, "Snapshot snapshot", [snapshot]);

/// A listing filtered to one resource.
pub struct Listing {
    snapshots: Option<Snapshots>,
}
acs_runtime::shape!(Listing, "Snapshots snapshots", [snapshots]);

/// The input of the listing.
pub struct ListSnapshots {
    snapshot_ids: Option<String>,
}
acs_runtime::shape!(ListSnapshots, "SnapshotIds snapshot_ids", [snapshot_ids]);

impl Operation for ListSnapshots {
    type Output = Listing;
    const INFO: &'static OperationInfo = &OperationInfo {
        action: "DescribeSnapshots",
        new_input: &boxed::<ListSnapshots>,
        new_output: &boxed::<Listing>,
        waiters: &[ACCOMPLISHED],
        ..*Check::INFO
    };
}

const ACCOMPLISHED: Waiting = Waiting {
    name: "SnapshotAccomplished",
    doc: "The snapshot is made.",
    status: "Snapshots.Snapshot.Status",
    success: &["accomplished"],
    failure: &["failed"],
    progress: "Snapshots.Snapshot.Progress",
    counts: None,
    items: None,
};

#[tokio::test]
async fn a_listing_is_read_through_its_first_item_with_percentages_as_text() {
    let page = |status: &str, progress: &str| {
        Reply::json(
            200,
            &format!(
                r#"{{"Snapshots":{{"Snapshot":[{{"Status":"{status}","Progress":"{progress}"}},{{"Status":"failed"}}]}}}}"#
            ),
        )
    };
    let server = TestServer::start(vec![
        Reply::json(200, r#"{"Snapshots":{"Snapshot":[]}}"#),
        page("progressing", "60%"),
        page("accomplished", "100%"),
    ])
    .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let input = ListSnapshots {
        snapshot_ids: Some(r#"["s-1"]"#.to_owned()),
    };
    let outcome = Waiter::new(
        client(&server.url),
        input,
        CallConfig::default(),
        &ACCOMPLISHED,
    )
    .poll_interval(Duration::from_millis(5))
    .on_progress(move |p| {
        record
            .lock()
            .expect("lock")
            .push((p.status.clone(), p.percent))
    })
    .send()
    .await
    .expect("no call fails");
    assert!(
        matches!(outcome, WaitOutcome::Success { .. }),
        "the first item decides, not the second"
    );
    assert_eq!(
        *seen.lock().expect("lock"),
        [
            (None, None),
            (Some("progressing".to_owned()), Some(60.0)),
            (Some("accomplished".to_owned()), Some(100.0)),
        ],
        "an empty listing has no status yet; `60%` is sixty per cent"
    );
}

/// A node pool's status, as CS's `DescribeClusterNodePoolDetail` gives it: a state and node counts.
pub struct PoolStatus {
    state: Option<String>,
    healthy_nodes: Option<i64>,
    total_nodes: Option<i64>,
}
acs_runtime::shape!(
    PoolStatus,
    "state state\nhealthy_nodes healthy_nodes\ntotal_nodes total_nodes",
    [state, healthy_nodes, total_nodes]
);

/// The answer.
pub struct Pool {
    status: Option<PoolStatus>,
}
acs_runtime::shape!(Pool, "status status", [status]);

/// The input.
pub struct DescribePool {
    nodepool_id: Option<String>,
}
acs_runtime::shape!(DescribePool, "NodepoolId nodepool_id", [nodepool_id]);

impl Operation for DescribePool {
    type Output = Pool;
    const INFO: &'static OperationInfo = &OperationInfo {
        action: "DescribeClusterNodePoolDetail",
        new_input: &boxed::<DescribePool>,
        new_output: &boxed::<Pool>,
        waiters: &[ACTIVE],
        ..*Check::INFO
    };
}

const ACTIVE: Waiting = Waiting {
    name: "NodePoolActive",
    doc: "The node pool is active.",
    status: "status.state",
    success: &["active"],
    failure: &[],
    progress: "",
    counts: Some(&acs_runtime::WaitCounts {
        done: "status.healthy_nodes",
        total: "status.total_nodes",
    }),
    items: None,
};

#[tokio::test]
async fn progress_can_be_counted_from_two_numbers() {
    let page = |state: &str, healthy: u32| {
        Reply::json(
            200,
            &format!(
                r#"{{"status":{{"state":"{state}","healthy_nodes":{healthy},"total_nodes":4}}}}"#
            ),
        )
    };
    let server = TestServer::start(vec![
        page("scaling", 1),
        page("scaling", 3),
        page("active", 4),
    ])
    .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let input = DescribePool {
        nodepool_id: Some("np-1".to_owned()),
    };
    let outcome = Waiter::new(client(&server.url), input, CallConfig::default(), &ACTIVE)
        .poll_interval(Duration::from_millis(5))
        .on_progress(move |p| {
            record
                .lock()
                .expect("lock")
                .push((p.done, p.total, p.percent))
        })
        .send()
        .await
        .expect("no call fails");
    assert!(matches!(outcome, WaitOutcome::Success { .. }));
    assert_eq!(
        *seen.lock().expect("lock"),
        [(1, 4, Some(25.0)), (3, 4, Some(75.0)), (4, 4, Some(100.0))]
    );
}
