//! Paginators against a loopback server: page-number paging from 0 or 1, token paging, offset paging,
//! and every rule that ends a listing (empty page, total items, total pages, the offset reaching the
//! total, no token, a repeated token, the page guard), plus an error in the middle of a listing.

mod support;

use std::sync::Arc;

use acs_runtime::codec::boxed;
use acs_runtime::{
    CallConfig, ErrorKind, Method, Operation, OperationInfo, Paged, Paginator, Paging, TryStreamExt,
};
use support::ops::{DTS, client};
use support::{Recorded, Reply, TestServer};

/// Input of a list operation paged by number.
pub struct ByPage {
    page_number: Option<i32>,
    page_size: Option<i32>,
}
acs_runtime::shape!(
    ByPage,
    "PageNumber page_number\nPageSize page_size",
    [page_number, page_size]
);

/// Input of a list operation paged by token.
pub struct ByToken {
    next_token: Option<String>,
    max_results: Option<i32>,
}
acs_runtime::shape!(
    ByToken,
    "NextToken next_token\nMaxResults max_results",
    [next_token, max_results]
);

/// One listed item.
pub struct Job {
    id: Option<String>,
}
acs_runtime::shape!(Job, "Id id", [id]);

/// The wrapper Alibaba puts around lists (`Items: {Job: [...]}`).
pub struct Jobs {
    job: Option<Vec<Job>>,
}
acs_runtime::shape!(Jobs, "Job job", [job]);

/// A page.
pub struct Listing {
    total_count: Option<i64>,
    total_pages: Option<i32>,
    next_token: Option<String>,
    items: Option<Jobs>,
}
acs_runtime::shape!(
    Listing,
    "TotalCount total_count\nTotalPages total_pages\nNextToken next_token\nItems items",
    [total_count, total_pages, next_token, items]
);

impl Operation for ByPage {
    type Output = Listing;
    const INFO: &'static OperationInfo = &OperationInfo {
        action: "ListJobs",
        paging: Some(&BY_PAGE),
        ..PAGE_INFO
    };
}
const PAGE_INFO: OperationInfo = OperationInfo {
    service: &DTS,
    action: "",
    method: Method::Post,
    path: None,
    rules: &[],
    ram_action: None,
    deprecated: false,
    anonymous: false,
    new_input: &boxed::<ByPage>,
    new_output: &boxed::<Listing>,
    paging: None,
    waiters: &[],
};

impl Paged for ByPage {
    type Item = Job;
}

const BY_PAGE: Paging = Paging {
    page: Some("PageNumber"),
    first: 1,
    token: None,
    next: "",
    offset: None,
    size: Some("PageSize"),
    items: "Items.Job",
    total: "TotalCount",
    pages: "TotalPages",
};

impl Operation for ByToken {
    type Output = Listing;
    const INFO: &'static OperationInfo = &OperationInfo {
        action: "ListByToken",
        new_input: &boxed::<ByToken>,
        paging: Some(&BY_TOKEN),
        ..PAGE_INFO
    };
}

impl Paged for ByToken {
    type Item = Job;
}

const BY_TOKEN: Paging = Paging {
    page: None,
    first: 1,
    token: Some("NextToken"),
    next: "NextToken",
    offset: None,
    size: Some("MaxResults"),
    items: "Items.Job",
    total: "",
    pages: "",
};

