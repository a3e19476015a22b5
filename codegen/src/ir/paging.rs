//! Lowers `paginator:` into the IR: the names and paths as the runtime reads them, and the Rust type of
//! one listed item, found at the end of the list's path.

use std::collections::BTreeMap;

use super::{Paginator, Type};
use crate::spec::model::{FieldSpec, PaginatorSpec, ShapeSpec};
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
        first: p.first.unwrap_or(1),
        token: p.token.clone(),
        next: p
            .next
            .clone()
            .or_else(|| p.token.clone())
            .unwrap_or_default(),
        size: p.size.clone(),
        items: p.items.clone(),
        item,
        total: p.total.clone().unwrap_or_default(),
        pages: p.pages.clone().unwrap_or_default(),
    })
}
