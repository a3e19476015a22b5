//! Reading spec files: the only place that knows YAML.
//!
//! [`parse_yaml`] is the one spec-loading function: every file goes through it, so the YAML library can be
//! swapped in one place. [`load_dir`] reads a `specs/` tree, [`load_files`] takes files already in memory
//! (tests use it), and both return every parse problem of every file at once.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::locate::Locator;
use super::model::{OperationSpec, ProductSpec};
use crate::diag::{Diagnostic, Diagnostics};

/// The name of the product file inside each product folder.
pub const PRODUCT_FILE: &str = "_product.yaml";

/// A parsed file with what is needed to point back into it.
#[derive(Clone, Debug)]
pub struct Loaded<T> {
    /// The path the file was read from.
    pub path: PathBuf,
    /// Positions of its keys.
    pub locator: Locator,
    /// What it says.
    pub spec: T,
}

impl<T> Loaded<T> {
    /// A diagnostic at `key_path` of this file.
    pub fn diagnostic(&self, key_path: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.locator.find(key_path);
        Diagnostic {
            file: self.path.clone(),
            line,
            column,
            path: key_path.to_owned(),
            message: message.into(),
        }
    }
}

/// One product folder: its product file and its operation files, sorted by path.
#[derive(Clone, Debug)]
pub struct ProductFiles {
    /// `_product.yaml`.
    pub product: Loaded<ProductSpec>,
    /// One per operation.
    pub operations: Vec<Loaded<OperationSpec>>,
}

/// Every product of a spec tree, sorted by folder.
#[derive(Clone, Debug, Default)]
pub struct SpecSet {
    /// The products.
    pub products: Vec<ProductFiles>,
}

/// Parses one YAML file into `T`, rejecting unknown keys, with the position of the first problem.
pub fn parse_yaml<T: DeserializeOwned>(path: &Path, text: &str) -> Result<Loaded<T>, Diagnostic> {
    let locator = Locator::new(text);
    match serde_yaml::from_str::<T>(text) {
        Ok(spec) => Ok(Loaded {
            path: path.to_owned(),
            locator,
            spec,
        }),
        Err(error) => {
            let (line, column) = error
                .location()
                .map(|l| (l.line(), l.column()))
                .unwrap_or((1, 1));
            let mut message = error.to_string();
            // The library appends the position we already report in front.
            if let Some(cut) = message.rfind(" at line ") {
                message.truncate(cut);
            }
            let (key_path, message) = split_serde_path(&message);
            Err(Diagnostic {
                file: path.to_owned(),
                line,
                column,
                path: key_path,
                message,
            })
        }
    }
}

/// serde_yaml writes `request[0].type: unknown variant ...`; keep the path apart like every diagnostic.
fn split_serde_path(message: &str) -> (String, String) {
    if let Some((path, rest)) = message.split_once(": ") {
        let looks_like_path = !path.is_empty()
            && !path.contains(' ')
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._[]-".contains(c));
        if looks_like_path {
            return (path.to_owned(), rest.to_owned());
        }
    }
    (String::new(), message.to_owned())
}

/// Reads every `*.yaml` file below `root` (one folder per product) and parses them.
pub fn load_dir(root: &Path) -> Result<SpecSet, Diagnostics> {
    let mut files = Vec::new();
    let mut problems = Diagnostics::new();
    let mut folders = match read_sorted(root) {
        Ok(entries) => entries,
        Err(e) => {
            return Err(whole_file(
                root,
                format!("cannot read the spec folder: {e}"),
            ));
        }
    };
    folders.retain(|p| p.is_dir());
    for folder in folders {
        match read_sorted(&folder) {
            Ok(entries) => {
                for path in entries {
                    if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                        match fs::read_to_string(&path) {
                            Ok(text) => files.push((path, text)),
                            Err(e) => {
                                problems.extend(whole_file(&path, format!("cannot read: {e}")))
                            }
                        }
                    }
                }
            }
            Err(e) => problems.extend(whole_file(&folder, format!("cannot read: {e}"))),
        }
    }
    match load_files(files) {
        Ok(set) => problems.into_result(set),
        Err(more) => {
            problems.extend(more);
            problems.into_result(SpecSet::default())
        }
    }
}

