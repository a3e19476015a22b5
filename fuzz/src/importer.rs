//! The `importer` target: arbitrary bytes as Alibaba's `api-docs.json`, imported with `--all` into a
//! scratch workspace by xtask's importer (compiled in, see the crate root), as `cargo xtask import` does.
//!
//! Asserted for every input: no panic; the import ends in success or in its list of problems (exit code
//! 1, never 2 or anything else); a failed import writes nothing; a successful one writes only below
//! `specs/<module>/`, and what it writes loads with the generator's loader (the importer promises that
//! what it writes is what `cargo xtask gen` accepts).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Bits of metadata the stable driver inserts: keys the importer reads, references, odd names.
pub const DICTIONARY: &[&str] = &[
    "\"$ref\":\"#/components/schemas/A\"",
    "\"type\":\"object\",",
    "\"type\":\"array\",\"items\":{}",
    "\"properties\":{",
    "\"parameters\":[",
    "\"enum\":[",
    "\"style\":\"RPC\"",
    "\"product\":\"../x\"",
    "\"in\":\"formData\"",
    "\"required\":true,",
    "\"maxLength\":-1,",
    "\"example\":\"\\ud800\",",
    "1e999",
    "null",
];

/// Where the metadata goes, relative to the scratch workspace.
const METADATA: &str = "metadata/fuzz/2020-01-01/api-docs.json";

/// The folder that holds this process's scratch workspace and nothing else, so that a file written
/// beside the workspace is seen.
fn outer() -> PathBuf {
    std::env::temp_dir().join(format!("acs-fuzz-importer-{}", std::process::id()))
}

/// Every file below `dir`, relative to it, `/`-separated.
fn files(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                let shown = path.strip_prefix(base).unwrap_or(&path);
                out.push(shown.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    let outer = outer();
    // A fresh workspace each time: the importer re-imports what it finds imported in `specs/`.
    let _ = fs::remove_dir_all(&outer);
    let root = outer.join("ws");
    let metadata = root.join(METADATA);
    fs::create_dir_all(metadata.parent().expect("a folder")).expect("scratch workspace");
    fs::create_dir_all(root.join("specs")).expect("specs folder");
    fs::write(&metadata, data).expect("metadata");
    let path = metadata.to_str().expect("a UTF-8 temporary folder");
    let code = crate::import::run(&root, &[path, "--all"]);
    let written: Vec<String> = files(&outer)
        .into_iter()
        .filter(|f| *f != format!("ws/{METADATA}"))
        .collect();
    if code == ExitCode::SUCCESS {
        let module = written
            .first()
            .and_then(|f| f.strip_prefix("ws/specs/"))
            .and_then(|f| f.split('/').next())
            .unwrap_or_default()
            .to_owned();
        for file in &written {
            assert!(
                file.starts_with(&format!("ws/specs/{module}/")) && !module.is_empty(),
                "wrote {file} outside one product folder of specs/"
            );
        }
        // Nothing to load when the metadata had no operation to import.
        if !written.is_empty()
            && let Err(problems) = acs_codegen::load(&root.join("specs"))
        {
            panic!("imported specs that do not load:\n{problems}");
        }
    } else {
        assert!(
            code == ExitCode::from(1),
            "the import ended with {code:?}, not success or its problems"
        );
        assert!(written.is_empty(), "a failed import wrote {written:?}");
    }
}
