//! Checks of `paginator:`: one way of paging (page number, token or item offset), parameters that exist with the
//! type the paginator writes into them, and response paths that lead to a list, counts and a token.

use super::Namespace;
use crate::diag::Diagnostics;
use crate::spec::conform::Names;
use crate::spec::load::Loaded;
use crate::spec::model::{OperationSpec, TypeName};
use crate::spec::paths::resolve;

const WHOLE: [TypeName; 2] = [TypeName::Integer, TypeName::Long];
/// A page number or size may be typed as text by its page; the digits on the wire are the same.
const NUMBER: [TypeName; 3] = [TypeName::Integer, TypeName::Long, TypeName::String];

fn show(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::String(s) => format!("{s:?}"),
        other => format!("{other:?}"),
    }
}

pub(super) fn check_paginator(
    op: &Loaded<OperationSpec>,
    ns: &Namespace<'_>,
    out: &mut Diagnostics,
) {
    let spec = &op.spec;
    let Some(p) = &spec.paginator else {
        return;
    };
    let ways: Vec<&str> = [
        ("page", &p.page),
        ("token", &p.token),
        ("offset", &p.offset),
    ]
    .into_iter()
    .filter_map(|(key, name)| name.as_ref().map(|_| key))
    .collect();
    match ways.as_slice() {
        [] => out.push(op.diagnostic(
            "paginator",
            "a paginator needs `page` (page-number paging), `token` (token paging) or `offset` (offset paging)",
        )),
        [_] => {}
        [a, b] => out.push(op.diagnostic(
            "paginator",
            format!("a paginator pages by `{a}` or by `{b}`, not both"),
        )),
        _ => out.push(op.diagnostic(
            "paginator",
            "a paginator pages by `page`, by `token` or by `offset`: one of them",
        )),
    }
    if let Some(first) = p.first {
        if p.page.is_none() {
            out.push(op.diagnostic("paginator.first", "`first` numbers pages: it needs `page`"));
        } else if !(0..=1).contains(&first) {
            out.push(op.diagnostic("paginator.first", "the first page is numbered 0 or 1"));
        }
    }
    // One fact in one place: the first page is `first`, and the page parameter's documented default says
    // the same, or the documentation, the emulator and the paginator could each start elsewhere.
    if let Some(page) = &p.page
        && let Some((i, f)) = spec
            .request
            .iter()
            .enumerate()
            .find(|(_, f)| &f.name == page)
        && let Some(default) = &f.default
    {
        let first = p.first_page();
        let same = match default {
            serde_yaml::Value::Number(n) => n.as_i64() == Some(first),
            serde_yaml::Value::String(s) => s.trim().parse::<i64>().ok() == Some(first),
            _ => false,
        };
        if !same {
            out.push(op.diagnostic(
                &format!("request[{i}].default"),
                format!(
                    "`{page}` defaults to {} but the paginator's first page is {first}: they are one fact (set `default: {first}`, or change `paginator.first`)",
                    show(default)
                ),
            ));
        }
    }
    if p.next.is_some() && p.token.is_none() {
        out.push(op.diagnostic(
            "paginator.next",
            "`next` is the token of the next page: it needs `token`",
        ));
    }
    if p.offset.is_some() && p.pages.is_some() {
        out.push(op.diagnostic(
            "paginator.pages",
            "offset paging counts items, not pages: it stops on an empty page or at `total`",
        ));
    }
    let params = [
        ("page", &p.page, &NUMBER[..], "an integer"),
        ("offset", &p.offset, &NUMBER[..], "an integer"),
        ("size", &p.size, &NUMBER[..], "an integer"),
        ("token", &p.token, &[TypeName::String][..], "a string"),
    ];
    for (key, name, types, kind) in params {
        let Some(name) = name else { continue };
        match spec.request.iter().find(|f| &f.name == name) {
            None => out.push(op.diagnostic(
                &format!("paginator.{key}"),
                format!("`{name}` is not a request parameter of {}", spec.name),
            )),
            Some(f) if !types.contains(&f.ty) || f.enum_name.is_some() => out.push(op.diagnostic(
                &format!("paginator.{key}"),
                format!("`{name}` is {}, not {kind}", f.ty.as_str()),
            )),
            Some(_) => {}
        }
    }
    // Without `next`, the token comes back under the parameter's own name (`NextToken`).
    let next = p.next_field().map(str::to_owned);
    let places = [
        (
            "items",
            Some(p.items.clone()),
            &[TypeName::Array][..],
            "a list",
        ),
        ("total", p.total.clone(), &WHOLE[..], "an integer"),
        ("pages", p.pages.clone(), &WHOLE[..], "an integer"),
        ("next", next, &[TypeName::String][..], "a string"),
    ];
    for (key, path, types, kind) in places {
        let Some(path) = path else { continue };
        let at = match key {
            "next" if p.next.is_none() => "paginator.token".to_owned(),
            _ => format!("paginator.{key}"),
        };
        match resolve(&spec.response.fields, &path, &|n| ns.shape(n)) {
            Err(why) => out.push(op.diagnostic(&at, format!("{why} (a place in the response)"))),
            Ok(f) if !types.contains(&f.ty) => out.push(op.diagnostic(
                &at,
                format!("`{path}` in the response is {}, not {kind}", f.ty.as_str()),
            )),
            Ok(_) => {}
        }
    }
}
