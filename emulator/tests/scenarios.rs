//! Each scenario through the generated client: progress over successive calls, throttling with a retry
//! hint, a 500 once, a reset connection, a slow answer, paging by PageNum/PageSize and PageNo/PageSize,
//! scenarios from a file and changed while running, and the recording of every exchange.

mod support;

use std::time::{Duration, Instant};

use acs_emulator::{Paging, ProgressScript, Scenario};
use acs_runtime::ErrorKind;
use acs_sdk::{dbs, dts, sas};
use support::*;

async fn dbs_progress(client: &acs_sdk::Client) -> dbs::DescribePreCheckProgressListOutput {
    client
        .dbs()
        .describe_pre_check_progress_list()
        .backup_plan_id("dbsr1l3ro21****")
        .send()
        .await
        .expect("call")
}

#[tokio::test]
async fn dbs_precheck_progresses_then_finishes_or_fails() {
    for (outcome, status) in [
        ("finish", dbs::PreCheckStatus::Finish),
        ("failed", dbs::PreCheckStatus::Failed),
    ] {
        let script = ProgressScript::new("Status", "running", outcome);
        let emu =
            start(config().scenario("DescribePreCheckProgressList", Scenario::progress(&script)))
                .await;
        let client = sdk(&emu, 1);
        let mut seen = Vec::new();
        for _ in 0..4 {
            let out = dbs_progress(&client).await;
            seen.push((out.progress, out.status));
        }
        let running = Some(dbs::PreCheckStatus::Running);
        assert_eq!(
            seen,
            vec![
                (Some(0), running.clone()),
                (Some(40), running),
                (Some(100), Some(status.clone())),
                (Some(100), Some(status)),
            ],
            "the last answer stays"
        );
    }
}

#[tokio::test]
async fn sas_precheck_progresses_then_completes() {
    let script = ProgressScript::new("Description", "created", "error");
    let emu = start(config().scenario("QueryPreCheckDatabase", Scenario::progress(&script))).await;
    let client = sdk(&emu, 1);
    let mut seen = Vec::new();
    for _ in 0..3 {
        let out = client
            .sas()
            .query_pre_check_database()
            .uni_region_id("cn-hangzhou")
            .send()
            .await
            .expect("call");
        seen.push((out.progress, out.description));
    }
    assert_eq!(
        seen,
        vec![
            (Some(0), Some(sas::PreCheckTaskStatus::Created)),
            (Some(40), Some(sas::PreCheckTaskStatus::Created)),
            (Some(100), Some(sas::PreCheckTaskStatus::Error)),
        ]
    );
}

#[tokio::test]
async fn throttling_answers_with_retry_after_then_succeeds() {
    let emu = start(config().scenario(
        "DescribePreCheckStatus",
        Scenario::throttled(2, Duration::from_millis(30)),
    ))
    .await;
    // Without retries the client sees the throttling error itself.
    let call = |client: acs_sdk::Client| async move {
        client
            .dts()
            .describe_pre_check_status()
            .dts_job_id("j")
            .job_code(dts::JobCode::Precheck)
            .struct_type("before")
            .send()
            .await
    };
    let err = call(sdk(&emu, 1)).await.expect_err("throttled");
    assert_eq!(err.code(), Some("Throttling.User"));
    assert_eq!(err.http_status(), Some(400));
    let first = &emu.exchanges()[0];
    assert_eq!(first.status, Some(400));
    assert!(
        first
            .response_headers
            .iter()
            .any(|(k, v)| k == "x-acs-retry-after" && v == "30"),
        "{:?}",
        first.response_headers
    );
    // With retries, the remaining throttling answer is retried and the call succeeds.
    let out = call(sdk(&emu, 3)).await.expect("retried to success");
    assert_eq!(out.state, Some(dts::JobState::Finished));
    let statuses: Vec<Option<u16>> = emu.exchanges().iter().map(|x| x.status).collect();
    assert_eq!(statuses, vec![Some(400), Some(400), Some(200)]);
}

