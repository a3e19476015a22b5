//! The generated client against every operation of the spec tree: each call is signed by the runtime,
//! accepted by the emulator, and decodes into the documented example (with a fresh RequestId).

mod support;

use acs_codegen::spec::model::ExampleFormat;
use acs_sdk::{dbs, dts, sas};
use support::*;

/// Every operation this file calls. A new spec makes `every_operation_is_called` fail until it is added.
const CALLED: [&str; 4] = [
    "DescribePreCheckProgressList",
    "DescribeRestoreTaskList",
    "DescribePreCheckStatus",
    "QueryPreCheckDatabase",
];

fn example<T: acs_runtime::codec::Wire>(action: &str) -> T {
    let set = acs_codegen::spec::load_dir(&specs_dir()).expect("specs");
    let body = set
        .products
        .iter()
        .flat_map(|p| &p.operations)
        .filter(|o| o.spec.name == action)
        .flat_map(|o| &o.spec.examples)
        .find(|e| e.format == ExampleFormat::Json)
        .map(|e| e.body.clone())
        .expect("a JSON example");
    acs_runtime::codec::from_json(&body)
        .expect("example decodes")
        .expect("example is not null")
}

#[test]
fn every_operation_is_called() {
    let served = config().build().expect("config").operations();
    for op in &served {
        assert!(
            CALLED.contains(&op.as_str()),
            "add a call of {op} to tests/sdk.rs"
        );
    }
    assert_eq!(served.len(), CALLED.len());
}

#[tokio::test]
async fn dbs_describe_pre_check_progress_list() {
    let emu = start(config()).await;
    let out = sdk(&emu, 1)
        .dbs()
        .describe_pre_check_progress_list()
        .backup_plan_id("dbsr1l3ro21****")
        .send()
        .await
        .expect("call");
    let mut want: dbs::DescribePreCheckProgressListOutput = example("DescribePreCheckProgressList");
    assert_ne!(out.request_id, want.request_id, "a fresh RequestId");
    want.request_id = out.request_id.clone();
    assert_eq!(out, want);
    let x = emu.exchanges().pop().expect("recorded");
    assert_eq!(x.param("BackupPlanId"), Some("dbsr1l3ro21****"));
    assert_eq!(x.status, Some(200));
}

#[tokio::test]
async fn dbs_describe_restore_task_list() {
    let emu = start(config()).await;
    let out = sdk(&emu, 1)
        .dbs()
        .describe_restore_task_list()
        .restore_task_id("s1")
        .restore_task_id("s2")
        .page_size(30)
        .page_num(1)
        .start_timestamp(1_570_701_361_528)
        .end_timestamp(1_570_701_361_529)
        .send()
        .await
        .expect("call");
    let mut want: dbs::DescribeRestoreTaskListOutput = example("DescribeRestoreTaskList");
    want.request_id = out.request_id.clone();
    assert_eq!(out, want);
    assert_eq!(emu.exchanges()[0].param("RestoreTaskId"), Some("s1,s2"));
}

#[tokio::test]
async fn dts_describe_pre_check_status() {
    let emu = start(config()).await;
    let out = sdk(&emu, 1)
        .dts()
        .describe_pre_check_status()
        .dts_job_id("i03e3zty16i****")
        .job_code(dts::JobCode::Precheck)
        .struct_type("before")
        .page_no(1)
        .page_size(20)
        .region_id("cn-hangzhou")
        .struct_phase("View")
        .name("dewuprop")
        .send()
        .await
        .expect("call");
    let mut want: dts::DescribePreCheckStatusOutput = example("DescribePreCheckStatus");
    want.request_id = out.request_id.clone();
    assert_eq!(out, want);
    assert_eq!(out.state, Some(dts::JobState::Finished));
}

#[tokio::test]
async fn sas_query_pre_check_database() {
    let emu = start(config()).await;
    let out = sdk(&emu, 1)
        .sas()
        .query_pre_check_database()
        .task_id("t-000bc9nqwxsbyvod****")
        .instance_uuid("ebc895506c6911ed800000163e0e****")
        .uni_region_id("cn-hangzhou")
        .send()
        .await
        .expect("call");
    let mut want: sas::QueryPreCheckDatabaseOutput = example("QueryPreCheckDatabase");
    want.request_id = out.request_id.clone();
    assert_eq!(out, want);
}

#[tokio::test]
async fn the_client_with_sts_credentials_is_accepted() {
    let emu = start(config()).await;
    let runtime = acs_sdk::Client::builder()
        .credentials(
            acs_runtime::Credentials::new(STS_ID, STS_SECRET).with_security_token(STS_TOKEN),
        )
        .endpoint(emu.url())
        .max_attempts(1)
        .timeout(CALL_LIMIT)
        .build()
        .expect("client");
    let out = acs_sdk::Client::new(runtime)
        .sas()
        .query_pre_check_database()
        .uni_region_id("cn-hangzhou")
        .send()
        .await
        .expect("call");
    assert_eq!(out.progress, Some(100));
}

#[tokio::test]
async fn service_errors_reach_the_client_with_code_and_request_id() {
    // The client validates before sending, so provoke a gateway error with credentials it cannot know
    // are wrong.
    let emu = start(config()).await;
    let runtime = acs_sdk::Client::builder()
        .credentials(acs_runtime::Credentials::new(KEY_ID, "wrong-secret"))
        .endpoint(emu.url())
        .max_attempts(1)
        .timeout(CALL_LIMIT)
        .build()
        .expect("client");
    let err = acs_sdk::Client::new(runtime)
        .sas()
        .query_pre_check_database()
        .uni_region_id("cn-hangzhou")
        .send()
        .await
        .expect_err("refused");
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(err.http_status(), Some(400));
    let x = emu.exchanges().pop().expect("recorded");
    let id = x
        .response_json()
        .and_then(|v| v["RequestId"].as_str().map(str::to_owned));
    assert_eq!(err.request_id(), id.as_deref());
}
