//! The documented example responses against the generated types: each decodes, re-encodes to the same
//! JSON (no field lost, numbers stay numbers, strings stay strings), and declares every key it uses.

use acs_codegen::ir::{Crate, Product, Struct, Type};
use acs_runtime::codec::{Wire, from_json, to_json};
use acs_sdk::{dbs, dts, sas};
use acs_tests::{Example, json_examples, workspace_root};
use serde_json::Value;

/// Decodes `body` as `T` and encodes it again.
fn round_trip<T: Wire>(body: &str) -> Value {
    let typed: T = from_json(body)
        .unwrap_or_else(|e| panic!("does not decode: {e}"))
        .unwrap_or_else(|| panic!("the example is null"));
    serde_json::from_str(&to_json(typed.view())).unwrap_or_else(|e| panic!("does not encode: {e}"))
}

/// Decodes a whole body as `T`.
fn decode<T: Wire>(body: &str) -> Result<T, acs_runtime::DecodeError> {
    from_json(body).map(|v| v.unwrap_or_else(|| panic!("the body is null")))
}

/// The output type of each documented operation.
fn re_encode(example: &Example) -> Value {
    match example.action.as_str() {
        "DescribePreCheckProgressList" => {
            round_trip::<dbs::DescribePreCheckProgressListOutput>(&example.body)
        }
        "DescribeRestoreTaskList" => {
            round_trip::<dbs::DescribeRestoreTaskListOutput>(&example.body)
        }
        "DescribePreCheckStatus" => round_trip::<dts::DescribePreCheckStatusOutput>(&example.body),
        "QueryPreCheckDatabase" => round_trip::<sas::QueryPreCheckDatabaseOutput>(&example.body),
        other => {
            panic!("{other} has an example but no entry in this test's table: add its output type")
        }
    }
}

#[test]
fn every_example_round_trips_unchanged() {
    let examples = json_examples(&workspace_root().join("specs"));
    let actions: Vec<&str> = examples.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "DescribePreCheckProgressList",
        "DescribeRestoreTaskList",
        "DescribePreCheckStatus",
        "QueryPreCheckDatabase",
    ] {
        assert!(actions.contains(&action), "no JSON example for {action}");
    }
    for example in &examples {
        let original: Value = serde_json::from_str(&example.body).expect("example JSON");
        let again = re_encode(example);
        assert_eq!(
            again, original,
            "{} ({}) changed in a round trip",
            example.action, example.title
        );
    }
}

/// Every key of `value` that the spec does not declare, as JSON paths.
fn undeclared(value: &Value, ty: &Type, product: &Product, path: &str, out: &mut Vec<String>) {
    match (ty, value) {
        (Type::Struct(name), Value::Object(_)) => {
            match product.structs.iter().find(|s| &s.name == name) {
                Some(s) => undeclared_in(value, s, product, path, out),
                None => out.push(format!("{path}: shape {name} is missing")),
            }
        }
        (Type::List(inner), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                undeclared(item, inner, product, &format!("{path}[{i}]"), out);
            }
        }
        // A string that carries JSON: walk what it carries when it parses (the DBS page's own example
        // for RestoreObjects does not; its raw text is still kept).
        (Type::Json(inner), Value::String(text)) => {
            if let Ok(content) = serde_json::from_str::<Value>(text) {
                undeclared(&content, inner, product, &format!("{path}<json>"), out);
            }
        }
        _ => {}
    }
}

fn undeclared_in(value: &Value, s: &Struct, product: &Product, path: &str, out: &mut Vec<String>) {
    let Value::Object(map) = value else { return };
    for (key, child) in map {
        match s.fields.iter().find(|f| &f.wire_name == key) {
            Some(field) => undeclared(child, &field.ty, product, &format!("{path}.{key}"), out),
            None => out.push(format!("{path}.{key} (not a field of {})", s.name)),
        }
    }
}

fn find<'a>(krate: &'a Crate, example: &Example) -> (&'a Product, &'a Struct) {
    let product = krate
        .products
        .iter()
        .find(|p| p.module == example.module)
        .expect("product");
    let op = product
        .operations
        .iter()
        .find(|o| o.action == example.action)
        .expect("operation");
    (product, &op.output)
}

#[test]
fn every_key_of_every_example_is_declared() {
    let root = workspace_root().join("specs");
    let krate = acs_codegen::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let mut walked = 0;
    for example in json_examples(&root) {
        let (product, output) = find(&krate, &example);
        let value: Value = serde_json::from_str(&example.body).expect("example JSON");
        undeclared_in(&value, output, product, &example.action, &mut out);
        walked += 1;
    }
    assert!(walked >= 4);
    assert!(out.is_empty(), "undeclared keys:\n{}", out.join("\n"));
}

#[test]
fn the_walker_catches_an_undeclared_key() {
    let root = workspace_root().join("specs");
    let krate = acs_codegen::load(&root).unwrap_or_else(|e| panic!("{e}"));
    let example = json_examples(&root)
        .into_iter()
        .find(|e| e.action == "DescribePreCheckStatus")
        .expect("DTS example");
    let (product, output) = find(&krate, &example);
    let mut value: Value = serde_json::from_str(&example.body).expect("JSON");
    value["JobProgress"][0]["Logs"] = serde_json::json!([{ "LogLevel": "ERROR", "Surprise": 1 }]);
    value["JobProgress"][0]["Sub"] = Value::String(r#"[{"Item":"x","Extra":true}]"#.to_owned());
    let mut out = Vec::new();
    undeclared_in(&value, output, product, "DTS", &mut out);
    assert_eq!(
        out,
        [
            "DTS.JobProgress[0].Logs[0].Surprise (not a field of JobLog)",
            "DTS.JobProgress[0].Sub<json>[0].Extra (not a field of ProgressInfo)"
        ]
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
