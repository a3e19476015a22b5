//! The checks that parsing cannot make: references, duplicates, names, examples, constraints.
//!
//! [`validate`] walks every file of a [`SpecSet`] and returns every problem, each at the position of the
//! offending key. Nothing here panics on any input: a spec that passes can be lowered to the IR without
//! further checks.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::load::{Loaded, ProductFiles, SpecSet};
use super::model::{EnumSpec, ShapeSpec};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::names;

mod example;
mod fields;
pub mod http;
mod items;
mod operation;
mod paging;
mod waiters;

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
    if let Some(global) = &endpoints.global
        && !host_like(global)
    {
        out.push(product.diagnostic(
            "endpoints.global",
            format!("`{global}` is not a host (the global endpoint names no region)"),
        ));
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
        operation::validate_operation(op, &ns, out);
        http::check_http(op, spec.protocol, out);
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

/// Whether `c` changes the direction of text (U+202A–U+202E, U+2066–U+2069): rustc refuses these in
/// comments and literals, because they can make source read differently from what it is.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A problem with text that reaches generated code or the wire as a name or value (wire names, enum
/// values, error codes): control characters never belong there, nor text-direction controls.
pub(super) fn control_problem(text: &str) -> Option<String> {
    text.chars()
        .find(|c| c.is_control() || is_direction_control(*c))
        .map(|c| {
            if is_direction_control(c) {
                format!(
                    "contains the text-direction control character U+{:04X}",
                    u32::from(c)
                )
            } else {
                format!("contains the control character {:?}", c)
            }
        })
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
