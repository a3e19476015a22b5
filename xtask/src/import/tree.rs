//! The files an import reads and writes: the product folders of `specs/`, the first-line mark that tells
//! imported operation files from hand-written ones (and names their metadata, which makes the imported
//! specs their own manifest), and `overlays/<module>/<Action>.yaml`.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Where overlays live, beside `specs/` (a folder inside a product folder would be read as a spec).
pub const OVERLAYS: &str = "overlays";

const MARK: &str = "# Imported from ";
const MARK_END: &str = " by `cargo xtask import`; do not edit.";

/// The comment lines that open an imported operation file.
pub fn header(metadata: &str, module: &str, action: &str) -> Vec<String> {
    vec![
        format!("Imported from {metadata} by `cargo xtask import`; do not edit."),
        format!("Corrections and additions go in {OVERLAYS}/{module}/{action}.yaml."),
    ]
}

/// The metadata an operation file was imported from, if it was imported.
pub fn imported_from(text: &str) -> Option<&str> {
    let first = text.lines().next()?;
    first.strip_prefix(MARK)?.strip_suffix(MARK_END)
}

/// The YAML files of `specs/<module>/`, sorted (none when the folder does not exist).
pub fn product_files(root: &Path, module: &str) -> io::Result<Vec<(PathBuf, String)>> {
    let dir = root.join("specs").join(module);
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for path in sorted(&dir)? {
        if path.is_file() && path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            let text = fs::read_to_string(&path)?;
            out.push((path, text));
        }
    }
    Ok(out)
}

/// Every imported operation under `specs/`, the manifest of `cargo xtask import`: the operation files
/// that carry the import mark and the operations `LEFT_OUT.md` lists (tried again at every import):
/// module → (action → metadata path).
pub fn imported(root: &Path) -> io::Result<BTreeMap<String, BTreeMap<String, String>>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let specs = root.join("specs");
    if !specs.is_dir() {
        return Ok(out);
    }
    for folder in sorted(&specs)?.into_iter().filter(|p| p.is_dir()) {
        let Some(module) = folder.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        for (path, text) in product_files(root, module)? {
            let action = path
                .file_stem()
                .and_then(|s| s.to_str())
                // An imported product file belongs to its operations' import, not an operation itself.
                .filter(|a| *a != super::product_file::PRODUCT);
            if let (Some(action), Some(metadata)) = (action, imported_from(&text)) {
                out.entry(module.to_owned())
                    .or_default()
                    .insert(action.to_owned(), metadata.to_owned());
            }
        }
        let report = folder.join(super::left_out::LEFT_OUT_FILE);
        if let Some((metadata, actions)) = fs::read_to_string(&report)
            .ok()
            .as_deref()
            .and_then(super::left_out::listed)
        {
            let entry = out.entry(module.to_owned()).or_default();
            for action in actions {
                entry.insert(action, metadata.clone());
            }
        }
    }
    Ok(out)
}

/// The overlays of one module: action → (path, text).
pub fn overlays(root: &Path, module: &str) -> io::Result<BTreeMap<String, (PathBuf, String)>> {
    let dir = root.join(OVERLAYS).join(module);
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for path in sorted(&dir)? {
        let action = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
        if let (Some(action), true) = (action, path.extension().is_some_and(|e| e == "yaml")) {
            let text = fs::read_to_string(&path)?;
            out.insert(action, (path, text));
        }
    }
    Ok(out)
}

/// Writes the files that differ and removes `removed` (or, when `check`, only reports them); one line
/// per change.
pub fn sync(
    root: &Path,
    files: &[(PathBuf, String)],
    removed: &[PathBuf],
    check: bool,
) -> io::Result<Vec<String>> {
    let mut changes = Vec::new();
    for path in removed.iter().filter(|p| p.is_file()) {
        changes.push(format!("removed {}", shown(root, path)));
        if !check {
            fs::remove_file(path)?;
        }
    }
    for (path, text) in files {
        let current = fs::read_to_string(path).ok();
        if current.as_deref() == Some(text.as_str()) {
            continue;
        }
        let verb = if current.is_some() {
            "updated"
        } else {
            "created"
        };
        changes.push(format!("{verb} {}", shown(root, path)));
        if !check {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, text)?;
        }
    }
    Ok(changes)
}

/// `path` relative to the workspace, as people and editors want it.
pub fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn sorted(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut paths = fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    paths.sort();
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_round_trips() {
        let lines = header(
            "metadata/dts/2020-01-01/api-docs.json",
            "dts",
            "TagResources",
        );
        let text = format!("# {}\n# {}\nname: TagResources\n", lines[0], lines[1]);
        assert_eq!(
            imported_from(&text),
            Some("metadata/dts/2020-01-01/api-docs.json")
        );
        assert_eq!(imported_from("name: X\n"), None);
    }
}