/// A page body with the ids `ids` and whatever else `extra` adds (JSON members, comma-led).
fn page(ids: &[&str], extra: &str) -> Reply {
    let jobs: Vec<String> = ids.iter().map(|i| format!(r#"{{"Id":"{i}"}}"#)).collect();
    Reply::json(
        200,
        &format!(
            r#"{{"RequestId":"r","Items":{{"Job":[{}]}}{extra}}}"#,
            jobs.join(",")
        ),
    )
}

/// `n` jobs of a listing of `total`, numbered from `start`.
fn ids(start: usize, n: usize) -> Vec<String> {
    (start..start + n).map(|i| format!("j{i}")).collect()
}

fn params(server: &TestServer, name: &str) -> Vec<Option<String>> {
    server.requests().iter().map(|r| r.param(name)).collect()
}

async fn ids_of(stream: acs_runtime::PageStream<Job>) -> Vec<String> {
    let jobs: Vec<Job> = stream.try_collect().await.expect("every page");
    jobs.into_iter().filter_map(|j| j.id).collect()
}

/// A server with `total` items, answering page `PageNumber` (numbered from `first`) of `PageSize`.
fn numbered(
    total: usize,
    first: usize,
    totals: &'static str,
) -> Arc<dyn Fn(&Recorded) -> Reply + Send + Sync> {
    Arc::new(move |r: &Recorded| {
        let n: usize = r
            .param("PageNumber")
            .and_then(|p| p.parse().ok())
            .unwrap_or(first);
        let size: usize = r
            .param("PageSize")
            .and_then(|p| p.parse().ok())
            .unwrap_or(10);
        let start = (n - first) * size;
        let list = ids(start, size.min(total.saturating_sub(start)));
        let list: Vec<&str> = list.iter().map(String::as_str).collect();
        let extra = match totals {
            "items" => format!(r#","TotalCount":{total}"#),
            "pages" => format!(r#","TotalPages":"{}""#, total.div_ceil(size)),
            _ => String::new(),
        };
        page(&list, &extra)
    })
}

#[tokio::test]
async fn pages_by_number_stop_at_the_total_count() {
    let server = TestServer::with_responder(numbered(5, 1, "items")).await;
    let pager = Paginator::new(
        client(&server.url),
        ByPage::default(),
        CallConfig::default(),
    );
    let got = ids_of(pager.page_size(2).items().send()).await;
    assert_eq!(got, ids(0, 5));
    let pages: Vec<Option<String>> = ["1", "2", "3"].map(|p| Some(p.to_owned())).into();
    assert_eq!(
        params(&server, "PageNumber"),
        pages,
        "no fourth page is asked for"
    );
    assert!(
        params(&server, "PageSize")
            .iter()
            .all(|s| s.as_deref() == Some("2"))
    );
}

#[tokio::test]
async fn pages_stop_at_the_total_pages_even_as_text() {
    let server = TestServer::with_responder(numbered(7, 1, "pages")).await;
    let pager = Paginator::new(
        client(&server.url),
        ByPage::default(),
        CallConfig::default(),
    );
    let pages: Vec<Listing> = pager
        .page_size(3)
        .send()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 3);
    assert_eq!(params(&server, "PageNumber").len(), 3);
}

#[tokio::test]
async fn without_totals_an_empty_page_ends_the_listing_and_a_set_page_is_the_start() {
    let server = TestServer::with_responder(numbered(4, 1, "")).await;
    let input = ByPage {
        page_number: Some(2),
        ..ByPage::default()
    };
    let pager = Paginator::new(client(&server.url), input, CallConfig::default()).page_size(2);
    let got = ids_of(pager.items().send()).await;
    assert_eq!(got, ids(2, 2), "from the page the input names");
    let asked: Vec<Option<String>> = ["2", "3"].map(|p| Some(p.to_owned())).into();
    assert_eq!(params(&server, "PageNumber"), asked, "page 3 was empty");
}

#[tokio::test]
async fn tokens_are_followed_until_none_is_given() {
    let server = TestServer::start(vec![
        page(&["a1", "a2"], r#","NextToken":"t1""#),
        page(&["b1"], r#","NextToken":"t2""#),
        page(&["c1"], r#","NextToken":"""#),
    ])
    .await;
    let pager = Paginator::new(
        client(&server.url),
        ByToken::default(),
        CallConfig::default(),
    );
    let got = ids_of(pager.page_size(2).items().send()).await;
    assert_eq!(got, ["a1", "a2", "b1", "c1"]);
    assert_eq!(
        params(&server, "NextToken"),
        [None, Some("t1".to_owned()), Some("t2".to_owned())]
    );
    assert!(
        params(&server, "MaxResults")
            .iter()
            .all(|s| s.as_deref() == Some("2"))
    );
}

#[tokio::test]
async fn a_repeated_token_ends_the_listing() {
    let server = TestServer::with_responder(Arc::new(|_: &Recorded| {
        page(&["x"], r#","NextToken":"same""#)
    }))
    .await;
    let pager = Paginator::new(
        client(&server.url),
        ByToken::default(),
        CallConfig::default(),
    );
    let pages: Vec<Listing> = pager.send().try_collect().await.expect("pages");
    assert_eq!(pages.len(), 2, "the token `same` is sent once");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_server_that_never_ends_meets_the_page_guard() {
    let server = TestServer::with_responder(Arc::new(|_: &Recorded| page(&["x"], ""))).await;
    let pager = Paginator::new(
        client(&server.url),
        ByPage::default(),
        CallConfig::default(),
    );
    let mut pages = pager.max_pages(3).send();
    for _ in 0..3 {
        assert!(pages.try_next().await.expect("a page").is_some());
    }
    let e = pages.try_next().await.expect_err("the guard");
    assert_eq!(e.kind(), ErrorKind::Pagination, "{e}");
    assert!(e.to_string().contains("3 pages"), "{e}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_pages_before_it() {
    let server = TestServer::start(vec![
        page(&["a"], r#","TotalCount":5"#),
        Reply::json(
            400,
            r#"{"Code":"InvalidParameter","Message":"bad page","RequestId":"r2"}"#,
        ),
    ])
    .await;
    let pager = Paginator::new(
        client(&server.url),
        ByPage::default(),
        CallConfig::default(),
    );
    let mut items = pager.items().send();
    let first = items.try_next().await.expect("first item").expect("some");
    assert_eq!(first.id.as_deref(), Some("a"));
    let e = items.try_next().await.expect_err("the error");
    assert_eq!(e.code(), Some("InvalidParameter"));
    assert!(items.try_next().await.expect("ended").is_none());
}

/// Input of a list operation whose page number is documented up to 2 (DTS documents `PageNumber` up to
/// 1000 on some list operations).
pub struct CappedPage {
    page_number: Option<i32>,
    page_size: Option<i32>,
}
acs_runtime::shape!(
    CappedPage,
    "PageNumber page_number max=2\nPageSize page_size",
    [page_number, page_size]
);

impl Operation for CappedPage {
    type Output = Listing;
    const INFO: &'static OperationInfo = &OperationInfo {
        action: "ListCapped",
        new_input: &boxed::<CappedPage>,
        paging: Some(&BY_PAGE),
        ..PAGE_INFO
    };
}

impl Paged for CappedPage {
    type Item = Job;
}

#[tokio::test]
async fn a_listing_past_the_largest_page_number_is_a_paging_error() {
    let server = TestServer::with_responder(numbered(9, 1, "items")).await;
    let pager = Paginator::new(
        client(&server.url),
        CappedPage::default(),
        CallConfig::default(),
    );
    let mut items = pager.page_size(2).items().send();
    for want in ids(0, 4) {
        let job = items.try_next().await.expect("an item").expect("some");
        assert_eq!(job.id.as_deref(), Some(want.as_str()));
    }
    let e = items
        .try_next()
        .await
        .expect_err("page 3 cannot be asked for");
    assert_eq!(e.kind(), ErrorKind::Pagination, "{e}");
    assert!(
        e.to_string()
            .contains("past page 2, the largest `PageNumber`"),
        "{e}"
    );
    assert_eq!(server.requests().len(), 2, "nothing invalid was sent");
}

/// Input of a list operation paged by item offset (Log Service's `offset` and `size`, the offset typed as
/// text as some of its operations type it).
pub struct ByOffset {
    offset: Option<String>,
    size: Option<i32>,
}
acs_runtime::shape!(ByOffset, "offset offset\nsize size", [offset, size]);

impl Operation for ByOffset {
    type Output = Listing;
    const INFO: &'static OperationInfo = &OperationInfo {
        action: "ListByOffset",
        new_input: &boxed::<ByOffset>,
        paging: Some(&BY_OFFSET),
        ..PAGE_INFO
    };
}

impl Paged for ByOffset {
    type Item = Job;
}

const BY_OFFSET: Paging = Paging {
    page: None,
    first: 1,
    token: None,
    next: "",
    offset: Some("offset"),
    size: Some("size"),
    items: "Items.Job",
    total: "TotalCount",
    pages: "",
};

/// A server with `total` items answering `offset` and `size`, at most `cap` items a page whatever the
/// size asked, with the total when `totals`.
fn offsets(
    total: usize,
    cap: usize,
    totals: bool,
) -> Arc<dyn Fn(&Recorded) -> Reply + Send + Sync> {
    Arc::new(move |r: &Recorded| {
        let start: usize = r.param("offset").and_then(|p| p.parse().ok()).unwrap_or(0);
        let size: usize = r.param("size").and_then(|p| p.parse().ok()).unwrap_or(10);
        let list = ids(start, size.min(cap).min(total.saturating_sub(start)));
        let list: Vec<&str> = list.iter().map(String::as_str).collect();
        let extra = if totals {
            format!(r#","TotalCount":{total}"#)
        } else {
            String::new()
        };
        page(&list, &extra)
    })
}

#[tokio::test]
async fn offsets_advance_by_the_items_received_and_stop_at_the_total() {
    let server = TestServer::with_responder(offsets(5, usize::MAX, true)).await;
    let pager = Paginator::new(
        client(&server.url),
        ByOffset::default(),
        CallConfig::default(),
    );
    let got = ids_of(pager.page_size(2).items().send()).await;
    assert_eq!(got, ids(0, 5));
    let asked: Vec<Option<String>> = ["0", "2", "4"].map(|p| Some(p.to_owned())).into();
    assert_eq!(
        params(&server, "offset"),
        asked,
        "the offset reached the total after the third page: no fourth is asked for"
    );
    assert!(
        params(&server, "size")
            .iter()
            .all(|s| s.as_deref() == Some("2"))
    );

    // A server that gives fewer items than asked: the next offset counts what came, not the size.
    let server = TestServer::with_responder(offsets(5, 2, true)).await;
    let pager = Paginator::new(
        client(&server.url),
        ByOffset::default(),
        CallConfig::default(),
    );
    let got = ids_of(pager.page_size(3).items().send()).await;
    assert_eq!(got, ids(0, 5), "nothing skipped");
    let asked: Vec<Option<String>> = ["0", "2", "4"].map(|p| Some(p.to_owned())).into();
    assert_eq!(params(&server, "offset"), asked);
}

#[tokio::test]
async fn offsets_start_where_the_input_says_and_without_a_total_end_on_an_empty_page() {
    let server = TestServer::with_responder(offsets(7, usize::MAX, false)).await;
    let input = ByOffset {
        offset: Some("3".to_owned()),
        ..ByOffset::default()
    };
    let pager = Paginator::new(client(&server.url), input, CallConfig::default()).page_size(2);
    let got = ids_of(pager.items().send()).await;
    assert_eq!(got, ids(3, 4), "from the offset the input names");
    let asked: Vec<Option<String>> = ["3", "5", "7"].map(|p| Some(p.to_owned())).into();
    assert_eq!(
        params(&server, "offset"),
        asked,
        "the page at 7 was empty and ended it"
    );

    // With a total, a listing started past 0 ends when the offset reaches it, not after `total` items.
    let server = TestServer::with_responder(offsets(7, usize::MAX, true)).await;
    let input = ByOffset {
        offset: Some("3".to_owned()),
        ..ByOffset::default()
    };
    let pager = Paginator::new(client(&server.url), input, CallConfig::default()).page_size(2);
    let got = ids_of(pager.items().send()).await;
    assert_eq!(got, ids(3, 4));
    let asked: Vec<Option<String>> = ["3", "5"].map(|p| Some(p.to_owned())).into();
    assert_eq!(params(&server, "offset"), asked, "offset 7 is the total");
}
