//! Imports the chosen operations of one product: the product file, then the operations built together
//! ([`super::build`]) and validated as `cargo xtask gen` would ([`super::check`]).
//!
//! A problem in one operation never refuses the product: the operation is left out, listed with its
//! reasons in `specs/<module>/LEFT_OUT.md`, and the rest is built and validated again without it (so the
//! shape names and the shared types are those of the operations imported). `--strict` keeps the old
//! all-or-nothing behaviour. What refuses the product: a problem of the product file, of a hand-written
//! spec or of an overlay, and an operation named that the metadata does not have; then every problem is
//! listed at once, each operation's too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use acs_codegen::spec::load::{PRODUCT_FILE, parse_yaml};
use acs_codegen::spec::model::{OperationSpec, ProductSpec};

use super::build::{Built, Inputs, build};
use super::check::{Folder, loader_problem};
use super::json::Json;
use super::overlay::{self, Overlay};
use super::report::Problem;
use super::tree::{self, OVERLAYS};
use super::{left_out, paging_report, product_file, share};

/// What to import for one product.
pub struct Job<'a> {
    /// The module (`dts`): the folder under `specs/` and `overlays/`.
    pub module: String,
    /// The metadata file, relative to the workspace (it goes into each file's first line).
    pub metadata: String,
    /// The parsed metadata.
    pub doc: &'a Json,
    /// Keys the metadata gives twice inside an operation: action → paths.
    pub duplicates: &'a BTreeMap<String, Vec<String>>,
    /// The operations to import: those imported (or left out) before and the new ones.
    pub actions: BTreeSet<String>,
    /// All or nothing.
    pub strict: bool,
}

/// An imported product.
#[derive(Debug, Default)]
pub struct Imported {
    /// The files to write, path and text.
    pub files: Vec<(PathBuf, String)>,
    /// Imported operation files to remove: their operations are left out now.
    pub removed: Vec<PathBuf>,
    /// How many operations were imported.
    pub operations: usize,
    /// How many were left out.
    pub left_out: usize,
    /// How many have a paginator.
    pub paginators: usize,
    /// What a person may want to clean up (an `accept` entry that matches nothing).
    pub warnings: Vec<Problem>,
}

