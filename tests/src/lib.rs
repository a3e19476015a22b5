//! Shared helpers for the workspace tests: where the specs are, their documented examples, and the
//! fixture product generated from `tests/fixtures/specs/` (compiled here to prove that an operation is
//! added by YAML alone).
//!
//! The repository README follows; its Rust example is compiled as a doctest of this crate.
#![doc = include_str!("../../README.md")]

use std::path::{Path, PathBuf};

use acs_codegen::spec::model::{ExampleFormat, RequestExampleSpec};
use acs_runtime::OperationInfo;
use serde_json::Value;

// Generated and formatted by prettyplease; rustfmt must not reformat it.
#[rustfmt::skip]
#[path = "../fixtures/generated/demo/mod.rs"]
pub mod demo;

// A product whose names hit every collision class the generator handles (see its `_product.yaml`).
#[rustfmt::skip]
#[path = "../fixtures/generated/edge/mod.rs"]
pub mod edge;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// A documented JSON example response of one operation.
#[derive(Clone, Debug)]
pub struct Example {
    /// The product module, such as `dbs`.
    pub module: String,
    /// The action, such as `DescribeRestoreTaskList`.
    pub action: String,
    /// The page's heading.
    pub title: String,
    /// The body, verbatim; for a RESTful answer held whole by one field, that field holding it (what
    /// the client decodes).
    pub body: String,
}

/// Every JSON example response in the specs below `root`, sorted by product and action.
pub fn json_examples(root: &Path) -> Vec<Example> {
    let set = match acs_codegen::spec::load_dir(root) {
        Ok(set) => set,
        Err(problems) => panic!("the specs do not load:\n{problems}"),
    };
    let mut out = Vec::new();
    for product in &set.products {
        for op in &product.operations {
            for ex in op
                .spec
                .examples
                .iter()
                // An example that contradicts its schema is documentation only.
                .filter(|e| e.format == ExampleFormat::Json && e.unfit.is_none())
            {
                out.push(Example {
                    module: product.product.spec.module.clone(),
                    action: op.spec.name.clone(),
                    title: ex.title.clone(),
                    body: acs_codegen::spec::conform::as_decoded(
                        &ex.body,
                        &op.spec.response.fields,
                    ),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.module, &a.action).cmp(&(&b.module, &b.action)));
    out
}

/// Every operation the tests can call: the generated crate's registry and the fixture products.
pub fn all_operations() -> Vec<&'static OperationInfo> {
    let mut all = acs_sdk::registry::operations();
    all.extend_from_slice(demo::OPERATIONS);
    all.extend_from_slice(edge::OPERATIONS);
    all
}

/// The operation `action` of product module `module`, from [`all_operations`].
pub fn operation(module: &str, action: &str) -> &'static OperationInfo {
    all_operations()
        .into_iter()
        .find(|o| o.service.module == module && o.action == action)
        .unwrap_or_else(|| panic!("{module}::{action} is in no registry: run `cargo xtask gen`"))
}

/// A documented input with the parameters it must put on the wire.
#[derive(Clone, Debug)]
pub struct RequestExample {
    /// The product module.
    pub module: String,
    /// The action.
    pub action: String,
    /// The example as the spec gives it.
    pub spec: RequestExampleSpec,
}

/// Every request example in the specs below `root`, sorted by product and action.
pub fn request_examples(root: &Path) -> Vec<RequestExample> {
    let set = match acs_codegen::spec::load_dir(root) {
        Ok(set) => set,
        Err(problems) => panic!("the specs do not load:\n{problems}"),
    };
    let mut out = Vec::new();
    for product in &set.products {
        for op in &product.operations {
            for ex in &op.spec.request_examples {
                out.push(RequestExample {
                    module: product.product.spec.module.clone(),
                    action: op.spec.name.clone(),
                    spec: ex.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.module, &a.action).cmp(&(&b.module, &b.action)));
    out
}

/// The first place where `got` differs from `want`, as `path: want … got …`; `None` when they are equal.
/// Numbers compare by value (`16` equals `16.0`), objects by key, and a number or a boolean equals its
/// text either way (`0` and `"0"`, `true` and `"true"`): the client decodes a scalar sent for a text field
/// as its text, and text for a number or boolean field as the value, by the documented lenient rule, so
/// it writes the value back in the type the spec declares.
pub fn json_difference(want: &Value, got: &Value) -> Option<String> {
    fn walk(want: &Value, got: &Value, path: &str) -> Option<String> {
        match (want, got) {
            (Value::Object(a), Value::Object(b)) => {
                for (k, v) in a {
                    let here = format!("{path}.{k}");
                    let found = match b.get(k) {
                        Some(w) => walk(v, w, &here),
                        None => Some(format!("{here}: missing (want {v})")),
                    };
                    if found.is_some() {
                        return found;
                    }
                }
                b.keys()
                    .find(|k| !a.contains_key(*k))
                    .map(|k| format!("{path}.{k}: unexpected (got {})", b[k]))
            }
            (Value::Array(a), Value::Array(b)) => {
                if a.len() != b.len() {
                    return Some(format!("{path}: {} items, want {}", b.len(), a.len()));
                }
                a.iter()
                    .zip(b)
                    .enumerate()
                    .find_map(|(i, (x, y))| walk(x, y, &format!("{path}[{i}]")))
            }
            (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
            (Value::Number(n), Value::String(s)) | (Value::String(s), Value::Number(n))
                if s.trim().parse::<f64>().ok() == n.as_f64() =>
            {
                None
            }
            (Value::Bool(b), Value::String(s)) | (Value::String(s), Value::Bool(b))
                if s.trim() == b.to_string() =>
            {
                None
            }
            (a, b) if a == b => None,
            (a, b) => Some(format!("{path}: want {a}, got {b}")),
        }
    }
    walk(want, got, "$")
}
