//! `--output` and `--query` against the emulator: JSON Lines, tables (aligned columns under a header,
//! the list operation's items as rows), aliyun's `cols=… rows=…`, and a JMESPath query applied before
//! any of them, on one answer and on every item of `--all-pages`. A bad format or query is refused
//! with status 2 before anything is sent.

mod support;

use acs_emulator::{Paging, Scenario};
use serde_json::{Value, json};

use support::*;

/// `acs dbs describe-restore-task-list` against `emu`, whose answer lists 7 tasks 3 per page.
fn restore_tasks(emu: &acs_emulator::Running) -> Acs {
    Acs::new(&["dbs", "describe-restore-task-list", "--backup-plan-id", "p"])
        .arg("--page-size")
        .arg("3")
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
}

async fn paged() -> acs_emulator::Running {
    let paging = Paging::new("Items.RestoreTaskDetail", 7, "PageNum", "PageSize")
        .id_field("RestoreTaskId")
        .page_number_field("PageNum")
        .total_items_field("TotalElements")
        .total_pages_field("TotalPages");
    start(config().scenario("DescribeRestoreTaskList", Scenario::paged(paging))).await
}

fn ids(n: std::ops::RangeInclusive<u32>) -> Vec<String> {
    n.map(|i| format!("s1XXXXXX-{i}")).collect()
}

#[tokio::test]
async fn jsonl_prints_one_value_per_line() {
    let emu = paged().await;
    let run = restore_tasks(&emu).arg("--output").arg("jsonl").run().await;
    run.assert_code(0);
    let answer = run.json();
    assert_eq!(answer["TotalElements"], json!(7));
    // With --all-pages, one item per line.
    let run = restore_tasks(&emu)
        .arg("--all-pages")
        .arg("--output")
        .arg("jsonl")
        .run()
        .await;
    run.assert_code(0);
    let got: Vec<String> = run
        .stdout
        .lines()
        .map(|l| {
            let item: Value = serde_json::from_str(l).expect("a JSON line");
            item["RestoreTaskId"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(got, ids(1..=7));
}

#[tokio::test]
async fn a_table_has_a_header_and_a_row_per_item_in_aligned_columns() {
    let emu = paged().await;
    let run = restore_tasks(&emu).arg("--output").arg("table").run().await;
    run.assert_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        4,
        "header and the first page's 3 items: {run:#?}"
    );
    // The members in the answer's order, aligned.
    assert!(
        lines[0].starts_with("RestoreStatus  FullStruAfterRestoreProgress  "),
        "{}",
        lines[0]
    );
    let column = lines[0].find("RestoreTaskId").expect("a column");
    for (line, id) in lines[1..].iter().zip(ids(1..=3)) {
        assert_eq!(&line[column..column + id.len()], id, "{line}");
        assert!(line.starts_with("running "), "{line}");
    }
    // Every page: the rows of all items.
    let run = restore_tasks(&emu)
        .arg("--all-pages")
        .arg("--output")
        .arg("table")
        .run()
        .await;
    run.assert_code(0);
    assert_eq!(run.stdout.lines().count(), 8, "{run:#?}");
}

#[tokio::test]
async fn aliyun_cols_and_rows_pick_the_columns() {
    let emu = paged().await;
    let run = restore_tasks(&emu)
        .arg("--output")
        .arg("cols=RestoreTaskId,RestoreStatus,RestoreTime")
        .arg("rows=Items.RestoreTaskDetail[]")
        .run()
        .await;
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "RestoreTaskId  RestoreStatus  RestoreTime\n\
         s1XXXXXX-1     running        1554560477000\n\
         s1XXXXXX-2     running        1554560477000\n\
         s1XXXXXX-3     running        1554560477000\n"
    );
    // One word works too, and rows default to the operation's list.
    let run = restore_tasks(&emu)
        .arg("--output")
        .arg("cols=RestoreTaskId")
        .run()
        .await;
    run.assert_code(0);
    assert_eq!(run.stdout.lines().nth(1), Some("s1XXXXXX-1"));
}

#[tokio::test]
async fn query_selects_from_the_answer_and_from_each_item() {
    let emu = paged().await;
    let run = restore_tasks(&emu)
        .arg("--query")
        .arg("Items.RestoreTaskDetail[].RestoreTaskId")
        .run()
        .await;
    run.assert_code(0);
    assert_eq!(run.json(), json!(ids(1..=3)));
    let run = restore_tasks(&emu)
        .arg("--all-pages")
        .arg("--query")
        .arg("RestoreTaskId")
        .run()
        .await;
    run.assert_code(0);
    assert_eq!(run.json(), json!(ids(1..=7)));
    // A query then a table: the rows are what the query gives.
    let run = restore_tasks(&emu)
        .arg("--query")
        .arg("Items.RestoreTaskDetail[].{Id: RestoreTaskId, Status: RestoreStatus}")
        .arg("--output")
        .arg("table")
        .run()
        .await;
    run.assert_code(0);
    assert_eq!(run.stdout.lines().next(), Some("Id          Status"));
    // `acs call` takes them too, dry runs included.
    let run = Acs::new(&["call", "dbs", "DescribeRestoreTaskList", "--dry-run"])
        .arg("--input")
        .arg(r#"{"BackupPlanId": "p"}"#)
        .arg("--region")
        .arg("cn-hangzhou")
        .arg("--query")
        .arg("method")
        .run()
        .await;
    run.assert_code(0);
    assert_eq!(run.json(), json!("POST"));
}

#[tokio::test]
async fn a_bad_query_or_format_is_2_and_sends_nothing() {
    let emu = paged().await;
    let cases: [(&[&str], &[&str]); 4] = [
        (
            &["--query", "Items.["],
            &["--query `Items.[`: not a JMESPath expression"],
        ),
        (
            &["--output", "yaml"],
            &["--output `yaml`: expected json, jsonl, table"],
        ),
        (&["--output", "cols=A[", "rows=X"], &["--output cols `A[`"]),
        (
            &["--output", "jsonl", "rows=X"],
            &["--output jsonl takes no cols= or rows="],
        ),
    ];
    for (args, parts) in cases {
        let mut acs = restore_tasks(&emu);
        for a in args {
            acs = acs.arg(*a);
        }
        acs.run().await.assert_failure(2, parts);
    }
    // A query that does not fit the answer is the command's fault too.
    let run = restore_tasks(&emu)
        .arg("--query")
        .arg("abs(RequestId)")
        .run()
        .await;
    run.assert_failure(2, &["JMESPath `abs(RequestId)`"]);
    assert_eq!(
        emu.exchanges().len(),
        1,
        "only the call whose answer the query did not fit"
    );
}
