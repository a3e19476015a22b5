//! `acs ram-policy <module> <Action>...`: the RAM policy document allowing exactly the named operations,
//! as indented JSON on standard output; 2 for an unknown action (with the closest one suggested). The
//! expected RAM actions are written out from the specs (`ram.action`, or the product's `ram_code`), not
//! read from the registry the binary uses. (An operation with no RAM action at all, possible only in a
//! hand-written product without `ram_code`, is refused with 1: a unit test of the module covers it.)

mod support;

use serde_json::{Value, json};

use support::*;

#[tokio::test]
async fn ram_policy_of_two_operations_is_one_allow_statement_with_their_sorted_ram_actions() {
    // Given out of order and once twice: the document is sorted and deduplicated.
    let run = Acs::new(&[
        "ram-policy",
        "dbs",
        "GetDBListFromAgent",
        "DescribeRestoreTaskList",
        "GetDBListFromAgent",
    ])
    .run()
    .await;
    run.assert_code(0);
    assert_eq!(run.stderr, "", "{run:#?}");
    assert!(
        run.stdout
            .starts_with("{\n  \"Version\": \"1\",\n  \"Statement\": [\n"),
        "indented by two, Version first: {run:#?}"
    );
    assert!(
        run.stdout.ends_with("}\n") && !run.stdout.ends_with("\n\n"),
        "{run:#?}"
    );
    let policy: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(policy["Version"], "1");
    let statements = policy["Statement"]
        .as_array()
        .expect("a list of statements");
    assert_eq!(statements.len(), 1, "{policy:#}");
    let statement = &statements[0];
    assert_eq!(statement["Effect"], "Allow");
    assert_eq!(
        statement["Action"],
        json!(["dbs:DescribeRestoreTaskList", "dbs:GetDBListFromAgent"])
    );
    assert_eq!(statement["Resource"], "*");
    assert_eq!(
        statement.as_object().map(|o| o.len()),
        Some(3),
        "{statement:#}"
    );
}

#[tokio::test]
async fn ram_policy_of_an_unknown_action_is_2_and_the_closest_is_suggested() {
    Acs::new(&[
        "ram-policy",
        "dbs",
        "DescribeRestoreTaskList",
        "DescribeRestorTaskLst",
    ])
    .run()
    .await
    .assert_failure(
        2,
        &[
            "`DescribeRestorTaskLst`",
            "did you mean `dbs DescribeRestoreTaskList`",
        ],
    );
    Acs::new(&["ram-policy", "dbx", "GetDBListFromAgent"])
        .run()
        .await
        .assert_failure(2, &["unknown module `dbx`", "`dbs GetDBListFromAgent`"]);
    // No action at all is clap's usage error.
    Acs::new(&["ram-policy", "dbs"]).run().await.assert_code(2);
}

#[tokio::test]
async fn ram_policy_of_products_without_ram_tables_uses_their_ram_code() {
    // DTS and SAS document no RAM table; their product files give the RAM code (`dts`, `yundun-sas`).
    let run = Acs::new(&[
        "ram-policy",
        "dts",
        "DescribePreCheckStatus",
        "DescribeDtsJobs",
    ])
    .run()
    .await;
    run.assert_code(0);
    let policy: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(
        policy["Statement"][0]["Action"],
        json!(["dts:DescribeDtsJobs", "dts:DescribePreCheckStatus"])
    );
    let run = Acs::new(&["ram-policy", "sas", "DescribeSuspEvents"])
        .run()
        .await;
    run.assert_code(0);
    let policy: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(
        policy["Statement"][0]["Action"],
        json!(["yundun-sas:DescribeSuspEvents"])
    );
}

#[tokio::test]
async fn ram_policy_help_explains_the_document_and_the_exit_status() {
    let run = Acs::new(&["ram-policy", "--help"]).run().await;
    run.assert_code(0);
    for part in [
        "<MODULE ACTION...|MODULE:ACTION>...",
        "Operations of several products go in one policy",
        "\"Effect\": \"Allow\"",
        "Exit status:",
    ] {
        assert!(run.stdout.contains(part), "{part:?} in {run:#?}");
    }
    let run = Acs::new(&["--help"]).run().await;
    assert!(run.stdout.contains("ram-policy"), "{run:#?}");
}
