//! Checks of `waiters:`: names that make methods, places in the response that exist with the type the
//! waiter reads, and statuses that the status field can hold (when it is an enum, its values).

use super::Namespace;
use crate::diag::Diagnostics;
use crate::ir::names;
use crate::spec::conform::Names;
use crate::spec::load::Loaded;
use crate::spec::model::{FieldSpec, OperationSpec, ShapeSpec, TypeName, WaiterSpec};
use crate::spec::paths::resolve;

/// What a percentage may be: a number, or text (`"60%"`, ECS's snapshots and images).
const PERCENT: [TypeName; 4] = [
    TypeName::Integer,
    TypeName::Long,
    TypeName::Double,
    TypeName::String,
];

/// What a count may be.
const WHOLE: [TypeName; 2] = [TypeName::Integer, TypeName::Long];

pub(super) fn check_waiters(op: &Loaded<OperationSpec>, ns: &Namespace<'_>, out: &mut Diagnostics) {
    for (name, w) in &op.spec.waiters {
        let at = |key: &str| format!("waiters.{name}{key}");
        if let Some(p) = names::type_name_problem(name) {
            out.push(op.diagnostic(&at(""), p));
        }
        if w.description.trim().is_empty() {
            out.push(op.diagnostic(
                &at(".description"),
                "`description` must not be empty: it documents the method",
            ));
        }
        let mut place = |key: &str,
                         fields: &[FieldSpec],
                         path: &str,
                         types: &[TypeName],
                         kind: &str| {
            match find(ns, fields, path, types, kind) {
                Err(why) => {
                    out.push(op.diagnostic(&at(key), why));
                    None
                }
                Ok(f) => Some(f),
            }
        };
        let response = &op.spec.response.fields;
        let status = place(
            ".status",
            response,
            &w.status,
            &[TypeName::String],
            "a string",
        );
        if let Some(p) = &w.progress {
            // A percentage comes as a number, or as text (`"60%"`, ECS's snapshots and images).
            place(".progress", response, p, &PERCENT, "a number or text");
        }
        if let Some(c) = &w.counts {
            place(".counts.done", response, &c.done, &WHOLE, "an integer");
            place(".counts.total", response, &c.total, &WHOLE, "an integer");
        }
        let mut item_status = None;
        if let Some(items) = &w.items {
            let list = place(
                ".items.list",
                response,
                &items.list,
                &[TypeName::Array],
                "a list",
            );
            if let Some(t) = &items.total {
                place(".items.total", response, t, &WHOLE, "an integer");
            }
            let item_shape: Option<&ShapeSpec> = list
                .as_ref()
                .and_then(|l| l.items.as_ref())
                .filter(|t| t.ty == TypeName::Object)
                .and_then(|t| t.shape.as_deref())
                .and_then(|s| ns.shape(s));
            match item_shape {
                None if list.is_some() => out.push(op.diagnostic(
                    &at(".items.list"),
                    format!("`{}` is not a list of objects of a named shape", items.list),
                )),
                None => {}
                Some(item) => {
                    let text = [TypeName::String];
                    place(".items.name", &item.fields, &items.name, &text, "a string");
                    item_status = place(
                        ".items.status",
                        &item.fields,
                        &items.status,
                        &text,
                        "a string",
                    );
                    for (key, path) in [
                        (".items.message", &items.message),
                        (".items.repair", &items.repair),
                    ] {
                        if let Some(path) = path {
                            place(key, &item.fields, path, &text, "a string");
                        }
                    }
                }
            }
        }
        if w.counts.is_some() && w.progress.is_some() {
            out.push(op.diagnostic(
                &at(".counts"),
                "give `progress` (a percentage) or `counts`, not both",
            ));
        }
        check_statuses(op, name, w, status.as_ref(), item_status.as_ref(), ns, out);
    }
}

/// The field at `path` under `fields`, if it has one of `types`.
fn find(
    ns: &Namespace<'_>,
    fields: &[FieldSpec],
    path: &str,
    types: &[TypeName],
    kind: &str,
) -> Result<FieldSpec, String> {
    let f = resolve(fields, path, &|n| ns.shape(n))?;
    if types.contains(&f.ty) {
        Ok(f.clone())
    } else {
        Err(format!("`{path}` is {}, not {kind}", f.ty.as_str()))
    }
}

/// The statuses a waiter lists: some success, none both success and failure, and each a value of the
/// status field's enum when it has one.
fn check_statuses(
    op: &Loaded<OperationSpec>,
    name: &str,
    w: &WaiterSpec,
    status: Option<&FieldSpec>,
    item_status: Option<&FieldSpec>,
    ns: &Namespace<'_>,
    out: &mut Diagnostics,
) {
    let at = |key: &str| format!("waiters.{name}.{key}");
    if w.success.is_empty() {
        out.push(op.diagnostic(&at("success"), "a waiter needs at least one success status"));
    }
    for (i, s) in w.failure.iter().enumerate() {
        if w.success.contains(s) {
            out.push(op.diagnostic(
                &format!("{}[{i}]", at("failure")),
                format!("`{s}` is also a success status"),
            ));
        }
    }
    let mut lists = vec![
        ("success", &w.success, status),
        ("failure", &w.failure, status),
    ];
    if let Some(items) = &w.items {
        lists.extend([
            ("items.done", &items.done, item_status),
            ("items.failed", &items.failed, item_status),
            ("items.warning", &items.warning, item_status),
        ]);
    }
    for (key, values, field) in lists {
        let Some(e) = field.and_then(|f| f.enum_name.as_deref()) else {
            continue;
        };
        let Some(allowed) = ns.enum_values(e) else {
            continue;
        };
        for (i, v) in values.iter().enumerate() {
            if !allowed.contains(&v.as_str()) {
                out.push(op.diagnostic(
                    &format!("{}[{i}]", at(key)),
                    format!("`{v}` is not a value of `{e}` ({})", allowed.join(", ")),
                ));
            }
        }
    }
}
