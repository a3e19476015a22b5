//! Checks of fields and their types: names, type keys, references, request-only keys, ranges, and whether
//! each example and default fits.

use std::collections::BTreeSet;

use super::example::fits;
use super::{Namespace, Role, control_problem};
use crate::diag::Diagnostics;
use crate::ir::names;
use crate::spec::load::Loaded;
use crate::spec::model::{FieldSpec, TypeName, TypeSpec};

pub(super) fn check_fields<T>(
    file: &Loaded<T>,
    base: &str,
    fields: &[FieldSpec],
    role: Role,
    ns: &Namespace<'_>,
    out: &mut Diagnostics,
) {
    let mut wire = BTreeSet::new();
    for (i, f) in fields.iter().enumerate() {
        let path = format!("{base}[{i}]");
        if f.name.trim().is_empty() {
            out.push(file.diagnostic(&format!("{path}.name"), "`name` must not be empty"));
        }
        let duplicate = !wire.insert(f.name.as_str());
        if duplicate {
            out.push(file.diagnostic(
                &format!("{path}.name"),
                format!("`{}` is declared twice", f.name),
            ));
        }
        if let Some(p) = control_problem(&f.name) {
            out.push(file.diagnostic(&format!("{path}.name"), format!("the wire name {p}")));
        } else if f.name.chars().any(char::is_whitespace) {
            out.push(file.diagnostic(&format!("{path}.name"), "a wire name has no spaces"));
        }
        // A Rust name the spec gives must be usable as it is; names derived from wire names are made
        // legal and unique by the generator's mangling rule (see `ir::names`).
        if let Some(rust_name) = &f.rust_name
            && let Some(p) = names::snake_name_problem(rust_name)
        {
            out.push(file.diagnostic(&format!("{path}.rust_name"), format!("Rust name: {p}")));
        }
        check_type(file, &path, &f.type_spec(), ns, out);
        if role == Role::Response {
            for (set, key) in [
                (f.required, "required"),
                (f.idempotency_token, "idempotency_token"),
                (f.style.is_some(), "style"),
                (f.default.is_some(), "default"),
            ] {
                if set {
                    out.push(file.diagnostic(
                        &format!("{path}.{key}"),
                        format!("`{key}` applies to request parameters only"),
                    ));
                }
            }
        }
        if f.style.is_some() && f.ty != TypeName::Array {
            out.push(file.diagnostic(
                &format!("{path}.style"),
                "`style` applies to `type: array` only",
            ));
        }
        if role == Role::Request {
            check_request_type(file, &path, f, out);
        }
        if f.idempotency_token && f.ty != TypeName::String {
            out.push(file.diagnostic(
                &format!("{path}.idempotency_token"),
                "an idempotency token is a string",
            ));
        }
        if let Some(r) = f.range {
            if !matches!(f.ty, TypeName::Integer | TypeName::Long) {
                out.push(file.diagnostic(
                    &format!("{path}.range"),
                    "`range` applies to integer and long fields",
                ));
            }
            if let (Some(min), Some(max)) = (r.min, r.max)
                && min > max
            {
                out.push(file.diagnostic(
                    &format!("{path}.range.min"),
                    format!("`min` ({min}) is greater than `max` ({max})"),
                ));
            }
        }
        for (value, key) in [(&f.example, "example"), (&f.default, "default")] {
            if let Some(value) = value
                && let Err(why) = fits(value, f, ns)
            {
                out.push(file.diagnostic(
                    &format!("{path}.{key}"),
                    format!("the {key} does not fit: {why}"),
                ));
            }
        }
    }
}

/// Request parameters travel in a query string: only flat values fit there.
fn check_request_type<T>(file: &Loaded<T>, path: &str, f: &FieldSpec, out: &mut Diagnostics) {
    let flat = |t: TypeName| {
        matches!(
            t,
            TypeName::String
                | TypeName::Integer
                | TypeName::Long
                | TypeName::Boolean
                | TypeName::Double
        )
    };
    match f.ty {
        t if flat(t) => {}
        TypeName::Array => {
            if f.style.is_none() {
                out.push(file.diagnostic(&format!("{path}.style"), "an array request parameter needs `style: comma-separated`"));
            }
            if let Some(items) = &f.items
                && !flat(items.ty)
            {
                out.push(file.diagnostic(&format!("{path}.items.type"), "items of a request array must be flat values"));
            }
        }
        other => out.push(file.diagnostic(
            &format!("{path}.type"),
            format!("`{}` is not supported for request parameters (use string, integer, long, boolean, double or a comma-separated array)", other.as_str()),
        )),
    }
}

fn check_type<T>(
    file: &Loaded<T>,
    path: &str,
    t: &TypeSpec,
    ns: &Namespace<'_>,
    out: &mut Diagnostics,
) {
    let ty = t.ty.as_str();
    let mut misplaced = |present: bool, key: &str, owner: TypeName| {
        if present && t.ty != owner {
            out.push(file.diagnostic(
                &format!("{path}.{key}"),
                format!(
                    "`{key}` does not apply to `type: {ty}` (only to `{}`)",
                    owner.as_str()
                ),
            ));
        }
    };
    misplaced(t.items.is_some(), "items", TypeName::Array);
    misplaced(t.shape.is_some(), "shape", TypeName::Object);
    misplaced(t.enum_name.is_some(), "enum", TypeName::String);
    misplaced(t.format.is_some(), "format", TypeName::Timestamp);
    misplaced(t.content.is_some(), "content", TypeName::Json);
    match t.ty {
        TypeName::Array => match &t.items {
            Some(items) => check_type(file, &format!("{path}.items"), items, ns, out),
            None => out.push(file.diagnostic(path, "`type: array` needs `items`")),
        },
        TypeName::Object => match &t.shape {
            Some(shape) if !ns.shapes.contains_key(shape.as_str()) => {
                out.push(file.diagnostic(
                    &format!("{path}.shape"),
                    format!("no shape named `{shape}` in this product"),
                ));
            }
            Some(_) => {}
            None => out.push(file.diagnostic(path, "`type: object` needs `shape`")),
        },
        TypeName::Json => match &t.content {
            Some(content) => check_type(file, &format!("{path}.content"), content, ns, out),
            None => out.push(file.diagnostic(
                path,
                "`type: json` needs `content`, the type inside the string",
            )),
        },
        TypeName::Timestamp if t.format.is_none() => {
            out.push(file.diagnostic(
                path,
                "`type: timestamp` needs `format` (epoch-millis, epoch-seconds or iso8601)",
            ));
        }
        TypeName::String => {
            if let Some(e) = &t.enum_name
                && !ns.enums.contains_key(e.as_str())
            {
                out.push(file.diagnostic(
                    &format!("{path}.enum"),
                    format!("no enum named `{e}` in this product"),
                ));
            }
        }
        _ => {}
    }
}
