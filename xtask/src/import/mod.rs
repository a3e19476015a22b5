//! `cargo xtask import`: Alibaba's API metadata (`metadata/<product>/<version>/api-docs.json`) plus the
//! overlays (`overlays/<module>/<Action>.yaml`) → operation specs (`specs/<module>/<Action>.yaml`).
//!
//! A front end of the generator: it reads JSON and writes specs in the YAML format of `specs/README.md`,
//! and knows nothing of the IR, tokens or HTTP. It reuses the spec model's loader and checks, so what it
//! writes is what `cargo xtask gen` accepts. Every imported file says on its first line which metadata it
//! came from: the imported files are their own manifest, and `--check` re-imports exactly them.

mod errors;
mod fit;
mod json;
mod names;
mod operation;
mod order;
mod overlay;
mod paging;
mod paging_report;
mod product;
mod product_file;
mod prune;
mod report;
mod schema;
#[cfg(test)]
mod seeds;
mod share;
mod text;
mod tree;
mod values;
mod variants;
mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use json::Json;
use report::Problem;

/// The usage of `cargo xtask import`.
pub const USAGE: &str = "cargo xtask import [<api-docs.json> (--ops A,B,... | --all)] [--check]

  import                     re-import every imported operation (after an overlay or metadata change)
  import FILE --ops A,B      import operations A and B of FILE into specs/<module>/ (module: the
                             metadata's product code in lowercase); FILE must be inside the workspace
  import FILE --all          import every operation of FILE
  --check                    change nothing; fail, naming each file, if the imported specs are not what
                             the metadata and overlays give (with FILE and --ops: those operations too)";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
struct Request {
    metadata: Option<PathBuf>,
    ops: Option<Selection>,
    check: bool,
}

/// Which operations of a metadata file.
#[derive(Debug, PartialEq, Eq)]
enum Selection {
    All,
    Some(BTreeSet<String>),
}

fn parse_args(args: &[&str]) -> Result<Request, String> {
    let mut request = Request {
        metadata: None,
        ops: None,
        check: false,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--check" => request.check = true,
            "--all" if request.ops.is_none() => request.ops = Some(Selection::All),
            "--ops" if request.ops.is_none() => {
                let list = rest.next().ok_or("--ops needs a list: --ops A,B")?;
                let names: BTreeSet<String> = list
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                if names.is_empty() {
                    return Err("--ops needs at least one operation".to_owned());
                }
                request.ops = Some(Selection::Some(names));
            }
            other if !other.starts_with("--") && request.metadata.is_none() => {
                request.metadata = Some(PathBuf::from(other));
            }
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    if request.metadata.is_some() != request.ops.is_some() {
        return Err("give the metadata file together with --ops or --all".to_owned());
    }
    Ok(request)
}

/// Runs `cargo xtask import` with `args` (after `import`) in the workspace at `root`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let request = match parse_args(args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}\nusage: {USAGE}");
            return ExitCode::from(2);
        }
    };
    match plan_and_import(root, &request) {
        Ok(files) => finish(root, &files, request.check),
        Err(problems) => {
            let problems = product::sorted(problems);
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("{} problem(s) found", problems.len());
            eprintln!("error: the import has problems; nothing was written");
            ExitCode::from(1)
        }
    }
}

