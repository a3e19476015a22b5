//! `--all-pages`: every page of a list operation fetched with the runtime's `DynPaginator` (which knows
//! from `OperationInfo.paging` where the page number or token goes and when the listing ends), and the
//! items of all pages printed as one JSON array, so `jq '.[]'` sees the whole listing.

use acs_runtime::codec::{self, Shape, View};
use acs_runtime::{CallConfig, DynPaginator, OperationInfo, StreamExt};

use crate::client::{self, Options};
use crate::failure::Failure;
use crate::output;

/// Fetches every page of `info` starting from `input` and prints all their items as one JSON array.
pub fn run(
    info: &'static OperationInfo,
    input: Box<dyn Shape>,
    options: &Options,
) -> Result<(), Failure> {
    let Some(paging) = info.paging else {
        return Err(Failure::Usage(format!(
            "{} has no paginator: --all-pages only works with list operations",
            info.action
        )));
    };
    let client = client::build(options)?;
    let runtime = client::runtime()?;
    let mut items: Vec<String> = Vec::new();
    runtime.block_on(async {
        let mut pages = DynPaginator::new(client, info, input, CallConfig::default()).send();
        while let Some(page) = pages.next().await {
            let page = page?;
            if let Some(View::List(list)) = view_at(&*page, paging.items) {
                items.extend((0..list.count()).filter_map(|i| list.item(i).map(codec::to_json)));
            }
        }
        Ok::<(), acs_runtime::Error>(())
    })?;
    output::print_json(&format!("[{}]", items.join(",")))
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
        let info = acs_sdk::registry::find("dbs", "DescribeRestoreTaskList").expect("registered");
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
}
