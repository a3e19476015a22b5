//! Generated paginators against the emulator's paging scenarios: DBS pages from 0, DTS from 1 (the spec's
//! `paginator.first`, whatever the page parameter's default says), a listing without totals ends on its
//! empty page, token paging follows `NextToken` (scripted, and served by the emulator), an error in the
//! middle of a listing ends the stream with it, Log Service pages by item offset, and paging that does not
//! fit its operation is refused.
//! `catalogue_paging.rs` pages every paginated operation.

mod support;

use acs_emulator::{Paging, Running, Scenario, Step};
use acs_runtime::{ErrorKind, TryStreamExt};
use acs_sdk::dts;
use serde_json::json;
use support::*;

/// The value of parameter `name` in every call of `action` the emulator answered, in order.
fn sent(emu: &Running, action: &str, name: &str) -> Vec<String> {
    emu.exchanges()
        .iter()
        .filter(|x| x.action.as_deref() == Some(action))
        .map(|x| {
            x.params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn dbs_restore_tasks_page_from_zero_and_stop_at_the_total() {
    let paging = Paging::new("Items.RestoreTaskDetail", 7, "PageNum", "PageSize")
        .id_field("RestoreTaskId")
        .page_number_field("PageNum")
        .total_items_field("TotalElements")
        .total_pages_field("TotalPages");
    let emu = start(config().scenario("DescribeRestoreTaskList", Scenario::paged(paging))).await;
    let client = sdk(&emu, 1);
    let tasks: Vec<_> = client
        .dbs()
        .describe_restore_task_list()
        .backup_plan_id("p")
        .into_paginator()
        .page_size(3)
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page");
    let ids: Vec<String> = tasks
        .into_iter()
        .filter_map(|t| t.restore_task_id)
        .collect();
    let want: Vec<String> = (1..=7).map(|n| format!("s1XXXXXX-{n}")).collect();
    assert_eq!(ids, want);
    assert_eq!(
        sent(&emu, "DescribeRestoreTaskList", "PageNum"),
        ["0", "1", "2"]
    );
    assert_eq!(
        sent(&emu, "DescribeRestoreTaskList", "PageSize"),
        ["3", "3", "3"]
    );
}

#[tokio::test]
async fn dts_precheck_items_page_from_one() {
    let paging = Paging::new("JobProgress", 5, "PageNo", "PageSize")
        .id_field("Id")
        .total_items_field("TotalRecordCount");
    let emu = start(config().scenario("DescribePreCheckStatus", Scenario::paged(paging))).await;
    let client = sdk(&emu, 1);
    let pages: Vec<dts::DescribePreCheckStatusOutput> = client
        .dts()
        .describe_pre_check_status()
        .dts_job_id("j")
        .job_code(dts::JobCode::Precheck)
        .struct_type("before")
        .into_paginator()
        .page_size(2)
        .send()
        .try_collect()
        .await
        .expect("every page");
    let sizes: Vec<usize> = pages
        .iter()
        .map(|p| p.job_progress.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert_eq!(
        sent(&emu, "DescribePreCheckStatus", "PageNo"),
        ["1", "2", "3"]
    );
}

#[tokio::test]
async fn a_listing_without_totals_ends_on_its_empty_page() {
    // DescribeDataCheckTableDiffDetails documents no total: only an empty page ends it.
    let paging = Paging::new("DiffDetails", 3, "PageNumber", "PageSize").first_page(1);
    let emu =
        start(config().scenario("DescribeDataCheckTableDiffDetails", Scenario::paged(paging)))
            .await;
    let client = sdk(&emu, 1);
    let details: Vec<_> = client
        .dts()
        .describe_data_check_table_diff_details()
        .dts_job_id("j")
        .db_name("db")
        .tb_name("t")
        .check_type(1)
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(details.len(), 3);
    assert_eq!(
        sent(&emu, "DescribeDataCheckTableDiffDetails", "PageNumber"),
        ["1", "2", "3"]
    );
}

#[tokio::test]
async fn token_pages_follow_next_token_until_it_is_empty() {
    let page = |keys: &[&str], next: &str| {
        let tags: Vec<_> = keys
            .iter()
            .map(|k| json!({"TagKey": k, "ResourceId": "r"}))
            .collect();
        Step::answer(json!({"NextToken": next, "TagResources": {"TagResource": tags}}))
    };
    let scenario = Scenario::steps(vec![
        page(&["a", "b"], "t1"),
        page(&["c"], "t2"),
        page(&["d"], ""),
    ]);
    let emu = start(config().scenario("dts:ListTagResources", scenario)).await;
    let client = sdk(&emu, 1);
    let tags: Vec<_> = client
        .dts()
        .list_tag_resources()
        .region_id("cn-hangzhou")
        .resource_type("ALIYUN::DTS::INSTANCE")
        .resource_id("r")
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page");
    let keys: Vec<String> = tags.into_iter().filter_map(|t| t.tag_key).collect();
    assert_eq!(keys, ["a", "b", "c", "d"]);
    assert_eq!(
        sent(&emu, "ListTagResources", "NextToken"),
        ["", "t1", "t2"]
    );
}

#[tokio::test]
async fn an_error_in_the_middle_ends_the_listing_with_it() {
    // Both totals are kept true: the example's own `TotalPages: 1` would end the listing after a page.
    let paging = Paging::new("Items.RestoreTaskDetail", 9, "PageNum", "PageSize")
        .total_items_field("TotalElements")
        .total_pages_field("TotalPages");
    let scenario = Scenario::steps(vec![
        Step::answer(json!({})),
        Step::error(403, "Request.Forbidden", "Have no Permissions"),
    ])
    .with_paging(paging);
    let emu = start(config().scenario("DescribeRestoreTaskList", scenario)).await;
    let client = sdk(&emu, 1);
    let mut pages = client
        .dbs()
        .describe_restore_task_list()
        .backup_plan_id("p")
        .into_paginator()
        .page_size(3)
        .send();
    assert!(pages.try_next().await.expect("first page").is_some());
    let e = pages.try_next().await.expect_err("the second page fails");
    assert_eq!(
        (e.kind(), e.code()),
        (ErrorKind::Service, Some("Request.Forbidden"))
    );
    assert!(pages.try_next().await.expect("ended").is_none());
}

#[tokio::test]
async fn dts_jobs_come_back_whole_from_the_specs_first_page() {
    // Issue 15: the metadata documents PageNumber's default as 0 while the paginator (and the page's
    // text) start at 1; the emulator took the default, so 45 jobs at 20 a page came back as 25.
    let paging = Paging::from_spec(45).id_field("DtsJobId");
    let emu = start(config().scenario("DescribeDtsJobs", Scenario::paged(paging))).await;
    let client = sdk(&emu, 1);
    let jobs: Vec<_> = client
        .dts()
        .describe_dts_jobs()
        .into_paginator()
        .page_size(20)
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page");
    let ids: Vec<String> = jobs.into_iter().filter_map(|j| j.dts_job_id).collect();
    let want: Vec<String> = (1..=45).map(|n| format!("i03e3zty16i****-{n}")).collect();
    assert_eq!(ids.first(), want.first(), "the first job first");
    assert_eq!(ids, want);
    assert_eq!(sent(&emu, "DescribeDtsJobs", "PageNumber"), ["1", "2", "3"]);
}

#[tokio::test]
async fn the_emulator_serves_token_pages_from_the_spec() {
    // ListTagResources pages by NextToken and has no page size: the scenario sets the default size.
    let paging = Paging::from_spec(5).id_field("TagKey").default_page_size(2);
    let emu = start(config().scenario("dts:ListTagResources", Scenario::paged(paging))).await;
    let client = sdk(&emu, 1);
    let list = || {
        client
            .dts()
            .list_tag_resources()
            .region_id("cn-hangzhou")
            .resource_type("ALIYUN::DTS::INSTANCE")
            .resource_id("r")
    };
    let tags: Vec<_> =
        (list().into_paginator().items().send().try_collect().await).expect("every page");
    let keys: Vec<String> = tags.into_iter().filter_map(|t| t.tag_key).collect();
    assert_eq!(
        keys,
        (1..=5).map(|n| format!("testkey1-{n}")).collect::<Vec<_>>()
    );
    assert_eq!(
        sent(&emu, "ListTagResources", "NextToken"),
        ["", "offset-2", "offset-4"]
    );
    let last = emu.exchanges().pop().and_then(|x| x.response_json());
    assert_eq!(last.map(|v| v["NextToken"].clone()), Some(json!("")));
    // A token the listing never gave is refused, as a service refuses one it cannot read.
    let e = (list()
        .next_token("212db86sca4384811e0b5e8707ec2****")
        .send()
        .await)
        .expect_err("refused");
    assert_eq!(
        (e.kind(), e.code(), e.http_status()),
        (ErrorKind::Service, Some("InvalidParameter"), Some(400))
    );
}

#[tokio::test]
async fn log_stores_page_by_item_offset_from_the_spec() {
    // ListLogStores pages by `offset` and `size` and answers `total` (all from the spec's paginator);
    // `count`, the items on the page, is echoed too.
    let paging = Paging::from_spec(7).page_items_field("count");
    let emu = start(config().scenario("sls:ListLogStores", Scenario::paged(paging))).await;
    let client = sdk(&emu, 1);
    let pages: Vec<acs_sdk::sls::ListLogStoresOutput> = client
        .sls()
        .list_log_stores()
        .project("my-project")
        .into_paginator()
        .page_size(3)
        .send()
        .try_collect()
        .await
        .expect("every page");
    let counts: Vec<(Option<i32>, Option<i32>)> =
        pages.iter().map(|p| (p.count, p.total)).collect();
    assert_eq!(
        counts,
        [(Some(3), Some(7)), (Some(3), Some(7)), (Some(1), Some(7))]
    );
    let stores: Vec<String> = pages
        .into_iter()
        .flat_map(|p| p.logstores.unwrap_or_default())
        .collect();
    // The example's one item, made distinct: every store once, in order.
    let want: Vec<String> = (1..=7).map(|n| format!("test-1,test-2-{n}")).collect();
    assert_eq!(stores, want);
    assert_eq!(sent(&emu, "ListLogStores", "offset"), ["0", "3", "6"]);
    assert_eq!(sent(&emu, "ListLogStores", "size"), ["3", "3", "3"]);

    // From an offset the input sets, any offset: the listing goes on from there to the total.
    let rest: Vec<String> = (client
        .sls()
        .list_log_stores()
        .project("my-project")
        .offset(5))
    .into_paginator()
    .page_size(4)
    .items()
    .send()
    .try_collect()
    .await
    .expect("the rest");
    assert_eq!(rest, ["test-1,test-2-6", "test-1,test-2-7"]);
    // A negative offset is refused, as the service refuses an offset it cannot read.
    let e = (client
        .sls()
        .list_log_stores()
        .project("my-project")
        .offset(-1))
    .send()
    .await
    .expect_err("refused");
    assert_eq!(e.http_status(), Some(400), "{e}");
}

#[tokio::test]
async fn paging_that_does_not_fit_its_operation_is_refused_up_front() {
    // DescribePreCheckProgressList declares no paginator, so a scenario naming no list cannot page it.
    let scenario = || Scenario::paged(Paging::from_spec(3));
    let e = config()
        .scenario("DescribePreCheckProgressList", scenario())
        .build()
        .expect_err("refused");
    let text = e.to_string();
    assert!(
        text.contains("DescribePreCheckProgressList") && text.contains("no paginator"),
        "{text}"
    );
    let emu = start(config()).await;
    let typo = Paging::new("DtsJobList", 3, "PageNo", "PageSize");
    let e = (emu.set_scenario("DescribeDtsJobs", Scenario::paged(typo))).expect_err("refused");
    assert!(
        e.to_string()
            .contains("`PageNo` is not a request parameter"),
        "{e}"
    );
}

/// The scenario file of the README's *File format* section, as printed there.
fn readme_scenarios() -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("the README");
    let section = readme.split("### File format").nth(1).expect("the section");
    let block = section.split("```yaml\n").nth(1).expect("its YAML");
    block.split("```").next().expect("closed").to_owned()
}

#[tokio::test]
async fn the_readmes_scenario_file_pages_by_token_from_the_spec() {
    let dir = std::env::temp_dir().join(format!("acs-emulator-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("scenarios.yaml");
    std::fs::write(&file, readme_scenarios()).expect("write");
    let emu = start(config().scenarios_file(&file)).await;
    let _ = std::fs::remove_dir_all(&dir);
    let client = sdk(&emu, 1);
    // `DescribeVulList: paging: { total: 45, id_field: Name }`: token paging, all of it from the spec.
    let vuls: Vec<_> = client
        .sas()
        .describe_vul_list()
        .r#type("cve")
        .into_paginator()
        .page_size(20)
        .items()
        .send()
        .try_collect()
        .await
        .expect("every page");
    let names: std::collections::BTreeSet<String> =
        vuls.iter().filter_map(|v| v.name.clone()).collect();
    assert_eq!((vuls.len(), names.len()), (45, 45));
    assert_eq!(
        sent(&emu, "DescribeVulList", "NextToken"),
        ["", "offset-20", "offset-40"]
    );
}
