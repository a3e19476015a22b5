//! The checks that parsing cannot make: references, duplicates, names, examples, constraints.
//!
//! [`validate`] walks every file of a [`SpecSet`] and returns every problem, each at the position of the
//! offending key. Nothing here panics on any input: a spec that passes can be lowered to the IR without
//! further checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::load::{Loaded, ProductFiles, SpecSet};
use super::model::{
    EnumSpec, ExampleFormat, FieldSpec, Scalar, ShapeSpec, TimestampFormatSpec, TypeName, TypeSpec,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::names;

/// Every problem of every file in `set`.
pub fn validate(set: &SpecSet) -> Diagnostics {
    let mut out = Diagnostics::new();
    let mut modules: BTreeMap<&str, &PathBuf> = BTreeMap::new();
    for product in &set.products {
        let module = product.product.spec.module.as_str();
        if let Some(first) = modules.insert(module, &product.product.path) {
            out.push(product.product.diagnostic(
                "module",
                format!("module `{module}` is also used by {}", first.display()),
            ));
        }
        validate_product(product, &mut out);
    }
    out
}

/// Where a named shape or enum was declared.
struct Declared<'a, T> {
    item: &'a T,
    file: &'a PathBuf,
}

/// The names a product's files declare, shared by all its operations.
struct Namespace<'a> {
    shapes: BTreeMap<&'a str, Declared<'a, ShapeSpec>>,
    enums: BTreeMap<&'a str, Declared<'a, EnumSpec>>,
}

/// Where a field sits, which decides which keys it may use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Request,
    Response,
}

fn validate_product(files: &ProductFiles, out: &mut Diagnostics) {
    let product = &files.product;
    let spec = &product.spec;
    if let Some(p) = names::snake_name_problem(&spec.module) {
        out.push(product.diagnostic("module", p));
    }
    for (key, value) in [
        ("code", &spec.code),
        ("title", &spec.title),
        ("version", &spec.version),
    ] {
        if value.trim().is_empty() {
            out.push(product.diagnostic(key, format!("`{key}` must not be empty")));
        }
    }
    let endpoints = &spec.endpoints;
    if endpoints.regional.is_empty() && endpoints.fallback.is_none() {
        out.push(product.diagnostic(
            "endpoints",
            "give `regional` hosts, a `fallback` host, or both",
        ));
    }
    if let Some(fallback) = &endpoints.fallback {
        let rest = fallback.replace("{region_id}", "");
        if rest.contains('{') || rest.contains('}') || !host_like(&rest) {
            out.push(product.diagnostic(
                "endpoints.fallback",
                format!("`{fallback}` is not a host; the only placeholder is `{{region_id}}`"),
            ));
        }
    }
    for (region, host) in &endpoints.regional {
        if !host_like(host) {
            out.push(product.diagnostic(
                &format!("endpoints.regional.{region}"),
                format!("`{host}` is not a host"),
            ));
        }
    }

    // Collect the product's names first: operations may refer to shapes declared in any file.
    let mut ns = Namespace {
        shapes: BTreeMap::new(),
        enums: BTreeMap::new(),
    };
    declare(product, &spec.shapes, &spec.enums, &mut ns, out);
    for op in &files.operations {
        declare(op, &op.spec.shapes, &op.spec.enums, &mut ns, out);
    }

    check_named_items(product, "", &spec.shapes, &spec.enums, &ns, out);
    let reserved = reserved_type_names(&files.operations);
    for (name, declared) in ns
        .shapes
        .iter()
        .map(|(n, d)| (n, d.file))
        .chain(ns.enums.iter().map(|(n, d)| (n, d.file)))
    {
        if reserved.contains(*name) {
            let kind = if ns.shapes.contains_key(name) {
                "shapes"
            } else {
                "enums"
            };
            let at = files
                .operations
                .iter()
                .find(|o| &o.path == declared)
                .map(|o| o.diagnostic(&format!("{kind}.{name}"), ""));
            let at = at.unwrap_or_else(|| product.diagnostic(&format!("{kind}.{name}"), ""));
            out.push(Diagnostic {
                message: format!(
                    "`{name}` is a type name the generator uses itself; choose another"
                ),
                ..at
            });
        }
    }
    let mut actions = BTreeSet::new();
    for op in &files.operations {
        validate_operation(op, &ns, out);
        if !actions.insert(op.spec.name.as_str()) {
            out.push(op.diagnostic(
                "name",
                format!("operation `{}` is defined twice", op.spec.name),
            ));
        }
    }
    check_recursion(&ns, files, out);
}

