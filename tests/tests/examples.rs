//! The documented example responses against the generated types: each decodes, re-encodes to the same
//! JSON (no field lost, numbers stay numbers, strings stay strings), and declares every key it uses.

use acs_runtime::codec::{self, View, Wire, from_json, to_json};
use acs_sdk::{dbs, dts, sas};
use acs_tests::{Example, json_difference, json_examples, operation, workspace_root};
use serde_json::Value;

/// Decodes a whole body as `T`.
fn decode<T: Wire>(body: &str) -> Result<T, acs_runtime::DecodeError> {
    from_json(body).map(|v| v.unwrap_or_else(|| panic!("the body is null")))
}

/// Decodes an example into its operation's output, found in the registry, and encodes it again.
fn re_encode(example: &Example) -> Value {
    let info = operation(&example.module, &example.action);
    let mut out = (info.new_output)();
    codec::decode_into(&example.body, &mut *out)
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", example.action));
    serde_json::from_str(&to_json(View::Shape(&*out))).expect("the encoding is JSON")
}

#[test]
fn every_example_round_trips_unchanged() {
    let mut seen = 0;
    for tree in ["specs", "tests/fixtures/specs"] {
        for example in json_examples(&workspace_root().join(tree)) {
            let original: Value = serde_json::from_str(&example.body).expect("example JSON");
            let again = re_encode(&example);
            if let Some(difference) = json_difference(&original, &again) {
                panic!(
                    "{}::{} ({}) changed in a round trip at {difference}",
                    example.module, example.action, example.title
                );
            }
            seen += 1;
        }
    }
    assert!(seen >= 6, "only {seen} examples");
}

