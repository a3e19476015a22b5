//! Which products an import concerns and where their metadata is: the operations imported before (the
//! manifest under `specs/`) and those named on the command line, each product read from its metadata
//! file and imported on its own.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use super::args::{Request, Selection};
use super::json::Json;
use super::modules::module_for;
use super::product::{self, Imported, Job};
use super::report::Problem;
use super::tree;

/// A metadata file read for import.
pub struct Metadata {
    /// The parsed file.
    pub doc: Json,
    /// Keys given twice inside an operation: action → their paths (that operation is left out).
    pub duplicates: BTreeMap<String, Vec<String>>,
}

/// What became of one product.
pub enum Outcome {
    /// Imported: its files.
    Imported(Imported),
    /// Refused, with every problem.
    Refused(Vec<Problem>),
}

/// Imports every product concerned, module by module; nothing is written here.
pub fn plan_and_import(root: &Path, request: &Request) -> BTreeMap<String, Outcome> {
    let mut out = BTreeMap::new();
    let refuse = |what: &str, e: String| Outcome::Refused(vec![Problem::error(what, "", e)]);
    let imported = match tree::imported(root) {
        Ok(i) => i,
        Err(e) => {
            out.insert(
                "specs".to_owned(),
                refuse("specs", format!("cannot read: {e}")),
            );
            return out;
        }
    };
    // module → (metadata path, actions)
    let mut jobs: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    for (module, actions) in &imported {
        let sources: BTreeSet<&String> = actions.values().collect();
        if sources.len() > 1 {
            let list: Vec<&str> = sources.iter().map(|s| s.as_str()).collect();
            let what = format!("specs/{module}");
            let why = format!("imported from several metadata files: {}", list.join(", "));
            out.insert(module.clone(), refuse(&what, why));
            continue;
        }
        let metadata = sources.into_iter().next().cloned().unwrap_or_default();
        jobs.insert(
            module.clone(),
            (metadata, actions.keys().cloned().collect()),
        );
    }
    let mut docs: BTreeMap<String, Result<Metadata, Vec<Problem>>> = BTreeMap::new();
    if let (Some(file), Some(selection)) = (&request.metadata, &request.ops) {
        let shown = match relative(root, file) {
            Ok(s) => s,
            Err(e) => {
                let what = file.display().to_string();
                return BTreeMap::from([(what.clone(), refuse(&what, e))]);
            }
        };
        let metadata = match read_metadata(root, &shown) {
            Ok(m) => m,
            Err(problems) => return BTreeMap::from([(shown, Outcome::Refused(problems))]),
        };
        let module = match module_for(root, &shown, &metadata.doc) {
            Ok(m) => m,
            Err(e) => return BTreeMap::from([(shown.clone(), refuse(&shown, e))]),
        };
        let wanted: BTreeSet<String> = match selection {
            Selection::All => metadata
                .doc
                .get("apis")
                .map(Json::entries)
                .unwrap_or_default()
                .iter()
                .map(|(k, _)| k.clone())
                .collect(),
            Selection::Some(names) => names.clone(),
        };
        // Only the product named on the command line is imported then.
        out.retain(|m, _| *m == module);
        jobs.retain(|m, _| *m == module);
        let job = jobs
            .entry(module.clone())
            .or_insert_with(|| (shown.clone(), BTreeSet::new()));
        if job.0 != shown {
            let what = format!("specs/{module}");
            let why = format!("imported from {}, not {shown}", job.0);
            return BTreeMap::from([(module, refuse(&what, why))]);
        }
        job.1.extend(wanted);
        docs.insert(shown, Ok(metadata));
    }
    for (module, (metadata, actions)) in jobs {
        let read = docs
            .entry(metadata.clone())
            .or_insert_with(|| read_metadata(root, &metadata));
        let doc = match read {
            Ok(doc) => doc,
            Err(problems) => {
                out.insert(module, Outcome::Refused(problems.clone()));
                continue;
            }
        };
        // An older version's module changes name when a newer version arrives beside it.
        match module_for(root, &metadata, &doc.doc) {
            Ok(m) if m == module => {}
            Ok(m) => {
                let why = format!(
                    "imported from {metadata}, whose module is now `{m}` (a newer version is beside it): import it into specs/{m}/ and remove specs/{module}/"
                );
                out.insert(module.clone(), refuse(&format!("specs/{module}"), why));
                continue;
            }
            Err(e) => {
                out.insert(module.clone(), refuse(&metadata, e));
                continue;
            }
        }
        let job = Job {
            module: module.clone(),
            metadata,
            doc: &doc.doc,
            duplicates: &doc.duplicates,
            actions,
            strict: request.strict,
        };
        let outcome = match product::import(root, &job) {
            Ok(imported) => Outcome::Imported(imported),
            Err(problems) => Outcome::Refused(problems),
        };
        out.insert(module, outcome);
    }
    out
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

/// Reads a metadata file. What refuses the whole product: a file that cannot be read or is not JSON, an
/// API style other than RPC, and a key given twice outside the operations; a key given twice inside an
/// operation leaves that operation out.
pub fn read_metadata(root: &Path, relative: &str) -> Result<Metadata, Vec<Problem>> {
    let text = fs::read_to_string(root.join(relative))
        .map_err(|e| vec![Problem::error(relative, "", format!("cannot read: {e}"))])?;
    let doc: Json = serde_json::from_str(&text)
        .map_err(|e| vec![Problem::error(relative, "", format!("not JSON: {e}"))])?;
    let style = doc
        .get("info")
        .and_then(|i| i.get("style"))
        .and_then(Json::as_str);
    let mut problems = Vec::new();
    if !matches!(style, Some("RPC" | "ROA")) {
        problems.push(Problem::error(
            relative,
            "info.style",
            format!(
                "the API style is {}: the importer takes RPC and ROA (RESTful) APIs",
                style.map_or_else(|| "not given".to_owned(), |s| format!("`{s}`"))
            ),
        ));
    }
    // A key given twice (an operation listed twice, a parameter key repeated): serde_json would keep the
    // last silently, and which one is meant is not for the importer to guess.
    let mut duplicates: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in doc.duplicates() {
        let action = path
            .strip_prefix("apis.")
            .and_then(|rest| rest.split(['.', '[']).next())
            .filter(|a| !a.is_empty());
        match action {
            Some(action) => duplicates
                .entry(action.to_owned())
                .or_default()
                .push(path.clone()),
            None => problems.push(Problem::error(
                relative,
                &path,
                "this key is given twice; which one is meant is not for the importer to guess",
            )),
        }
    }
    if problems.is_empty() {
        Ok(Metadata { doc, duplicates })
    } else {
        Err(problems)
    }
}