fn host_like(host: &str) -> bool {
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

fn declare<'a, T>(
    file: &'a Loaded<T>,
    shapes: &'a BTreeMap<String, ShapeSpec>,
    enums: &'a BTreeMap<String, EnumSpec>,
    ns: &mut Namespace<'a>,
    out: &mut Diagnostics,
) {
    for (name, shape) in shapes {
        if let Some(first) = ns.shapes.get(name.as_str()) {
            out.push(file.diagnostic(
                &format!("shapes.{name}"),
                format!("shape `{name}` is already declared in {}; declare it once (in _product.yaml when shared)", first.file.display()),
            ));
        } else {
            ns.shapes.insert(
                name,
                Declared {
                    item: shape,
                    file: &file.path,
                },
            );
        }
    }
    for (name, e) in enums {
        if ns.shapes.contains_key(name.as_str()) {
            out.push(file.diagnostic(
                &format!("enums.{name}"),
                format!("`{name}` is already the name of a shape"),
            ));
        }
        if let Some(first) = ns.enums.get(name.as_str()) {
            out.push(file.diagnostic(
                &format!("enums.{name}"),
                format!("enum `{name}` is already declared in {}; declare it once (in _product.yaml when shared)", first.file.display()),
            ));
        } else {
            ns.enums.insert(
                name,
                Declared {
                    item: e,
                    file: &file.path,
                },
            );
        }
    }
}

/// Names emitted for every product or operation, which shapes and enums must not take.
fn reserved_type_names(ops: &[Loaded<super::model::OperationSpec>]) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = ["Client", "Service"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    for op in ops {
        for suffix in ["Input", "Output", "FluentBuilder", "ErrorCode"] {
            names.insert(format!("{}{suffix}", op.spec.name));
        }
    }
    names
}

fn check_named_items<T>(
    file: &Loaded<T>,
    prefix: &str,
    shapes: &BTreeMap<String, ShapeSpec>,
    enums: &BTreeMap<String, EnumSpec>,
    ns: &Namespace<'_>,
    out: &mut Diagnostics,
) {
    for (name, shape) in shapes {
        let path = format!("{prefix}shapes.{name}");
        if let Some(p) = names::type_name_problem(name) {
            out.push(file.diagnostic(&path, p));
        }
        check_fields(
            file,
            &format!("{path}.fields"),
            &shape.fields,
            Role::Response,
            ns,
            out,
        );
    }
    for (name, e) in enums {
        let path = format!("{prefix}enums.{name}");
        if let Some(p) = names::type_name_problem(name) {
            out.push(file.diagnostic(&path, p));
        }
        if e.values.is_empty() {
            out.push(file.diagnostic(
                &format!("{path}.values"),
                "an enum needs at least one value",
            ));
        }
        let mut values = BTreeSet::new();
        let mut variants = BTreeSet::new();
        for (i, v) in e.values.iter().enumerate() {
            let vpath = format!("{path}.values[{i}]");
            if !values.insert(v.value.as_str()) {
                out.push(file.diagnostic(
                    &format!("{vpath}.value"),
                    format!("value `{}` is listed twice", v.value),
                ));
            }
            let variant = v.name.clone().unwrap_or_else(|| names::camel(&v.value));
            let key = if v.name.is_some() { "name" } else { "value" };
            if let Some(p) = names::type_name_problem(&variant) {
                out.push(file.diagnostic(
                    &format!("{vpath}.{key}"),
                    format!("variant name: {p}; give the value a `name`"),
                ));
            } else if variant == "Unknown" {
                out.push(file.diagnostic(&format!("{vpath}.{key}"), "`Unknown` is reserved for values the spec does not list; give the value another `name`"));
            } else if !variants.insert(variant.clone()) {
                out.push(file.diagnostic(
                    &format!("{vpath}.{key}"),
                    format!("two values become the variant `{variant}`; give one a `name`"),
                ));
            }
        }
    }
}