#[test]
fn a_round_trip_difference_names_its_path() {
    let want: Value = serde_json::json!({"A": [{"B": 16}, {"C": "x"}], "D": 1});
    assert_eq!(
        json_difference(
            &want,
            &serde_json::json!({"A": [{"B": 16.0}, {"C": "x"}], "D": 1})
        ),
        None
    );
    assert_eq!(
        json_difference(
            &want,
            &serde_json::json!({"A": [{"B": 16}, {"C": "y"}], "D": 1})
        )
        .as_deref(),
        Some(r#"$.A[1].C: want "x", got "y""#)
    );
    assert_eq!(
        json_difference(&want, &serde_json::json!({"A": [{"B": 16}], "D": 1})).as_deref(),
        Some("$.A: 1 items, want 2")
    );
    assert_eq!(
        json_difference(&want, &serde_json::json!({"A": [{"B": 16}, {"C": "x"}]})).as_deref(),
        Some("$.D: missing (want 1)")
    );
    assert_eq!(
        json_difference(
            &want,
            &serde_json::json!({"A": [{"B": 16}, {"C": "x"}], "D": 1, "E": 2})
        )
        .as_deref(),
        Some("$.E: unexpected (got 2)")
    );
}

#[test]
fn typed_values_come_out_of_the_examples() {
    let root = workspace_root().join("specs");
    let examples = json_examples(&root);
    let body = |action: &str| {
        examples
            .iter()
            .find(|e| e.action == action)
            .map(|e| e.body.clone())
            .expect("example")
    };

    let dbs_out: dbs::DescribePreCheckProgressListOutput =
        decode(&body("DescribePreCheckProgressList")).expect("DBS");
    assert_eq!(dbs_out.status, Some(dbs::PreCheckStatus::Finish));
    let detail = &dbs_out
        .items
        .as_ref()
        .and_then(|i| i.pre_check_progress_detail.as_ref())
        .expect("items")[0];
    assert_eq!(
        detail.finish_time.as_ref().and_then(|t| t.unix_millis()),
        Some(1_704_351_396_000)
    );
    assert_eq!(detail.order_num.as_deref(), Some("30"));

    let restore: dbs::DescribeRestoreTaskListOutput =
        decode(&body("DescribeRestoreTaskList")).expect("DBS restore");
    let task = &restore
        .items
        .as_ref()
        .and_then(|i| i.restore_task_detail.as_ref())
        .expect("items")[0];
    assert_eq!(task.backup_gateway_id, Some(324_234_332));
    let objects = task.restore_objects.as_ref().expect("RestoreObjects");
    assert_eq!(
        objects.raw(),
        r#"[ { \"DBName\":\"test\" } ]"#,
        "the raw text is kept"
    );
    assert!(
        objects.parse().is_err(),
        "the page's example is not valid JSON; parse() says so instead of panicking"
    );

    let dts_out: dts::DescribePreCheckStatusOutput =
        decode(&body("DescribePreCheckStatus")).expect("DTS");
    assert_eq!(dts_out.code, Some(dts::JobCode::Precheck));
    let progress = &dts_out.job_progress.as_ref().expect("JobProgress")[0];
    assert_eq!(progress.order_num, Some(10));
    assert_eq!(
        progress.boot_time.as_ref().and_then(|t| t.unix_millis()),
        Some(1_647_417_691_000)
    );
    assert_eq!(
        progress
            .sub
            .as_ref()
            .map(|s| s.parse().map(|v| v.len()).ok()),
        Some(Some(0))
    );

    let sas_out: sas::QueryPreCheckDatabaseOutput =
        decode(&body("QueryPreCheckDatabase")).expect("SAS");
    assert_eq!(
        sas_out
            .completed_time
            .as_ref()
            .and_then(|t| t.unix_millis()),
        Some(1_657_524_396_000)
    );
    let results = sas_out
        .result
        .as_ref()
        .expect("Result")
        .parse()
        .expect("SAS Result carries valid JSON");
    assert_eq!(results[0].source_type.as_deref(), Some("MSSQL"));
    assert_eq!(results[0].results.as_ref().map(Vec::len), Some(4));
}

#[test]
fn numbers_and_strings_arrive_either_way() {
    // The service contradicts its pages: DBS sends OrderNum as "30", DTS as 10. Both decode.
    let body = r#"{"JobProgress":[{"OrderNum":"10","DelaySeconds":"0","Id":5632,"CanSkip":"true","FinishTime":"2022-03-16T08:01:34.000+00:00"}],"TotalRecordCount":"100"}"#;
    let out: dts::DescribePreCheckStatusOutput = decode(body).expect("lenient decode");
    let p = &out.job_progress.as_ref().expect("list")[0];
    assert_eq!(p.order_num, Some(10));
    assert_eq!(p.id.as_deref(), Some("5632"));
    assert_eq!(p.can_skip, Some(true));
    assert_eq!(out.total_record_count, Some(100));

    let unknown = r#"{"State":"Paused","Code":"09"}"#;
    let out: dts::DescribePreCheckStatusOutput = decode(unknown).expect("unknown enum values");
    assert_eq!(out.code, Some(dts::JobCode::Unknown("09".to_owned())));
    let again: Value = serde_json::from_str(&to_json(out.view())).expect("encode");
    assert_eq!(
        again,
        serde_json::json!({"State": "Paused", "Code": "09"}),
        "unknown values round-trip"
    );
}

#[test]
fn restore_objects_keep_every_member_the_official_form_has() {
    // The form CreateRestoreTask takes and DescribeRestoreTaskList echoes: new names and table lists too.
    let objects = r#"[{"DBName":"shop","NewDBName":"shop_copy","TableIncludes":[{"TableName":"orders","NewTableName":"orders_copy"}]}]"#;
    let body = serde_json::json!({
        "Items": {"RestoreTaskDetail": [{"RestoreTaskId": "s1", "RestoreObjects": objects}]}
    })
    .to_string();
    let out: dbs::DescribeRestoreTaskListOutput = decode(&body).expect("decodes");
    let task = &out
        .items
        .expect("items")
        .restore_task_detail
        .expect("tasks")[0];
    let parsed = task
        .restore_objects
        .as_ref()
        .expect("restore objects")
        .parse()
        .expect("the JSON inside parses");
    assert_eq!(parsed[0].db_name.as_deref(), Some("shop"));
    assert_eq!(parsed[0].new_db_name.as_deref(), Some("shop_copy"));
    let table = &parsed[0].table_includes.as_ref().expect("tables")[0];
    assert_eq!(table.table_name.as_deref(), Some("orders"));
    assert_eq!(table.new_table_name.as_deref(), Some("orders_copy"));
    // Nothing is lost on the way back.
    let again: Value = serde_json::from_str(&to_json(parsed.view())).expect("JSON");
    let want: Value = serde_json::from_str(objects).expect("JSON");
    assert_eq!(again, want);
}