/// The product's files, or every problem found.
pub fn import(root: &Path, job: &Job<'_>) -> Result<Imported, Vec<Problem>> {
    let io = |e: std::io::Error| {
        vec![Problem::error(
            &job.module,
            "",
            format!("cannot read the spec folder: {e}"),
        )]
    };
    let existing = tree::product_files(root, &job.module).map_err(io)?;
    let overlay_files = tree::overlays(root, &job.module).map_err(io)?;
    let dir = root.join("specs").join(&job.module);
    let mut problems = Vec::new();

    // The product file: written by hand and kept, or imported (made again at every import).
    let product_path = dir.join(PRODUCT_FILE);
    let hand_product = existing
        .iter()
        .find(|(p, t)| *p == product_path && tree::imported_from(t).is_none())
        .cloned();
    let product_file = match hand_product {
        Some(file) => Some((file, false)),
        None => product_file::render(
            &job.module,
            &job.metadata,
            job.doc,
            overlay_files.get(product_file::PRODUCT),
            |p| tree::shown(root, p),
            &mut problems,
        )
        .map(|text| ((product_path.clone(), text), true)),
    };
    let product = product_file
        .as_ref()
        .and_then(|((_, text), _)| read_product(root, &dir, text, job, &mut problems));

    // Names the imported operations must leave alone: the generator's, and hand-written types.
    let mut reserved: BTreeSet<String> = ["Client", "Service"].map(str::to_owned).into();
    if let Some(product) = &product {
        reserved.extend(product.shapes.keys().chain(product.enums.keys()).cloned());
    }
    let hand_written: Vec<(PathBuf, String)> = existing
        .iter()
        .filter(|(p, t)| {
            tree::imported_from(t).is_none() && p.file_name().is_some_and(|n| n != PRODUCT_FILE)
        })
        .cloned()
        .collect();
    let mut names: Vec<String> = job.actions.iter().cloned().collect();
    for (path, text) in &hand_written {
        match parse_yaml::<OperationSpec>(path, text) {
            Ok(op) => {
                reserved.extend(op.spec.shapes.keys().chain(op.spec.enums.keys()).cloned());
                if job.actions.contains(&op.spec.name) {
                    problems.push(Problem::error(
                        &tree::shown(root, path),
                        "",
                        format!("{} is written by hand; remove the file to import the operation instead", op.spec.name),
                    ));
                }
                names.push(op.spec.name);
            }
            Err(d) => problems.push(loader_problem(root, &d)),
        }
    }
    for action in &names {
        reserved.insert(action.clone());
        for suffix in ["Input", "Output", "FluentBuilder", "ErrorCode"] {
            reserved.insert(format!("{}{suffix}", super::names::camel(action)));
        }
    }
    let mut overlays: BTreeMap<String, (String, Overlay)> = BTreeMap::new();
    for (action, (path, text)) in &overlay_files {
        if action == product_file::PRODUCT {
            continue;
        }
        let label = tree::shown(root, path);
        if !job.actions.contains(action) {
            problems.push(Problem::error(
                &format!("{OVERLAYS}/{}/{action}.yaml", job.module),
                "",
                "an overlay for an operation that is not imported",
            ));
        }
        match overlay::parse(&label, text) {
            Ok(o) => {
                overlays.insert(action.clone(), (label, o));
            }
            Err(more) => problems.extend(more),
        }
    }
    // An operation named (on the command line, or by the manifest) that the metadata does not have.
    let apis = job.doc.get("apis");
    for action in &job.actions {
        if apis.and_then(|a| a.get(action)).is_none() {
            problems.push(Problem::error(
                &job.module,
                action,
                format!("{} has no operation {action}", job.metadata),
            ));
        }
    }

    let inputs = Inputs {
        module: &job.module,
        doc: job.doc,
        reserved: &reserved,
        overlays: &overlays,
        duplicates: job.duplicates,
    };
    let kept: Vec<(PathBuf, String)> = product_file
        .iter()
        .map(|(file, _)| file.clone())
        .chain(hand_written.iter().cloned())
        .collect();
    let folder = Folder {
        root,
        dir: &dir,
        module: &job.module,
        metadata: &job.metadata,
        kept: &kept,
    };
    let mut candidates: BTreeSet<String> = job
        .actions
        .iter()
        .filter(|a| apis.and_then(|x| x.get(a.as_str())).is_some())
        .cloned()
        .collect();
    let mut failed: BTreeMap<String, Vec<Problem>> = BTreeMap::new();
    // Build, leave out what fails, build the rest again, until everything left passes. Each round
    // leaves out at least one operation, so this ends.
    let refuse =
        |mut problems: Vec<Problem>, more: Vec<Problem>, failed: BTreeMap<String, Vec<Problem>>| {
            // The product is refused: every problem is listed, the operations' too.
            problems.extend(more);
            problems.extend(failed.into_values().flatten());
            Err(problems)
        };
    let (mut built, files) = loop {
        let mut built = build(&inputs, &candidates);
        if !built.failed.is_empty() {
            for (action, reasons) in std::mem::take(&mut built.failed) {
                candidates.remove(&action);
                failed.insert(action, reasons);
            }
            continue;
        }
        if product.is_none() {
            return refuse(problems, built.overlay_problems, failed);
        }
        match folder.check(&mut built.nodes) {
            Ok(files) => break (built, files),
            Err(refused) if refused.product.is_empty() && !refused.ops.is_empty() => {
                for (action, reasons) in refused.ops {
                    candidates.remove(&action);
                    failed.insert(action, reasons);
                }
            }
            Err(refused) => {
                let mut more = refused.product;
                more.extend(refused.ops.into_values().flatten());
                more.extend(built.overlay_problems);
                return refuse(problems, more, failed);
            }
        }
    };
    let overlay_problems = std::mem::take(&mut built.overlay_problems);
    if !problems.is_empty() || !overlay_problems.is_empty() {
        return refuse(problems, overlay_problems, failed);
    }
    if job.strict && (!failed.is_empty() || !built.stale.is_empty()) {
        return refuse(problems, std::mem::take(&mut built.stale), failed);
    }
    finish(job, &folder, &existing, product_file, built, files, failed)
}

