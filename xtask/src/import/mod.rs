//! `cargo xtask import`: Alibaba's API metadata (`metadata/<product>/<version>/api-docs.json`) plus the
//! overlays (`overlays/<module>/<Action>.yaml`) → operation specs (`specs/<module>/<Action>.yaml`).
//!
//! A front end of the generator: it reads JSON and writes specs in the YAML format of `specs/README.md`,
//! and knows nothing of the IR, tokens or HTTP. It reuses the spec model's loader and checks, so what it
//! writes is what `cargo xtask gen` accepts. Every imported file says on its first line which metadata it
//! came from: the imported files (and each product's `LEFT_OUT.md`) are their own manifest, and `--check`
//! re-imports exactly them. An operation with a problem is left out and listed, not a reason to refuse
//! its product (unless `--strict`).

mod args;
mod build;
mod check;
mod errors;
mod examples;
mod fit;
mod json;
mod left_out;
mod modules;
mod names;
mod operation;
mod order;
mod overlay;
mod paging;
mod paging_report;
mod plan;
mod product;
mod product_file;
mod prune;
mod report;
mod request;
mod schema;
#[cfg(test)]
mod seeds;
mod share;
mod text;
mod tree;
mod values;
mod variants;
mod yaml;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use args::USAGE;
use plan::Outcome;

/// Runs `cargo xtask import` with `args` (after `import`) in the workspace at `root`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let request = match args::parse_args(args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}\nusage: {USAGE}");
            return ExitCode::from(2);
        }
    };
    let outcomes = plan::plan_and_import(root, &request);
    let mut files = Vec::new();
    let mut removed = Vec::new();
    let mut refused = Vec::new();
    let mut problems = 0;
    let mut operations = 0;
    for (module, outcome) in outcomes {
        match outcome {
            Outcome::Imported(imported) => {
                for w in product::sorted(imported.warnings) {
                    eprintln!("warning: {w}");
                }
                println!(
                    "{module}: {} operation(s) imported, {} left out (specs/{module}/{}), {} with a paginator",
                    imported.operations,
                    imported.left_out,
                    left_out::LEFT_OUT_FILE,
                    imported.paginators
                );
                operations += imported.operations;
                files.extend(imported.files);
                removed.extend(imported.removed);
            }
            Outcome::Refused(list) => {
                let list = product::sorted(list);
                for p in &list {
                    eprintln!("{p}");
                }
                problems += list.len();
                refused.push(module);
            }
        }
    }
    // The products that import are written (or checked); a refused product is left as it was.
    let code = finish(root, &files, &removed, operations, request.check);
    if refused.is_empty() {
        return code;
    }
    eprintln!("{problems} problem(s) found");
    eprintln!(
        "error: the import has problems; nothing was written for {}",
        refused.join(", ")
    );
    ExitCode::from(1)
}

/// Writes (or, when `check`, compares) the files of the products imported.
fn finish(
    root: &Path,
    files: &[(PathBuf, String)],
    removed: &[PathBuf],
    operations: usize,
    check: bool,
) -> ExitCode {
    let changes = match tree::sync(root, files, removed, check) {
        Ok(changes) => changes,
        Err(e) => {
            eprintln!("error: cannot write the specs: {e}");
            return ExitCode::from(1);
        }
    };
    if check {
        if changes.is_empty() {
            println!("imported specs are fresh ({} operation(s))", operations);
            return ExitCode::SUCCESS;
        }
        for change in &changes {
            eprintln!(
                "stale: {}",
                change.split_once(' ').map_or(change.as_str(), |(_, p)| p)
            );
        }
        eprintln!(
            "error: the imported specs are not what the metadata and overlays give: run `cargo xtask import` and commit"
        );
        return ExitCode::from(1);
    }
    if changes.is_empty() {
        println!(
            "imported specs were already up to date ({} operation(s))",
            operations
        );
    }
    for change in &changes {
        println!("{change}");
    }
    ExitCode::SUCCESS
}
