//! `--all-pages`: every page of a list operation fetched with the runtime's `DynPaginator` (which knows
//! from `OperationInfo.paging` where the page number or token goes and when the listing ends), each
//! page's items written as soon as it arrives (see `emit::Items`), so memory holds one page however long
//! the listing: one JSON array for `jq '.[]'`, or one item per line with `--output jsonl`.
//!
//! A listing that fails part way (a call fails, or it goes on past `--max-pages`) exits 1 with the
//! error on standard error after the items already fetched.

use acs_runtime::codec::{self, Shape, View};
use acs_runtime::{
    CallConfig, DEFAULT_MAX_PAGES, DynPaginator, ErrorKind, OperationInfo, StreamExt,
};
use clap::Arg;

use crate::client::{self, Options};
use crate::emit::{Flow, Items};
use crate::failure::Failure;
use crate::format::Spec;

/// `--max-pages`, for list operations.
pub fn max_pages_arg() -> Arg {
    Arg::new("max-pages")
        .long("max-pages")
        .value_name("N")
        .value_parser(clap::value_parser!(u32).range(1..))
        .requires("all-pages")
        .help(format!(
            "With --all-pages: fail (exit 1) if the listing goes on past N pages [default: {DEFAULT_MAX_PAGES}]"
        ))
}

/// Fetches every page of `info` starting from `input` (at most `max_pages`) and writes their items as
/// `spec` says.
pub fn run(
    info: &'static OperationInfo,
    input: Box<dyn Shape>,
    options: &Options,
    spec: &Spec,
    max_pages: Option<u32>,
) -> Result<(), Failure> {
    let Some(paging) = info.paging else {
        return Err(Failure::Usage(format!(
            "{} has no paginator: --all-pages only works with list operations",
            info.action
        )));
    };
    let client = client::build(options, info)?;
    let runtime = client::runtime()?;
    let mut items = Items::new(spec);
    let max = max_pages.map_or(DEFAULT_MAX_PAGES, |n| {
        usize::try_from(n).unwrap_or(usize::MAX)
    });
    let result = runtime.block_on(async {
        let mut pages = DynPaginator::new(client, info, input, CallConfig::default())
            .max_pages(max)
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| failure(e, info.action, max))?;
            if let Some(View::List(list)) = view_at(&*page, paging.items) {
                for i in 0..list.count() {
                    if let Some(item) = list.item(i) {
                        items.push(&codec::to_json(item))?;
                    }
                }
            }
            // The page is dropped here, once written.
            if items.end_page()? == Flow::Stop {
                return Ok(false);
            }
        }
        Ok::<bool, Failure>(true)
    });
    match result {
        Ok(true) => items.finish(),
        Ok(false) => Ok(()),
        Err(e) => {
            items.abort();
            Err(e)
        }
    }
}

/// The failure for a paging error, in the command line's terms for the page limit.
fn failure(e: acs_runtime::Error, action: &str, max: usize) -> Failure {
    if e.kind() == ErrorKind::Pagination {
        return Failure::Failed(format!(
            "{action}: the listing did not end after {max} pages; the items so far were printed; \
             --max-pages raises the limit"
        ));
    }
    Failure::from(e)
}

/// The value at the dotted `path` of `shape` (`Items.RestoreTaskDetail`), if every step is set.
fn view_at<'a>(shape: &'a dyn Shape, path: &str) -> Option<View<'a>> {
    let mut here = shape;
    let mut steps = path.split('.').peekable();
    while let Some(step) = steps.next() {
        let index = here.fields().iter().position(|f| f.name == step)?;
        let value = here.slot(index)?.view()?;
        match (steps.peek(), value) {
            (None, v) => return Some(v),
            (Some(_), View::Shape(inner)) => here = inner,
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_at_follows_dotted_paths() {
        let info = crate::catalog::find("dbs", "DescribeRestoreTaskList").expect("registered");
        let mut out = (info.new_output)();
        codec::decode_into(
            r#"{"Items": {"RestoreTaskDetail": [{"RestoreTaskId": "a"}, {"RestoreTaskId": "b"}]}}"#,
            &mut *out,
        )
        .expect("fits");
        let Some(View::List(list)) = view_at(&*out, "Items.RestoreTaskDetail") else {
            panic!("no list");
        };
        assert_eq!(list.count(), 2);
        assert!(view_at(&*out, "Items.Nothing").is_none());
        assert!(view_at(&*out, "PageNum.Deeper").is_none());
    }

    #[test]
    fn the_page_limit_is_told_in_the_command_lines_terms() {
        let e = acs_runtime::Error::new(ErrorKind::Pagination, "raise the paginator's max_pages");
        let f = failure(e, "DescribeRestoreTaskList", 2);
        assert_eq!(f.status(), 1);
        assert_eq!(
            f.to_string(),
            "DescribeRestoreTaskList: the listing did not end after 2 pages; the items so far were \
             printed; --max-pages raises the limit"
        );
        let f = failure(acs_runtime::Error::new(ErrorKind::Service, "boom"), "X", 2);
        assert_eq!(f.status(), 1);
    }
}