/// Imports every product concerned; nothing is written here.
fn plan_and_import(root: &Path, request: &Request) -> Result<Vec<(PathBuf, String)>, Vec<Problem>> {
    let fail = |what: &str, e: String| vec![Problem::error(what, "", e)];
    let imported = tree::imported(root).map_err(|e| fail("specs", format!("cannot read: {e}")))?;
    // module → (metadata path, actions)
    let mut jobs: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    let mut problems = Vec::new();
    for (module, actions) in &imported {
        let sources: BTreeSet<&String> = actions.values().collect();
        if sources.len() > 1 {
            let list: Vec<&str> = sources.iter().map(|s| s.as_str()).collect();
            problems.push(Problem::error(
                &format!("specs/{module}"),
                "",
                format!("imported from several metadata files: {}", list.join(", ")),
            ));
            continue;
        }
        let metadata = sources.into_iter().next().cloned().unwrap_or_default();
        jobs.insert(
            module.clone(),
            (metadata, actions.keys().cloned().collect()),
        );
    }
    let mut docs: BTreeMap<String, Json> = BTreeMap::new();
    if let (Some(file), Some(selection)) = (&request.metadata, &request.ops) {
        let shown = relative(root, file).map_err(|e| fail(&file.display().to_string(), e))?;
        let doc = read_metadata(root, &shown)?;
        let module = doc
            .get("info")
            .and_then(|i| i.get("product"))
            .and_then(Json::as_str)
            .map(str::to_ascii_lowercase)
            .ok_or_else(|| fail(&shown, "`info.product` is missing".to_owned()))?;
        let wanted: BTreeSet<String> = match selection {
            Selection::All => doc
                .get("apis")
                .map(Json::entries)
                .unwrap_or_default()
                .iter()
                .map(|(k, _)| k.clone())
                .collect(),
            Selection::Some(names) => names.clone(),
        };
        let job = jobs
            .entry(module.clone())
            .or_insert_with(|| (shown.clone(), BTreeSet::new()));
        if job.0 != shown {
            problems.push(Problem::error(
                &format!("specs/{module}"),
                "",
                format!("imported from {}, not {shown}", job.0),
            ));
        }
        job.1.extend(wanted);
        // Only the product named on the command line is imported then.
        jobs.retain(|m, _| *m == module);
        docs.insert(shown, doc);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut files = Vec::new();
    for (module, (metadata, actions)) in jobs {
        if !docs.contains_key(&metadata) {
            match read_metadata(root, &metadata) {
                Ok(doc) => {
                    docs.insert(metadata.clone(), doc);
                }
                Err(more) => {
                    problems.extend(more);
                    continue;
                }
            }
        }
        let Some(doc) = docs.get(&metadata) else {
            continue;
        };
        let job = product::Job {
            module,
            metadata,
            doc,
            actions,
        };
        match product::import(root, &job) {
            Ok(more) => files.extend(more),
            Err(more) => problems.extend(more),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// `file` relative to the workspace root, with `/` separators: what an imported file's first line says.
fn relative(root: &Path, file: &Path) -> Result<String, String> {
    let absolute = |p: &Path| fs::canonicalize(p).map_err(|e| format!("{}: {e}", p.display()));
    let (root_abs, file_abs) = (absolute(root)?, absolute(file)?);
    let inside = file_abs.strip_prefix(&root_abs).map_err(|_| {
        "the metadata file must be inside the workspace, so that `--check` can find it again"
            .to_owned()
    })?;
    let parts: Vec<String> = inside
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Ok(parts.join("/"))
}

fn read_metadata(root: &Path, relative: &str) -> Result<Json, Vec<Problem>> {
    let text = fs::read_to_string(root.join(relative))
        .map_err(|e| vec![Problem::error(relative, "", format!("cannot read: {e}"))])?;
    let doc: Json = serde_json::from_str(&text)
        .map_err(|e| vec![Problem::error(relative, "", format!("not JSON: {e}"))])?;
    // A key given twice (an operation listed twice, a parameter key repeated) is an error with its path:
    // serde_json would keep the last silently.
    let duplicates: Vec<Problem> = doc
        .duplicates()
        .into_iter()
        .map(|path| {
            Problem::error(
                relative,
                &path,
                "this key is given twice; which one is meant is not for the importer to guess",
            )
        })
        .collect();
    if !duplicates.is_empty() {
        return Err(duplicates);
    }
    if doc
        .get("info")
        .and_then(|i| i.get("style"))
        .and_then(Json::as_str)
        != Some("RPC")
    {
        return Err(vec![Problem::error(
            relative,
            "info.style",
            "only RPC-style APIs can be imported",
        )]);
    }
    Ok(doc)
}

/// How many of `files` are operation specs (each product also gets its product file and its list of
/// unfit examples).
fn operations(files: &[(PathBuf, String)]) -> usize {
    files
        .iter()
        .filter(|(p, _)| {
            p.extension().is_some_and(|e| e == "yaml")
                && p.file_name()
                    .is_some_and(|n| n != acs_codegen::spec::load::PRODUCT_FILE)
        })
        .count()
}

fn finish(root: &Path, files: &[(PathBuf, String)], check: bool) -> ExitCode {
    let changes = match tree::sync(root, files, check) {
        Ok(changes) => changes,
        Err(e) => {
            eprintln!("error: cannot write the specs: {e}");
            return ExitCode::from(1);
        }
    };
    if check {
        if changes.is_empty() {
            println!(
                "imported specs are fresh ({} operation(s))",
                operations(files)
            );
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
            operations(files)
        );
    }
    for change in &changes {
        println!("{change}");
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let ops = |names: &[&str]| {
            Some(Selection::Some(
                names.iter().map(|s| (*s).to_owned()).collect(),
            ))
        };
        assert_eq!(
            parse_args(&["m.json", "--ops", "A,B,", "--check"]),
            Ok(Request {
                metadata: Some("m.json".into()),
                ops: ops(&["A", "B"]),
                check: true
            })
        );
        assert_eq!(
            parse_args(&[]),
            Ok(Request {
                metadata: None,
                ops: None,
                check: false
            })
        );
        assert_eq!(
            parse_args(&["m.json", "--all"]).map(|r| r.ops),
            Ok(Some(Selection::All))
        );
        assert!(parse_args(&["m.json"]).is_err());
        assert!(parse_args(&["--ops", "A"]).is_err());
        assert!(parse_args(&["m.json", "--ops"]).is_err());
        assert!(parse_args(&["m.json", "--ops", ","]).is_err());
        assert!(parse_args(&["m.json", "--all", "--ops", "A"]).is_err());
        assert!(parse_args(&["a.json", "b.json", "--all"]).is_err());
    }
}