fn validate_operation(
    op: &Loaded<super::model::OperationSpec>,
    ns: &Namespace<'_>,
    out: &mut Diagnostics,
) {
    let spec = &op.spec;
    let stem = op
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if spec.name != stem {
        out.push(op.diagnostic(
            "name",
            format!(
                "the operation is `{}` but the file is named `{stem}.yaml`",
                spec.name
            ),
        ));
    }
    if let Some(p) = names::type_name_problem(&spec.name) {
        out.push(op.diagnostic("name", p));
    } else if let Some(p) = names::ident_problem(&names::snake(&spec.name)) {
        out.push(op.diagnostic("name", format!("method name: {p}")));
    }
    if spec.summary.trim().is_empty() {
        out.push(op.diagnostic(
            "summary",
            "`summary` must not be empty: it documents the method",
        ));
    }
    check_named_items(op, "", &spec.shapes, &spec.enums, ns, out);
    check_fields(op, "request", &spec.request, Role::Request, ns, out);
    check_fields(
        op,
        "response.fields",
        &spec.response.fields,
        Role::Response,
        ns,
        out,
    );

    let tokens = spec.request.iter().filter(|f| f.idempotency_token).count();
    if tokens > 1 {
        out.push(op.diagnostic("request", "only one parameter can be the idempotency token"));
    }
    let request_names: BTreeSet<&str> = spec.request.iter().map(|f| f.name.as_str()).collect();
    for (i, c) in spec.constraints.iter().enumerate() {
        let path = format!("constraints[{i}]");
        if c.fields.len() < 2 {
            out.push(op.diagnostic(
                &format!("{path}.fields"),
                "a constraint needs at least two fields",
            ));
        }
        for (j, name) in c.fields.iter().enumerate() {
            if !request_names.contains(name.as_str()) {
                out.push(op.diagnostic(
                    &format!("{path}.fields[{j}]"),
                    format!("`{name}` is not a request parameter of {}", spec.name),
                ));
            }
        }
    }
    let mut variants = BTreeMap::new();
    for (i, e) in spec.errors.iter().enumerate() {
        let variant = crate::ir::lower::error_variant(&e.code);
        if let Some(p) = names::type_name_problem(&variant) {
            out.push(op.diagnostic(
                &format!("errors[{i}].code"),
                format!("error code `{}` gives no usable variant name: {p}", e.code),
            ));
        } else if variant == "Unknown" {
            out.push(op.diagnostic(
                &format!("errors[{i}].code"),
                "`Unknown` is reserved for codes the spec does not list",
            ));
        } else if let Some(other) = variants.insert(variant.clone(), e.code.as_str()) {
            out.push(op.diagnostic(
                &format!("errors[{i}].code"),
                format!(
                    "`{}` and `{other}` both become the variant `{variant}`",
                    e.code
                ),
            ));
        }
        if !(100..=599).contains(&e.status) {
            out.push(op.diagnostic(
                &format!("errors[{i}].status"),
                format!("{} is not an HTTP status", e.status),
            ));
        }
        if e.code.trim().is_empty() {
            out.push(op.diagnostic(&format!("errors[{i}].code"), "`code` must not be empty"));
        }
    }
    for (i, ex) in spec.examples.iter().enumerate() {
        if ex.format == ExampleFormat::Json
            && let Err(e) = serde_json::from_str::<serde_json::Value>(&ex.body)
        {
            out.push(op.diagnostic(
                &format!("examples[{i}].body"),
                format!("the example is not valid JSON: {e}"),
            ));
        }
    }
}

