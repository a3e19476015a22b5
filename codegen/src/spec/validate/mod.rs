//! The checks that parsing cannot make: references, duplicates, names, examples, constraints.
//!
//! [`validate`] walks every file of a [`SpecSet`] and returns every problem, each at the position of the
//! offending key. Nothing here panics on any input: a spec that passes can be lowered to the IR without
//! further checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::conform::{Mode, conform};
use super::load::{Loaded, ProductFiles, SpecSet};
use super::model::{EnumSpec, ExampleFormat, LocationSpec, MethodSpec, ShapeSpec};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::names;

mod example;
mod fields;
mod items;
mod paging;
mod waiters;

use fields::check_fields;
use items::check_named_items;

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
pub(super) struct Declared<'a, T> {
    pub(super) item: &'a T,
    pub(super) file: &'a PathBuf,
}

/// The names a product's files declare, shared by all its operations.
pub(super) struct Namespace<'a> {
    pub(super) shapes: BTreeMap<&'a str, Declared<'a, ShapeSpec>>,
    pub(super) enums: BTreeMap<&'a str, Declared<'a, EnumSpec>>,
}

impl crate::spec::conform::Names for Namespace<'_> {
    fn shape(&self, name: &str) -> Option<&ShapeSpec> {
        self.shapes.get(name).map(|d| d.item)
    }

    fn enum_values(&self, name: &str) -> Option<Vec<&str>> {
        self.enums
            .get(name)
            .map(|d| d.item.values.iter().map(|v| v.value.as_str()).collect())
    }
}

/// Where a field sits, which decides which keys it may use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A top-level request parameter.
    Request,
    /// A top-level response element.
    Response,
    /// A member of a shape, which may be sent in a request or received in a response.
    Member,
}

/// Product module names the generated crate's root already uses: its `client` module and the methods of
/// its `Client` (`new`, `builder`, `from_env`, `runtime`), and `registry`, kept for the operation list.
const RESERVED_MODULES: &[&str] = &[
    "builder", "client", "from_env", "new", "registry", "runtime",
];