#[tokio::test]
async fn a_server_error_once_then_success() {
    let emu =
        start(config().scenario("DescribeRestoreTaskList", Scenario::server_error_once())).await;
    let client = sdk(&emu, 1);
    let call = || {
        client
            .dbs()
            .describe_restore_task_list()
            .backup_plan_id("p")
            .send()
    };
    let err = call().await.expect_err("500");
    assert_eq!(err.http_status(), Some(500));
    assert_eq!(err.code(), Some("InternalError"));
    assert!(call().await.is_ok());
    // The runtime retries a 5xx for an operation with an idempotency token (ClientToken).
    emu.set_scenario("DescribeRestoreTaskList", Scenario::server_error_once())
        .expect("known operation");
    let retried = sdk(&emu, 2)
        .dbs()
        .describe_restore_task_list()
        .backup_plan_id("p")
        .send()
        .await;
    assert!(retried.is_ok(), "{retried:?}");
}

#[tokio::test]
async fn a_reset_connection_once() {
    let emu = start(config().scenario("QueryPreCheckDatabase", Scenario::reset_once())).await;
    let client = sdk(&emu, 1);
    let call = || {
        client
            .sas()
            .query_pre_check_database()
            .uni_region_id("cn-hangzhou")
            .send()
    };
    let err = call().await.expect_err("reset");
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(emu.exchanges()[0].status, None, "recorded as unanswered");
    assert!(call().await.is_ok());
}

#[tokio::test]
async fn a_slow_answer() {
    let delay = Duration::from_millis(600);
    let emu = start(config().scenario("QueryPreCheckDatabase", Scenario::slow_once(delay))).await;
    // A client with a shorter timeout gives up.
    let impatient: acs_sdk::Client = acs_sdk::Client::builder()
        .credentials(acs_runtime::Credentials::new(KEY_ID, SECRET))
        .endpoint(emu.url())
        .max_attempts(1)
        .timeout(Duration::from_millis(150))
        .build()
        .expect("client");
    let err = impatient
        .sas()
        .query_pre_check_database()
        .uni_region_id("cn-hangzhou")
        .send()
        .await
        .expect_err("timed out");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    // The next call is served at once; a slow step again is waited for by a patient client.
    emu.set_scenario("QueryPreCheckDatabase", Scenario::slow_once(delay))
        .expect("known operation");
    let started = Instant::now();
    let out = sdk(&emu, 1)
        .sas()
        .query_pre_check_database()
        .uni_region_id("cn-hangzhou")
        .send()
        .await
        .expect("call");
    assert!(started.elapsed() >= delay, "{:?}", started.elapsed());
    assert_eq!(out.progress, Some(100));
}

#[tokio::test]
async fn restore_tasks_paged_by_page_num() {
    let paging = Paging::new("Items.RestoreTaskDetail", 7, "PageNum", "PageSize")
        .id_field("RestoreTaskId")
        .page_number_field("PageNum")
        .page_size_field("PageSize")
        .total_items_field("TotalElements")
        .total_pages_field("TotalPages");
    let emu = start(config().scenario("DescribeRestoreTaskList", Scenario::paged(paging))).await;
    let client = sdk(&emu, 1);
    let mut ids = Vec::new();
    // DBS documents PageNum's default as 0: the first page is 0.
    for page in 0..4 {
        let out = client
            .dbs()
            .describe_restore_task_list()
            .backup_plan_id("p")
            .page_num(page)
            .page_size(3)
            .send()
            .await
            .expect("call");
        assert_eq!(
            (
                out.page_num,
                out.page_size,
                out.total_elements,
                out.total_pages
            ),
            (Some(page), Some(3), Some(7), Some(3))
        );
        let items = out
            .items
            .and_then(|i| i.restore_task_detail)
            .unwrap_or_default();
        assert_eq!(items.len(), [3, 3, 1, 0][page as usize], "page {page}");
        ids.extend(items.into_iter().filter_map(|t| t.restore_task_id));
    }
    let want: Vec<String> = (1..=7).map(|n| format!("s1XXXXXX-{n}")).collect();
    assert_eq!(ids, want);
    // Without PageSize the documented default (30) applies: everything on the first page.
    let out = client
        .dbs()
        .describe_restore_task_list()
        .backup_plan_id("p")
        .send()
        .await
        .expect("call");
    assert_eq!(
        (out.page_num, out.page_size, out.total_pages),
        (Some(0), Some(30), Some(1))
    );
}

