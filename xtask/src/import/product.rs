//! Imports the chosen operations of one product: converts them together (their shape names share one
//! namespace), applies the overlays, marks the examples that do not fit, and validates the product's whole
//! spec folder as `cargo xtask gen` would, before anything is written.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use acs_codegen::spec::load::{PRODUCT_FILE, parse_yaml};
use acs_codegen::spec::model::{OperationSpec, ProductSpec};

use super::fit::{Lookup, unfit};
use super::json::Json;
use super::names::Namespace;
use super::operation::operation;
use super::order;
use super::overlay::{self, Accepted};
use super::paging;
use super::product_file;
use super::report::Problem;
use super::schema::Converter;
use super::share;
use super::tree::{self, OVERLAYS};
use super::yaml::{Node, render};

/// What to import for one product.
pub struct Job<'a> {
    /// The module (`dts`): the folder under `specs/` and `overlays/`.
    pub module: String,
    /// The metadata file, relative to the workspace (it goes into each file's first line).
    pub metadata: String,
    /// The parsed metadata.
    pub doc: &'a Json,
    /// The operations to import: those imported before and the new ones.
    pub actions: BTreeSet<String>,
}

/// The operation files of the product, path and text, or every problem found.
pub fn import(root: &Path, job: &Job<'_>) -> Result<Vec<(PathBuf, String)>, Vec<Problem>> {
    let io = |e: std::io::Error| {
        vec![Problem::error(
            &job.module,
            "",
            format!("cannot read the spec folder: {e}"),
        )]
    };
    let existing = tree::product_files(root, &job.module).map_err(io)?;
    let overlays = tree::overlays(root, &job.module).map_err(io)?;
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
            overlays.get(product_file::PRODUCT),
            |p| tree::shown(root, p),
            &mut problems,
        )
        .map(|text| ((product_path.clone(), text), true)),
    };
    let product = product_file
        .as_ref()
        .and_then(|((_, text), _)| read_product(root, &dir, text, job, &mut problems));
    let hand_written: Vec<&(PathBuf, String)> = existing
        .iter()
        .filter(|(p, t)| {
            tree::imported_from(t).is_none() && p.file_name().is_some_and(|n| n != PRODUCT_FILE)
        })
        .collect();
    let mut reserved: BTreeSet<String> = ["Client", "Service"].map(str::to_owned).into();
    if let Some(product) = &product {
        reserved.extend(product.shapes.keys().chain(product.enums.keys()).cloned());
    }
    let mut actions: Vec<String> = job.actions.iter().cloned().collect();
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
                actions.push(op.spec.name);
            }
            Err(d) => problems.push(Problem::error(&tree::shown(root, path), &d.path, d.message)),
        }
    }
    for action in &actions {
        reserved.insert(action.clone());
        for suffix in ["Input", "Output", "FluentBuilder", "ErrorCode"] {
            reserved.insert(format!("{}{suffix}", super::names::camel(action)));
        }
    }
    for action in overlays
        .keys()
        .filter(|a| !job.actions.contains(*a) && *a != product_file::PRODUCT)
    {
        problems.push(Problem::error(
            &format!("{OVERLAYS}/{}/{action}.yaml", job.module),
            "",
            "an overlay for an operation that is not imported",
        ));
    }

    // Convert every operation, then their objects one depth at a time, all operations together.
    let components = job.doc.get("components").and_then(|c| c.get("schemas"));
    let apis = job.doc.get("apis");
    let mut ns = Namespace::new(reserved);
    let mut converted: Vec<(String, Converter<'_>, Node)> = Vec::new();
    for action in &job.actions {
        let Some(api) = apis.and_then(|a| a.get(action)) else {
            problems.push(Problem::error(
                &job.module,
                action,
                format!("{} has no operation {action}", job.metadata),
            ));
            continue;
        };
        let mut conv = Converter::new(&job.module, action, components);
        let node = operation(&mut conv, &mut ns, action, api);
        converted.push((action.clone(), conv, node));
    }
    while converted.iter().any(|(_, c, _)| c.has_pending()) {
        for (_, conv, _) in converted.iter_mut() {
            conv.step(&mut ns);
        }
    }

    let learned = paging::learned(converted.iter().map(|(_, _, node)| node));
    let mut nodes = Vec::new();
    let mut paged = Vec::new();
    for (action, conv, mut node) in converted {
        if !conv.shapes.is_empty() {
            node.set("shapes", Node::Map(conv.shapes.clone()));
        }
        if !conv.enums.is_empty() {
            node.set("enums", Node::Map(conv.enums.clone()));
        }
        let (paginator, found) = paging::detect(&node, &learned);
        if let Some(p) = paginator {
            node.set("paginator", p);
        }
        paged.push((action.clone(), found));
        let mut reported = conv.problems.clone();
        if let Some((path, text)) = overlays.get(&action) {
            let label = tree::shown(root, path);
            match overlay::parse(&label, text) {
                Ok(o) => {
                    overlay::merge(&mut node, &o.patch, &label, &mut problems);
                    reported = accept(reported, &o.accept, &label, &mut problems);
                }
                Err(more) => problems.extend(more),
            }
        }
        problems.extend(reported);
        // After the overlay, which may declare or renumber the paginator: the page parameter's default
        // is then the first page, one fact (an overlay changes `paginator.first`, not the default).
        paging::align_default(&mut node);
        super::prune::prune(&mut node);
        order::operation(&mut node);
        nodes.push((action, node));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some(((product_path, mut product_text), imported_product)) = product_file else {
        return Err(problems);
    };
    // Identical types of several operations go to an imported product file (a hand-written one is left
    // as its author wrote it, and each operation keeps its own copies).
    if imported_product {
        let [shapes, enums] = share::share(&mut nodes);
        product_text =
            product_file::with_types(&job.module, &job.metadata, &product_text, shapes, enums)
                .map_err(|e| vec![Problem::error(&job.module, product_file::PRODUCT, e)])?;
    }
    let product_file = (product_path, product_text);
    let mut files = finish(
        root,
        job,
        &dir,
        &existing,
        (product_file, imported_product),
        nodes.clone(),
    )?;
    files.push((
        dir.join(super::paging_report::REPORT_FILE),
        super::paging_report::report(&job.module, &job.metadata, &nodes, &paged),
    ));
    Ok(files)
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

/// The overlay's `accept` entries take their reports away; an entry that matches no report is a problem,
/// so acceptances do not outlive what they accepted.
fn accept(
    reported: Vec<Problem>,
    accepted: &[Accepted],
    label: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Problem> {
    let matches = |p: &Problem, a: &Accepted| {
        p.path == a.path && p.construct.as_deref() == Some(a.key.as_str())
    };
    for a in accepted {
        if !reported.iter().any(|p| matches(p, a)) {
            problems.push(Problem::error(
                label,
                "accept",
                format!("nothing is reported at `{}` for `{}`", a.path, a.key),
            ));
        }
    }
    reported
        .into_iter()
        .filter(|p| !accepted.iter().any(|a| matches(p, a)))
        .collect()
}

/// Renders the operations, marks unfit examples and validates the product folder as it will be.
fn finish(
    root: &Path,
    job: &Job<'_>,
    dir: &Path,
    existing: &[(PathBuf, String)],
    (product_file, imported_product): ((PathBuf, String), bool),
    mut nodes: Vec<(String, Node)>,
) -> Result<Vec<(PathBuf, String)>, Vec<Problem>> {
    let file_of = |action: &str| dir.join(format!("{action}.yaml"));
    let text_of = |action: &str, node: &Node| {
        render(&tree::header(&job.metadata, &job.module, action), node)
            .map_err(|e| vec![Problem::error(&job.module, action, e)])
    };
    // The product file first, then the hand-written operations.
    let kept: Vec<(PathBuf, String)> = std::iter::once(product_file.clone())
        .chain(
            existing
                .iter()
                .filter(|(p, t)| tree::imported_from(t).is_none() && *p != product_file.0)
                .cloned(),
        )
        .collect();
    let mut texts = Vec::new();
    for (action, node) in &nodes {
        texts.push((file_of(action), text_of(action, node)?));
    }

    // Decide `unfit` with the loader's own check, on what the files will say.
    let parsed = parse_all(root, &kept, &texts)?;
    let (product, ops) = parsed;
    let lookup = Lookup::new(&product, ops.iter());
    for ((_, node), op) in nodes
        .iter_mut()
        .zip(ops.iter().skip(ops.len() - texts.len()))
    {
        if let Some(Node::Seq(examples)) = node.get_mut("examples") {
            for (example, reason) in examples.iter_mut().zip(unfit(op, &lookup)) {
                match reason {
                    Some(why) => example.set("unfit", Node::Str(why)),
                    None => example.remove("unfit"),
                }
            }
        }
        order::operation(node);
    }
    let mut files = Vec::new();
    for (action, node) in &nodes {
        files.push((file_of(action), text_of(action, node)?));
    }

    let mut all = kept;
    all.extend(files.iter().cloned());
    let checked = acs_codegen::spec::load_files(all).and_then(|set| acs_codegen::check(&set));
    if let Err(diagnostics) = checked {
        // An example marked `unfit` is documentation by decision; a loader that predates the key still
        // decodes it, and its report is not the import's problem.
        let unfit_example = |d: &acs_codegen::Diagnostic| {
            nodes.iter().any(|(action, node)| {
                d.file == file_of(action)
                    && match node.get("examples") {
                        Some(Node::Seq(list)) => list.iter().enumerate().any(|(i, e)| {
                            e.get("unfit").is_some() && d.path == format!("examples[{i}].body")
                        }),
                        _ => false,
                    }
            })
        };
        let problems: Vec<Problem> = diagnostics
            .iter()
            .filter(|d| !unfit_example(d))
            .map(|d| loader_problem(root, d))
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
    }
    files.push((
        dir.join(super::fit::UNFIT_FILE),
        super::fit::unfit_list(&job.module, &job.metadata, &nodes),
    ));
    if imported_product {
        files.push(product_file);
    }
    Ok(files)
}

/// Parses the product file, the hand-written operations and then the imported ones, in that order.
fn parse_all(
    root: &Path,
    kept: &[(PathBuf, String)],
    texts: &[(PathBuf, String)],
) -> Result<(ProductSpec, Vec<OperationSpec>), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut product = None;
    let mut ops = Vec::new();
    for (path, text) in kept.iter().chain(texts) {
        let is_product = path.file_name().is_some_and(|n| n == PRODUCT_FILE);
        let failed = |d: acs_codegen::Diagnostic| loader_problem(root, &d);
        if is_product {
            match parse_yaml::<ProductSpec>(path, text) {
                Ok(p) => product = Some(p.spec),
                Err(d) => problems.push(failed(d)),
            }
        } else {
            match parse_yaml::<OperationSpec>(path, text) {
                Ok(op) => ops.push(op.spec),
                Err(d) => problems.push(failed(d)),
            }
        }
    }
    match product {
        Some(product) if problems.is_empty() => Ok((product, ops)),
        _ => Err(problems),
    }
}

/// Problems in a stable order, each once.
pub fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort();
    problems.dedup();
    problems
}

/// A problem the spec loader found, written as `cargo xtask gen` writes it: `file:line:column: path: message`.
fn loader_problem(root: &Path, d: &acs_codegen::Diagnostic) -> Problem {
    let at = format!("{}:{}:{}", tree::shown(root, &d.file), d.line, d.column);
    if d.path.is_empty() {
        Problem::error(&at, "", d.message.clone())
    } else {
        Problem::error(&format!("{at}:"), &d.path, d.message.clone())
    }
}