fn validate_product(files: &ProductFiles, out: &mut Diagnostics) {
    let product = &files.product;
    let spec = &product.spec;
    if let Some(p) = names::snake_name_problem(&spec.module) {
        out.push(product.diagnostic("module", p));
    } else if RESERVED_MODULES.contains(&spec.module.as_str()) {
        out.push(product.diagnostic(
            "module",
            format!(
                "`{}` is reserved: the generated crate's root already has an item or method of that name; choose another module name",
                spec.module
            ),
        ));
    }
    if !is_api_version(&spec.version) {
        out.push(product.diagnostic(
            "version",
            "`version` must be an API version in the form YYYY-MM-DD, such as 2019-03-06",
        ));
    }
    let code_chars_ok = spec
        .code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let code_ok = spec.code.starts_with(|c: char| c.is_ascii_alphabetic()) && code_chars_ok;
    if !spec.code.is_empty() && !code_ok {
        out.push(product.diagnostic(
            "code",
            "`code` must be Alibaba's product code: ASCII letters, digits, `-` and `_`, starting with a letter",
        ));
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
    if let Some(ram) = &spec.ram_code {
        let fine = !ram.is_empty()
            && ram
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !fine {
            out.push(product.diagnostic(
                "ram_code",
                "`ram_code` must be a RAM service code: lowercase ASCII letters, digits and `-` (`yundun-sas`)",
            ));
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
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            out.push(product.diagnostic(
                &format!("endpoints.regional.{region}"),
                "a region id is lowercase letters, digits and `-`, such as cn-hangzhou",
            ));
        }
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
    let mut stems = BTreeMap::new();
    for op in &files.operations {
        validate_operation(op, &ns, out);
        if !actions.insert(op.spec.name.as_str()) {
            out.push(op.diagnostic(
                "name",
                format!("operation `{}` is defined twice", op.spec.name),
            ));
        } else if let Some(other) = stems.insert(names::camel(&op.spec.name), op.spec.name.as_str())
        {
            out.push(op.diagnostic(
                "name",
                format!(
                    "`{}` and `{other}` both give the type names `{}Input`, …",
                    op.spec.name,
                    names::camel(&op.spec.name)
                ),
            ));
        }
    }
}

/// `YYYY-MM-DD`: what goes into the `x-acs-version` header and the V1 `Version` parameter.
fn is_api_version(version: &str) -> bool {
    let b = version.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A problem with text that reaches generated code or the wire as a name or value (wire names, enum
/// values, error codes): control characters never belong there.
pub(super) fn control_problem(text: &str) -> Option<String> {
    text.chars()
        .find(|c| c.is_control())
        .map(|c| format!("contains the control character {:?}", c))
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
            names.insert(format!("{}{suffix}", names::camel(&op.spec.name)));
        }
    }
    names
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
    // The action goes on the wire as written (`GetDBListFromAgent`); its type names are made
    // UpperCamelCase, so it only needs to be an identifier that starts with a capital.
    if let Some(p) = names::ident_problem(&spec.name) {
        out.push(op.diagnostic("name", p));
    } else if !spec.name.starts_with(|c: char| c.is_ascii_uppercase()) {
        out.push(op.diagnostic("name", "an action starts with a capital letter"));
    } else if let Some(p) = names::type_name_problem(&names::camel(&spec.name)) {
        out.push(op.diagnostic("name", p));
    } else if let Some(p) = names::ident_problem(&names::snake(&spec.name)) {
        out.push(op.diagnostic("name", format!("method name: {p}")));
    }
    if let Some(url) = &spec.documentation {
        let fine = (url.starts_with("https://") || url.starts_with("http://"))
            && !url
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
        if !fine {
            out.push(op.diagnostic(
                "documentation",
                "`documentation` must be an http(s) URL without spaces, control characters, `<` or `>`",
            ));
        }
    }
    if spec.summary.trim().is_empty() {
        out.push(op.diagnostic(
            "summary",
            "`summary` must not be empty: it documents the method",
        ));
    }
    check_named_items(op, "", &spec.shapes, &spec.enums, ns, out);
    check_fields(op, "request", &spec.request, Role::Request, ns, out);
    paging::check_paginator(op, ns, out);
    waiters::check_waiters(op, ns, out);
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
        } else if let Some(p) = control_problem(&e.code) {
            out.push(op.diagnostic(&format!("errors[{i}].code"), format!("`code` {p}")));
        }
    }
    for (i, ex) in spec.examples.iter().enumerate() {
        if ex.format != ExampleFormat::Json {
            continue;
        }
        match serde_json::from_str::<serde_json::Value>(&ex.body) {
            Err(_) if ex.unfit.is_some() => {}
            Err(e) => out.push(op.diagnostic(
                &format!("examples[{i}].body"),
                format!("the example is not valid JSON: {e}"),
            )),
            // Error examples document the error body, not the response fields.
            Ok(body) if (200..300).contains(&ex.status) => {
                let problems = super::conform::example_problems(&body, &spec.response.fields, ns);
                // An example marked `unfit` is documentation by decision; the mark must stay true.
                if ex.unfit.is_some() {
                    if problems.is_empty() {
                        out.push(op.diagnostic(
                            &format!("examples[{i}].unfit"),
                            "the example fits the response: remove `unfit`",
                        ));
                    }
                    continue;
                }
                for p in problems {
                    out.push(op.diagnostic(
                        &format!("examples[{i}].body"),
                        format!(
                            "the example does not fit the response: {}: {}",
                            if p.path.is_empty() {
                                "the body"
                            } else {
                                &p.path
                            },
                            p.message
                        ),
                    ));
                }
            }
            Ok(_) => {}
        }
    }
    for (i, ex) in spec.request_examples.iter().enumerate() {
        let input = serde_json::to_value(&ex.input).unwrap_or(serde_json::Value::Null);
        if !input.is_object() {
            out.push(op.diagnostic(
                &format!("request_examples[{i}].input"),
                "the input is an object of parameters by wire name",
            ));
            continue;
        }
        let strict = Mode::Request {
            strict_enums: false,
        };
        for p in conform(&input, &spec.request, ns, strict) {
            out.push(op.diagnostic(
                &format!("request_examples[{i}].input"),
                format!(
                    "the input does not fit the request: {}: {}",
                    p.path, p.message
                ),
            ));
        }
        if ex.query.is_empty() && ex.form.is_empty() {
            out.push(op.diagnostic(
                &format!("request_examples[{i}]"),
                "give the `query` and/or `form` pairs the input must produce",
            ));
        }
    }
    if spec.method == MethodSpec::Get {
        for (i, f) in spec.request.iter().enumerate() {
            if f.location == LocationSpec::Form {
                out.push(op.diagnostic(
                    &format!("request[{i}].location"),
                    "a GET operation sends every parameter in the query",
                ));
            }
        }
    }
}