#[tokio::test]
async fn precheck_status_paged_by_page_no() {
    let paging = Paging::new("JobProgress", 5, "PageNo", "PageSize")
        .id_field("Id")
        .page_number_field("PageNumber")
        .page_items_field("PageRecordCount")
        .total_items_field("TotalRecordCount");
    let emu = start(config().scenario("DescribePreCheckStatus", Scenario::paged(paging))).await;
    let client = sdk(&emu, 1);
    let mut counts = Vec::new();
    for page in 1..=3 {
        let out = client
            .dts()
            .describe_pre_check_status()
            .dts_job_id("j")
            .job_code(dts::JobCode::Precheck)
            .struct_type("before")
            .page_no(page)
            .page_size(2)
            .send()
            .await
            .expect("call");
        assert_eq!(out.page_number, Some(i64::from(page)));
        assert_eq!(out.total_record_count, Some(5));
        let items = out.job_progress.unwrap_or_default();
        assert_eq!(out.page_record_count, Some(items.len() as i64));
        counts.push(items.len());
    }
    assert_eq!(counts, vec![2, 2, 1]);
}

#[tokio::test]
async fn scenarios_from_a_file() {
    let dir = std::env::temp_dir().join(format!("acs-emulator-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("scenarios.yaml");
    std::fs::write(
        &file,
        r#"
scenarios:
  DescribePreCheckProgressList:
    progress: { status_field: Status, running: running, outcome: finish, values: [10, 100] }
  DescribeRestoreTaskList:
    steps:
      - error: { status: 403, code: Request.Forbidden, message: Have no Permissions }
    paging: { list: Items.RestoreTaskDetail, total: 2, page_number_param: PageNum, page_size_param: PageSize, total_items_field: TotalElements }
"#,
    )
    .expect("write");
    let emu = start(config().scenarios_file(&file)).await;
    let _ = std::fs::remove_dir_all(&dir);
    let client = sdk(&emu, 1);
    assert_eq!(dbs_progress(&client).await.progress, Some(10));
    assert_eq!(
        dbs_progress(&client).await.status,
        Some(dbs::PreCheckStatus::Finish)
    );
    let call = || {
        client
            .dbs()
            .describe_restore_task_list()
            .backup_plan_id("p")
            .send()
    };
    let err = call().await.expect_err("forbidden");
    assert_eq!(
        (err.code(), err.http_status()),
        (Some("Request.Forbidden"), Some(403))
    );
    assert_eq!(call().await.expect("call").total_elements, Some(2));
}

#[test]
fn a_scenario_for_an_unknown_operation_is_refused() {
    let err = config()
        .scenario("DescribeNothing", Scenario::reset_once())
        .build()
        .expect_err("unknown operation");
    assert!(err.to_string().contains("DescribeNothing"), "{err}");
}

#[tokio::test]
async fn every_exchange_is_recorded() {
    let emu = start(config()).await;
    let client = sdk(&emu, 1);
    dbs_progress(&client).await;
    let _ = client.dbs().describe_restore_task_list().send().await; // refused by the client: not sent
    let mut bad = Acs3::new("DescribeNothing", "2019-03-06", &[("A", "1")]);
    bad.method = "POST".into();
    bad.send(&emu).await;
    let all = emu.exchanges();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0].action.as_deref(),
        Some("DescribePreCheckProgressList")
    );
    assert_eq!(all[0].method, "POST");
    assert_eq!(all[0].path, "/");
    assert!(
        all[0]
            .query
            .contains("BackupPlanId=dbsr1l3ro21%2A%2A%2A%2A"),
        "{}",
        all[0].query
    );
    assert!(
        all[0]
            .header("authorization")
            .is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256 "))
    );
    assert_eq!(
        all[1].error_code().as_deref(),
        Some("InvalidAction.NotFound")
    );
    assert_eq!(all[1].status, Some(404));
    emu.clear_exchanges();
    assert!(emu.exchanges().is_empty());
    emu.shutdown().await;
}

#[tokio::test]
async fn the_record_keeps_the_newest_exchanges_up_to_its_bound() {
    let emu = start(config().max_exchanges(2)).await;
    for action in ["DescribeFirst", "DescribeSecond", "DescribeThird"] {
        let mut call = Acs3::new(action, "2019-03-06", &[("A", "1")]);
        call.method = "POST".into();
        call.send(&emu).await;
    }
    let kept: Vec<Option<String>> = emu.exchanges().into_iter().map(|x| x.action).collect();
    assert_eq!(
        kept,
        [Some("DescribeSecond".into()), Some("DescribeThird".into())],
        "the oldest is dropped"
    );
    emu.shutdown().await;
}
