//! Checks of fields and their types: names, type keys, references, request-only keys, ranges, and whether
//! each example and default fits.

use std::collections::BTreeSet;

use super::example::fits;
use super::{Namespace, Role, control_problem};
use crate::diag::Diagnostics;
use crate::ir::names;
use crate::spec::load::Loaded;
use crate::spec::model::{FieldSpec, LocationSpec, StyleSpec, TypeName, TypeSpec};

pub(super) fn check_fields<T>(
    file: &Loaded<T>,
    base: &str,
    fields: &[FieldSpec],
    role: Role,
    ns: &Namespace<'_>,
    out: &mut Diagnostics,
) {
    let mut wire = BTreeSet::new();
    // Rust names in declaration order, as the generator gives them (`ir::lower::rust_names`); for request
    // parameters the names are also the builder's setters, so its own methods are taken first. A derived
    // name that meets a taken one gets underscores, by the documented rule; a name the spec gives
    // explicitly is kept as written or refused, never renamed behind its author's back.
    let mut rust_taken = if role == Role::Request {
        names::Taken::with(&["new", "send", "config_override", "as_input", "set_input"])
    } else {
        names::Taken::default()
    };
    for (i, f) in fields.iter().enumerate() {
        let path = format!("{base}[{i}]");
        let given = f.rust_name.as_deref().map(names::legal_ident);
        let base_name = given
            .clone()
            .unwrap_or_else(|| names::legal_ident(&names::snake(&f.name)));
        let claimed = rust_taken.claim(&base_name);
        if let Some(given) = given
            && claimed != given
        {
            out.push(file.diagnostic(
                &format!("{path}.rust_name"),
                format!(
                    "`{given}` is already taken in this {} (it would become `{claimed}`): choose another `rust_name`",
                    if role == Role::Request { "request and its builder" } else { "type" }
                ),
            ));
        }
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
        if role != Role::Request {
            for (set, key) in [
                (f.idempotency_token, "idempotency_token"),
                (f.style.is_some(), "style"),
                (f.default.is_some(), "default"),
                // A response element may come from a header or be the whole body (RESTful
                // operations); members of objects sit where their object is.
                (
                    f.location != LocationSpec::Query
                        && !(role == Role::Response
                            && matches!(f.location, LocationSpec::Header | LocationSpec::Body)),
                    "location",
                ),
            ] {
                if set {
                    out.push(file.diagnostic(
                        &format!("{path}.{key}"),
                        format!(
                            "`{key}` applies to request parameters only{}",
                            if key == "location" && role == Role::Response {
                                " (a response element may be `header` or `body`)"
                            } else {
                                ""
                            }
                        ),
                    ));
                }
            }
        }
        if role == Role::Response && f.required {
            out.push(file.diagnostic(
                &format!("{path}.required"),
                "`required` applies to request parameters and the members of objects sent in requests",
            ));
        }
        if let Some(style) = f.style {
            let fits = match style {
                StyleSpec::Simple => {
                    f.ty == TypeName::Array && f.items.as_ref().is_some_and(|i| scalar(i.ty))
                }
                StyleSpec::RepeatList | StyleSpec::Flat | StyleSpec::Json => {
                    matches!(
                        f.ty,
                        TypeName::Array | TypeName::Object | TypeName::Map | TypeName::Any
                    )
                }
            };
            if !fits {
                out.push(file.diagnostic(
                    &format!("{path}.style"),
                    "`style` applies to arrays, objects, maps and `any` (`simple` to arrays of scalars only)",
                ));
            }
        }
        if f.idempotency_token && f.ty != TypeName::String {
            out.push(file.diagnostic(
                &format!("{path}.idempotency_token"),
                "an idempotency token is a string",
            ));
        }
        if let Some(r) = f.range {
            if !matches!(f.ty, TypeName::Integer | TypeName::Long | TypeName::Double) {
                out.push(file.diagnostic(
                    &format!("{path}.range"),
                    "`range` applies to integer, long and double fields",
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
        for (key, set, owner) in [
            ("min_length", f.min_length.is_some(), TypeName::String),
            ("max_length", f.max_length.is_some(), TypeName::String),
            ("min_items", f.min_items.is_some(), TypeName::Array),
            ("max_items", f.max_items.is_some(), TypeName::Array),
        ] {
            if set && f.ty != owner {
                out.push(file.diagnostic(
                    &format!("{path}.{key}"),
                    format!("`{key}` applies to `type: {}` only", owner.as_str()),
                ));
            }
        }
        for (key, min, max) in [
            ("min_length", f.min_length, f.max_length),
            ("min_items", f.min_items, f.max_items),
        ] {
            if let (Some(min), Some(max)) = (min, max)
                && min > max
            {
                out.push(file.diagnostic(
                    &format!("{path}.{key}"),
                    format!("`{key}` ({min}) is greater than its maximum ({max})"),
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

/// Strings, numbers and booleans: what `simple` joins.
fn scalar(t: TypeName) -> bool {
    matches!(
        t,
        TypeName::String
            | TypeName::Integer
            | TypeName::Long
            | TypeName::Boolean
            | TypeName::Double
    )
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
    misplaced(t.values.is_some(), "values", TypeName::Map);
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
        TypeName::Map => match &t.values {
            Some(values) => check_type(file, &format!("{path}.values"), values, ns, out),
            None => out
                .push(file.diagnostic(path, "`type: map` needs `values`, the type of each value")),
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