/// The product's files once its operations pass: types they share moved to an imported product file
/// (validated again), the reports, and the files of operations now left out to remove.
fn finish(
    job: &Job<'_>,
    folder: &Folder<'_>,
    existing: &[(PathBuf, String)],
    product_file: Option<((PathBuf, String), bool)>,
    mut built: Built,
    mut files: Vec<(PathBuf, String)>,
    failed: BTreeMap<String, Vec<Problem>>,
) -> Result<Imported, Vec<Problem>> {
    let Some(((product_path, product_text), imported_product)) = product_file else {
        // `import` refuses a product without a product file before it gets here.
        return Err(vec![Problem::error(
            &job.module,
            "",
            "the product has no product file",
        )]);
    };
    let mut product_text = product_text;
    // Identical types of several operations go to an imported product file (a hand-written one is left
    // as its author wrote it, and each operation keeps its own copies).
    if imported_product {
        let [shapes, enums] = share::share(&mut built.nodes);
        let shared = !shapes.is_empty() || !enums.is_empty();
        product_text =
            product_file::with_types(&job.module, &job.metadata, &product_text, shapes, enums)
                .map_err(|e| vec![Problem::error(&job.module, product_file::PRODUCT, e)])?;
        if shared {
            // The product file is the first kept file.
            let kept: Vec<(PathBuf, String)> =
                std::iter::once((product_path.clone(), product_text.clone()))
                    .chain(folder.kept.iter().skip(1).cloned())
                    .collect();
            let again = Folder {
                kept: &kept,
                ..*folder
            };
            files = again.check(&mut built.nodes).map_err(|refused| {
                // The copies passed on their own; shared, they must pass too.
                let mut problems = refused.product;
                problems.extend(refused.ops.into_values().flatten());
                problems
            })?;
        }
    }
    let dir = folder.dir;
    let reasons: BTreeMap<String, Vec<String>> = failed
        .iter()
        .map(|(action, problems)| {
            (
                action.clone(),
                problems.iter().map(Problem::reason).collect(),
            )
        })
        .collect();
    files.push((
        dir.join(super::fit::UNFIT_FILE),
        super::fit::unfit_list(&job.module, &job.metadata, &built.nodes),
    ));
    files.push((
        dir.join(paging_report::REPORT_FILE),
        paging_report::report(&job.module, &job.metadata, &built.nodes, &built.paged),
    ));
    files.push((
        dir.join(left_out::LEFT_OUT_FILE),
        left_out::report(
            &job.module,
            &job.metadata,
            built.nodes.len(),
            &reasons,
            &built.parts,
        ),
    ));
    if imported_product {
        files.push((product_path, product_text));
    }
    // The imported file of an operation left out now would be stale; the report keeps it in the manifest.
    let removed = failed
        .keys()
        .map(|action| folder.file_of(action))
        .filter(|path| {
            existing
                .iter()
                .any(|(p, t)| p == path && tree::imported_from(t).is_some())
        })
        .collect();
    Ok(Imported {
        files,
        removed,
        operations: built.nodes.len(),
        left_out: failed.len(),
        paginators: built
            .nodes
            .iter()
            .filter(|(_, n)| n.get("paginator").is_some())
            .count(),
        warnings: built.stale,
    })
}

/// Reads the text of `_product.yaml` and checks it is the metadata's product.
fn read_product(
    root: &Path,
    dir: &Path,
    text: &str,
    job: &Job<'_>,
    problems: &mut Vec<Problem>,
) -> Option<ProductSpec> {
    let path = dir.join(PRODUCT_FILE);
    let shown = tree::shown(root, &path);
    let product = match parse_yaml::<ProductSpec>(&path, text) {
        Ok(p) => p.spec,
        Err(d) => {
            problems.push(Problem::error(&shown, &d.path, d.message));
            return None;
        }
    };
    let info = job.doc.get("info");
    let said = |k: &str| {
        info.and_then(|i| i.get(k))
            .and_then(Json::as_str)
            .unwrap_or_default()
    };
    for (key, ours, theirs) in [
        ("code", &product.code, said("product")),
        ("version", &product.version, said("version")),
    ] {
        if ours != theirs {
            problems.push(Problem::error(
                &shown,
                key,
                format!("`{ours}`, but {} is `{theirs}`", job.metadata),
            ));
        }
    }
    Some(product)
}

/// Problems in a stable order, each once.
pub fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort();
    problems.dedup();
    problems
}
