//! Lowers `paginator:` and `waiters:` into the IR: the names and paths as the runtime reads them, the
//! Rust type of one listed item (found at the end of the list's path) and the waiters' method names.

use std::collections::BTreeMap;

use super::{Paginator, Type, Waiter, WaiterItems, docs, names};
use crate::spec::model::{FieldSpec, PaginatorSpec, ShapeSpec, WaiterSpec};
use crate::spec::paths::resolve;

/// The paginator, or `None` when its list path leads nowhere (which validation reports first).
pub(super) fn lower(
    p: &PaginatorSpec,
    response: &[FieldSpec],
    shapes: &BTreeMap<&str, &ShapeSpec>,
) -> Option<Paginator> {
    let list = resolve(response, &p.items, &|n| shapes.get(n).copied()).ok()?;
    let item = match super::lower::lower_type(&list.type_spec()) {
        Type::List(item) => *item,
        _ => return None,
    };
    Some(Paginator {
        page: p.page.clone(),
        first: p.first_page(),
        token: p.token.clone(),
        next: p.next_field().unwrap_or_default().to_owned(),
        offset: p.offset.clone(),
        size: p.size.clone(),
        items: p.items.clone(),
        item,
        total: p.total.clone().unwrap_or_default(),
        pages: p.pages.clone().unwrap_or_default(),
    })
}

/// The waiter called `name`.
pub(super) fn lower_waiter(name: &str, w: &WaiterSpec) -> Waiter {
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    Waiter {
        name: name.to_owned(),
        method: format!("wait_until_{}", names::snake(name)),
        doc: docs::text(&w.description),
        status: w.status.clone(),
        success: w.success.clone(),
        failure: w.failure.clone(),
        progress: text(&w.progress),
        counts: w.counts.as_ref().map(|c| (c.done.clone(), c.total.clone())),
        items: w.items.as_ref().map(|i| WaiterItems {
            list: i.list.clone(),
            total: text(&i.total),
            name: i.name.clone(),
            status: i.status.clone(),
            message: text(&i.message),
            repair: text(&i.repair),
            done: i.done.clone(),
            failed: i.failed.clone(),
            warning: i.warning.clone(),
        }),
    }
}