fn check_fields<T>(
    file: &Loaded<T>,
    base: &str,
    fields: &[FieldSpec],
    role: Role,
    ns: &Namespace<'_>,
    out: &mut Diagnostics,
) {
    let mut wire = BTreeSet::new();
    let mut rust = BTreeMap::new();
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
        let rust_name = f.rust_name.clone().unwrap_or_else(|| names::snake(&f.name));
        let key = if f.rust_name.is_some() {
            "rust_name"
        } else {
            "name"
        };
        if let Some(p) = names::snake_name_problem(&rust_name) {
            out.push(file.diagnostic(
                &format!("{path}.{key}"),
                format!("Rust name: {p}; set `rust_name`"),
            ));
        } else if let Some(other) = rust.insert(rust_name.clone(), f.name.as_str())
            && !duplicate
        {
            out.push(file.diagnostic(
                &format!("{path}.{key}"),
                format!(
                    "`{}` and `{other}` both become the Rust field `{rust_name}`; set `rust_name`",
                    f.name
                ),
            ));
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
            // The fluent builder has these methods itself, and a `set_` twin for every parameter.
            let taken = ["new", "send", "as_input", "set_input"];
            if taken.contains(&rust_name.as_str()) || rust_name == "input" {
                out.push(file.diagnostic(
                    &format!("{path}.{key}"),
                    format!("`{rust_name}` is a method of the fluent builder; set `rust_name`"),
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

/// Whether an example or default value fits the field.
fn fits(value: &Scalar, f: &FieldSpec, ns: &Namespace<'_>) -> Result<(), String> {
    let text = match value {
        Scalar::String(s) => s.clone(),
        Scalar::Number(n) => n.to_string(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Null => return Err("it is empty".to_owned()),
        _ => return Err("it is not a single value".to_owned()),
    };
    let is_number = matches!(value, Scalar::Number(_));
    let integer = |bits: u32| -> Result<i64, String> {
        let n: i64 = text
            .parse()
            .map_err(|_| format!("`{text}` is not an integer"))?;
        if bits == 32 && i32::try_from(n).is_err() {
            return Err(format!(
                "{n} does not fit a 32-bit integer; use `type: long`"
            ));
        }
        Ok(n)
    };
    match f.ty {
        TypeName::String => {
            if let Some(e) = f.enum_name.as_deref().and_then(|e| ns.enums.get(e))
                && !e.item.values.iter().any(|v| v.value == text)
            {
                let listed: Vec<&str> = e.item.values.iter().map(|v| v.value.as_str()).collect();
                return Err(format!("`{text}` is not one of {}", listed.join(", ")));
            }
            Ok(())
        }
        TypeName::Integer | TypeName::Long => {
            if !is_number {
                return Err(format!(
                    "`{text}` is written as a string; write the number without quotes"
                ));
            }
            let n = integer(if f.ty == TypeName::Integer { 32 } else { 64 })?;
            if let Some(r) = f.range
                && (r.min.is_some_and(|min| n < min) || r.max.is_some_and(|max| n > max))
            {
                return Err(format!(
                    "{n} is outside the range {}..={}",
                    show(r.min),
                    show(r.max)
                ));
            }
            Ok(())
        }
        TypeName::Boolean => match text.as_str() {
            "true" | "false" => Ok(()),
            _ => Err(format!("`{text}` is not true or false")),
        },
        TypeName::Double => text
            .parse::<f64>()
            .map(|_| ())
            .map_err(|_| format!("`{text}` is not a number")),
        TypeName::Timestamp => match f.format {
            Some(TimestampFormatSpec::Iso8601) => {
                let b = text.as_bytes();
                let dateish = b.len() >= 10
                    && b[4] == b'-'
                    && b[7] == b'-'
                    && b[..4].iter().all(u8::is_ascii_digit);
                if dateish {
                    Ok(())
                } else {
                    Err(format!("`{text}` is not an ISO-8601 date-time"))
                }
            }
            _ => integer(64).map(|_| ()),
        },
        // Lists, objects and JSON strings are shown as text; the page's examples are not always valid.
        TypeName::Array | TypeName::Object | TypeName::Json => Ok(()),
    }
}

fn show(bound: Option<i64>) -> String {
    bound.map(|b| b.to_string()).unwrap_or_default()
}

/// A shape that contains itself through plain object fields would have infinite size.
fn check_recursion(ns: &Namespace<'_>, files: &ProductFiles, out: &mut Diagnostics) {
    for (&start, declared) in &ns.shapes {
        let mut stack = vec![start];
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            let Some(shape) = ns.shapes.get(name) else {
                continue;
            };
            for f in &shape.item.fields {
                if f.ty == TypeName::Object
                    && let Some(next) = f.shape.as_deref()
                {
                    if next == start {
                        let file = files
                            .operations
                            .iter()
                            .find(|o| &o.path == declared.file)
                            .map(|o| o.diagnostic(&format!("shapes.{start}"), ""))
                            .unwrap_or_else(|| {
                                files.product.diagnostic(&format!("shapes.{start}"), "")
                            });
                        out.push(Diagnostic {
                            message: format!("shape `{start}` contains itself through object fields; use an array or json field to break the cycle"),
                            ..file
                        });
                        stack.clear();
                        break;
                    }
                    if seen.insert(next) {
                        stack.push(next);
                    }
                }
            }
        }
    }
}
