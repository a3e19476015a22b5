//! Routing by action and version, and validation from the spec: each refusal with the service's code and
//! status, and the default answer (the documented example with a fresh RequestId).

mod support;

use acs_runtime::sign;
use support::*;

const DBS: &str = "2019-03-06";

#[tokio::test]
async fn unknown_action_or_version() {
    let emu = start(config()).await;
    Acs3::new("DescribeNothing", DBS, &[])
        .send(&emu)
        .await
        .assert_error(404, "InvalidAction.NotFound");
    Acs3::new(
        "DescribeRestoreTaskList",
        "2000-01-01",
        &[("BackupPlanId", "p")],
    )
    .send(&emu)
    .await
    .assert_error(400, "InvalidVersion");
    let p = v1_params("GET", "DescribeNothing", DBS, &[], SECRET, &[]);
    let url = format!("{}/?{}", emu.url(), sign::canonical_query(&p));
    send("GET", &url, &[], Vec::new())
        .await
        .assert_error(404, "InvalidAction.NotFound");
}

#[tokio::test]
async fn missing_required_parameter() {
    let emu = start(config()).await;
    let a = Acs3::new(
        "DescribePreCheckStatus",
        "2020-01-01",
        &[("JobCode", "01"), ("StructType", "before")],
    )
    .send(&emu)
    .await;
    a.assert_error(400, "MissingParameter");
    assert!(
        a.json["Message"]
            .as_str()
            .unwrap_or("")
            .contains("\"DtsJobId\"")
    );
}

#[tokio::test]
async fn values_outside_their_type_enum_or_range() {
    let emu = start(config()).await;
    let base = [
        ("DtsJobId", "j"),
        ("JobCode", "01"),
        ("StructType", "before"),
    ];
    for (name, value) in [
        ("JobCode", "99"),
        ("StructType", "sideways"),
        ("PageNo", "0"),
        ("PageNo", "abc"),
        ("PageSize", "1.5"),
        ("PageNo", "99999999999"),
    ] {
        let mut params: Vec<(&str, &str)> =
            base.iter().copied().filter(|(k, _)| *k != name).collect();
        params.push((name, value));
        let a = Acs3::new("DescribePreCheckStatus", "2020-01-01", &params)
            .send(&emu)
            .await;
        a.assert_error(400, "InvalidParameter");
        assert!(
            a.json["Message"].as_str().unwrap_or("").contains(name),
            "{:#}",
            a.json
        );
    }
    // DBS: PageSize is 1..=100, and the items of a comma-separated list are checked too.
    Acs3::new(
        "DescribeRestoreTaskList",
        DBS,
        &[("BackupPlanId", "p"), ("PageSize", "101")],
    )
    .send(&emu)
    .await
    .assert_error(400, "InvalidParameter");
    let ok = Acs3::new(
        "DescribeRestoreTaskList",
        DBS,
        &[("RestoreTaskId", "a,b"), ("PageSize", "100")],
    )
    .send(&emu)
    .await;
    assert_eq!(ok.status, 200, "{:#}", ok.json);
}

#[tokio::test]
async fn rules_between_parameters() {
    let emu = start(config()).await;
    let both = Acs3::new(
        "DescribeRestoreTaskList",
        DBS,
        &[("BackupPlanId", "p"), ("RestoreTaskId", "t")],
    )
    .send(&emu)
    .await;
    both.assert_error(400, "InvalidParameter");
    let message = both.json["Message"].as_str().unwrap_or("");
    assert!(
        message.contains("An error occurs if you specify both parameters."),
        "the spec's wording: {message}"
    );
    Acs3::new("DescribeRestoreTaskList", DBS, &[])
        .send(&emu)
        .await
        .assert_error(400, "MissingParameter");
    Acs3::new("DescribePreCheckProgressList", DBS, &[])
        .send(&emu)
        .await
        .assert_error(400, "MissingParameter");
    let one = Acs3::new(
        "DescribePreCheckProgressList",
        DBS,
        &[("RestoreTaskId", "t")],
    )
    .send(&emu)
    .await;
    assert_eq!(one.status, 200);
}

#[tokio::test]
async fn answers_are_the_example_with_a_fresh_request_id() {
    let emu = start(config()).await;
    let params = [("UniRegionId", "cn-hangzhou")];
    let a = Acs3::new("QueryPreCheckDatabase", "2018-12-03", &params)
        .send(&emu)
        .await;
    let b = Acs3::new("QueryPreCheckDatabase", "2018-12-03", &params)
        .send(&emu)
        .await;
    assert_eq!((a.status, b.status), (200, 200));
    let id = |x: &Answer| x.json["RequestId"].as_str().unwrap_or("").to_owned();
    assert_ne!(id(&a), id(&b));
    assert_ne!(id(&a), "CE500770-42D3-442E-9DDD-156E0F9F****");
    assert_eq!(a.header("x-acs-request-id"), Some(id(&a).as_str()));
    let spec = std::fs::read_to_string(specs_dir().join("sas/QueryPreCheckDatabase.yaml")).unwrap();
    assert!(spec.contains("\"CompletedTime\": 1657524396"));
    assert_eq!(a.json["CompletedTime"], 1_657_524_396);
    assert_eq!(a.json["Description"], "completed");
    assert_eq!(a.json["Progress"], 100);
}