fn read_sorted(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    paths.sort();
    Ok(paths)
}

fn whole_file(path: &Path, message: String) -> Diagnostics {
    let mut d = Diagnostics::new();
    d.push(Diagnostic {
        file: path.to_owned(),
        line: 0,
        column: 0,
        path: String::new(),
        message,
    });
    d
}

/// What one folder holds while files are being parsed.
type Folder = (Option<Loaded<ProductSpec>>, Vec<Loaded<OperationSpec>>);

/// Parses files given as (path, text); a file's folder is its product.
pub fn load_files(files: Vec<(PathBuf, String)>) -> Result<SpecSet, Diagnostics> {
    let mut problems = Diagnostics::new();
    let mut folders: BTreeMap<PathBuf, Folder> = BTreeMap::new();
    let mut files = files;
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, text) in files {
        let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let entry = folders.entry(folder).or_default();
        let is_product = path.file_name().is_some_and(|n| n == PRODUCT_FILE);
        if is_product {
            match parse_yaml::<ProductSpec>(&path, &text) {
                Ok(product) => entry.0 = Some(product),
                Err(d) => problems.push(d),
            }
        } else {
            match parse_yaml::<OperationSpec>(&path, &text) {
                Ok(operation) => entry.1.push(operation),
                Err(d) => problems.push(d),
            }
        }
    }
    let mut set = SpecSet::default();
    for (folder, (product, operations)) in folders {
        match product {
            Some(product) => set.products.push(ProductFiles {
                product,
                operations,
            }),
            None if problems
                .iter()
                .any(|d| d.file.parent() == Some(folder.as_path())) => {}
            None => problems.extend(whole_file(
                &folder,
                format!("this product folder has no {PRODUCT_FILE}"),
            )),
        }
    }
    problems.into_result(set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product() -> (PathBuf, String) {
        (
            PathBuf::from("specs/demo/_product.yaml"),
            "code: Demo\ntitle: Demo\nmodule: demo\nversion: \"2020-01-01\"\nendpoints:\n  fallback: demo.aliyuncs.com\n"
                .to_owned(),
        )
    }

    #[test]
    fn unknown_keys_are_reported_with_position_and_path() {
        let bad = (
            PathBuf::from("specs/demo/Op.yaml"),
            "name: Op\nsummary: s\nresponse:\n  fields:\n    - name: A\n      type: string\n      typo: 1\n"
                .to_owned(),
        );
        let err = load_files(vec![product(), bad]).unwrap_err();
        let d = err.iter().next().expect("one problem");
        assert_eq!(d.line, 7, "{d}");
        assert!(d.message.contains("unknown field `typo`"), "{d}");
        assert!(d.path.starts_with("response.fields[0]"), "{d}");
    }

    #[test]
    fn every_broken_file_is_reported() {
        let a = (PathBuf::from("specs/demo/A.yaml"), "name: [".to_owned());
        let b = (
            PathBuf::from("specs/demo/B.yaml"),
            "name: B\nsummary: s\nresponse:\n  fields:\n    - name: X\n      type: strng\n"
                .to_owned(),
        );
        let err = load_files(vec![product(), a, b]).unwrap_err();
        assert_eq!(err.len(), 2, "{err}");
        assert!(err.to_string().contains("strng"), "{err}");
    }

    #[test]
    fn a_folder_without_product_file_is_an_error() {
        let op = (
            PathBuf::from("specs/lonely/Op.yaml"),
            "name: Op\nsummary: s\nresponse: {}\n".to_owned(),
        );
        let err = load_files(vec![op]).unwrap_err();
        assert!(err.to_string().contains("has no _product.yaml"), "{err}");
    }
}
