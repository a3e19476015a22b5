//! `--all-pages` streams: items are written as each page arrives (shown here by items that appear while
//! the emulator still holds back the last page), so memory holds one page; a listing that fails part way
//! (a refused page, or more pages than `--max-pages`) exits 1 with the error on standard error after the
//! items already written. Log Service's listings page by item offset.

mod support;

use std::process::Stdio;
use std::time::Duration;

use acs_emulator::{Paging, Scenario, Step};
use serde_json::json;
use tokio::io::AsyncReadExt;
use tokio::process::Command;

use support::*;

/// 9 tasks, 3 per page; the answers follow `steps` (one per page).
async fn listing(steps: Vec<Step>) -> acs_emulator::Running {
    let paging = Paging::new("Items.RestoreTaskDetail", 9, "PageNum", "PageSize")
        .id_field("RestoreTaskId")
        .page_number_field("PageNum")
        .total_items_field("TotalElements")
        .total_pages_field("TotalPages");
    let scenario = Scenario::steps(steps).with_paging(paging);
    start(config().scenario("DescribeRestoreTaskList", scenario)).await
}

fn all_pages(emu: &acs_emulator::Running) -> Acs {
    Acs::new(&["dbs", "describe-restore-task-list", "--backup-plan-id", "p"])
        .arg("--page-size")
        .arg("3")
        .arg("--all-pages")
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
}

/// Starts `acs` with `output` and reads its standard output until six items were written, then says
/// whether it was still running, waiting for the held-back third page; then reads the rest.
async fn items_before_the_end(emu: &acs_emulator::Running, output: &str) -> (bool, String) {
    let mut child = Command::new(BIN)
        .args(["dbs", "describe-restore-task-list", "--backup-plan-id", "p"])
        .args(["--page-size", "3", "--all-pages", "--output", output])
        .arg("--endpoint")
        .arg(emu.url())
        .env_clear()
        .env("HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn acs");
    let mut stdout = child.stdout.take().expect("piped");
    let mut seen = Vec::new();
    let mut chunk = [0u8; 4096];
    let six = tokio::time::timeout(Duration::from_secs(30), async {
        while String::from_utf8_lossy(&seen)
            .matches("\"RestoreTaskId\"")
            .count()
            < 6
        {
            let n = stdout.read(&mut chunk).await.expect("read stdout");
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&chunk[..n]);
        }
    })
    .await;
    assert!(six.is_ok(), "six items in time");
    let running = child.try_wait().expect("try_wait").is_none();
    stdout.read_to_end(&mut seen).await.expect("read the rest");
    let status = tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .expect("acs ends")
        .expect("status");
    assert!(status.success(), "{status:?}");
    (running, String::from_utf8(seen).expect("UTF-8"))
}

#[tokio::test]
async fn items_are_written_while_later_pages_are_still_coming() {
    let slow_last = || {
        vec![
            Step::answer(json!({})),
            Step::answer(json!({})),
            Step::answer(json!({})).after(Duration::from_secs(4)),
        ]
    };
    let emu = listing(slow_last()).await;
    let (running, text) = items_before_the_end(&emu, "jsonl").await;
    assert!(
        running,
        "the first pages were written before the last one came:\n{text}"
    );
    assert_eq!(text.lines().count(), 9, "{text}");

    // The JSON array too, item by item.
    let emu = listing(slow_last()).await;
    let (running, text) = items_before_the_end(&emu, "json").await;
    assert!(running, "written before the end:\n{text}");
    let all: serde_json::Value = serde_json::from_str(&text).expect("one JSON array at the end");
    assert_eq!(all.as_array().map(Vec::len), Some(9));
}

#[tokio::test]
async fn a_page_refused_after_items_were_written_is_1_with_the_error() {
    let emu = listing(vec![
        Step::answer(json!({})),
        Step::error(400, "InvalidParameter", "The page is refused."),
    ])
    .await;
    let run = all_pages(&emu).run().await;
    run.assert_code(1);
    // The first page's items, in an array left open: no reader takes it for the whole listing.
    assert!(run.stdout.starts_with("[{"), "{run:#?}");
    assert_eq!(
        run.stdout.matches("\"RestoreTaskId\"").count(),
        3,
        "{run:#?}"
    );
    assert!(serde_json::from_str::<serde_json::Value>(&run.stdout).is_err());
    assert!(run.stderr.starts_with("acs: "), "{run:#?}");
    assert!(run.stderr.contains("InvalidParameter"), "{run:#?}");
    assert_eq!(run.stderr.lines().count(), 1, "{run:#?}");
}

#[tokio::test]
async fn a_listing_longer_than_max_pages_is_1_after_its_items() {
    let emu = listing(Vec::new()).await;
    let run = all_pages(&emu)
        .arg("--max-pages")
        .arg("2")
        .arg("--output")
        .arg("jsonl")
        .run()
        .await;
    run.assert_code(1);
    assert_eq!(
        run.stdout.lines().count(),
        6,
        "two pages of items: {run:#?}"
    );
    assert_eq!(
        run.stderr,
        "acs: DescribeRestoreTaskList: the listing did not end after 2 pages; the items so far were \
         printed; --max-pages raises the limit\n"
    );
    // Without --all-pages, --max-pages means nothing: refused.
    let run = Acs::new(&["dbs", "describe-restore-task-list", "--backup-plan-id", "p"])
        .arg("--max-pages")
        .arg("2")
        .run()
        .await;
    run.assert_code(2);
}

#[tokio::test]
async fn a_log_service_listing_pages_by_item_offset() {
    let paging = Paging::from_spec(7);
    let emu = start(config().scenario("sls:ListLogStores", Scenario::paged(paging))).await;
    let run = Acs::new(&["sls", "list-log-stores", "--project", "my-project"])
        .arg("--size")
        .arg("3")
        .arg("--all-pages")
        .arg("--output")
        .arg("jsonl")
        .arg("--endpoint")
        .arg(emu.url())
        .credentials(SECRET)
        .run()
        .await;
    run.assert_code(0);
    let want: Vec<String> = (1..=7).map(|n| format!("\"test-1,test-2-{n}\"")).collect();
    assert_eq!(run.stdout.lines().collect::<Vec<_>>(), want, "{run:#?}");
    let offsets: Vec<String> = (emu.exchanges().iter())
        .filter(|x| x.action.as_deref() == Some("ListLogStores"))
        .filter_map(|x| {
            x.params
                .iter()
                .find(|(k, _)| k == "offset")
                .map(|(_, v)| v.clone())
        })
        .collect();
    assert_eq!(offsets, ["0", "3", "6"]);
}
