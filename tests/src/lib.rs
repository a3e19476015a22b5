//! Shared helpers for the workspace tests: where the specs are, their documented examples, and the
//! fixture product generated from `tests/fixtures/specs/` (compiled here to prove that an operation is
//! added by YAML alone).
//!
//! The repository README follows; its Rust example is compiled as a doctest of this crate.
#![doc = include_str!("../../README.md")]

use std::path::{Path, PathBuf};

use acs_codegen::spec::model::ExampleFormat;

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
    /// The body, verbatim.
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
                    body: ex.body.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| (&a.module, &a.action).cmp(&(&b.module, &b.action)));
    out
}
