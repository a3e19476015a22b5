//! The catalogue's scratch workspace (`target/bench/catalogue-<dir>`): the metadata and this workspace's
//! overlays copied in, a manifest whose members are the generated crates (depending on this workspace's
//! runtime, as the synthetic catalogues do), and the release `xtask` run on it as a black box: `import
//! FILE --all --root SCRATCH` per product version, then `gen --root SCRATCH`. What the importer wrote is
//! read back from the files, by the first-line mark naming each file's metadata, not from its output.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::super::measure::{self, Outcome, Run};
use super::super::synth;
use super::batch;

/// The rustc wrapper's file name inside the scratch workspace.
pub(crate) const WRAPPER: &str = "rustc-timed.sh";

/// Where `gen` failures move a product's specs aside, so the other products are still generated.
const SET_ASIDE: &str = "not-generated";

/// Makes `scratch` afresh: `metadata/<relative>` for each of `files` (relative to `dir`), `overlays/`
/// copied from the workspace, the manifest, `Cargo.lock` and the rustc wrapper.
pub(crate) fn prepare(root: &Path, dir: &Path, scratch: &Path, files: &[&str]) -> io::Result<()> {
    let _ = fs::remove_dir_all(scratch);
    fs::create_dir_all(scratch.join("specs"))?;
    for relative in files {
        let to = scratch.join("metadata").join(relative);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(dir.join(relative), to)?;
    }
    copy_tree(&root.join("overlays"), &scratch.join("overlays"))?;
    fs::write(scratch.join("Cargo.toml"), synth::manifest(root)?)?;
    fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"))?;
    let wrapper = scratch.join(WRAPPER);
    fs::write(&wrapper, batch::WRAPPER)?;
    make_executable(&wrapper)
}

#[cfg(unix)]
fn make_executable(path: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> io::Result<()> {
    Ok(())
}

/// Copies the files below `from` to `to` (nothing when `from` does not exist: a workspace without
/// overlays).
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        if path.is_dir() {
            copy_tree(&path, &to.join(entry.file_name()))?;
        } else {
            fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// `xtask import metadata/<relative> --all --root SCRATCH`, timed, whether it succeeds or not.
pub(crate) fn import(xtask: &str, scratch: &Path, relative: &str) -> Result<Outcome, String> {
    let file = scratch.join("metadata").join(relative);
    let file = file.to_string_lossy();
    let root = scratch.to_string_lossy();
    measure::outcome(
        scratch,
        &[],
        xtask,
        &["import", &file, "--all", "--root", &root],
    )
}

/// What one import wrote, read from the scratch specs.
#[derive(Debug, Default)]
pub(crate) struct Written {
    /// module → the operations imported into it from this metadata file.
    pub(crate) modules: BTreeMap<String, BTreeSet<String>>,
    /// Each module's `LEFT_OUT.md`, if it has one.
    pub(crate) left_out: BTreeMap<String, String>,
    /// Each module's `PAGINATORS.md`, if it has one.
    pub(crate) paginators: BTreeMap<String, String>,
}

/// The modules whose files name `metadata/<relative>` on their first line (the importer's mark on every
/// file it writes), and what they hold.
pub(crate) fn written(scratch: &Path, relative: &str) -> io::Result<Written> {
    let mark = format!(" metadata/{relative}");
    let mut out = Written::default();
    let specs = scratch.join("specs");
    for module_dir in sorted_dirs(&specs)? {
        let Some(module) = module_dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let mut ours = false;
        let mut operations = BTreeSet::new();
        for entry in fs::read_dir(&module_dir)? {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let first = first_line(&path);
            if !first.contains(&mark) {
                continue;
            }
            ours = true;
            if let Some(action) = name.strip_suffix(".yaml")
                && name != acs_codegen::spec::load::PRODUCT_FILE
            {
                operations.insert(action.to_owned());
            }
        }
        if !ours {
            continue;
        }
        for (file, into) in [
            ("LEFT_OUT.md", &mut out.left_out),
            ("PAGINATORS.md", &mut out.paginators),
        ] {
            if let Ok(text) = fs::read_to_string(module_dir.join(file)) {
                into.insert(module.to_owned(), text);
            }
        }
        out.modules.insert(module.to_owned(), operations);
    }
    Ok(out)
}

fn first_line(path: &Path) -> String {
    use io::BufRead;
    let Ok(file) = fs::File::open(path) else {
        return String::new();
    };
    let mut line = String::new();
    let _ = io::BufReader::new(file).read_line(&mut line);
    line
}

fn sorted_dirs(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// `xtask gen --root SCRATCH`, and what it left out.
#[derive(Debug, Default)]
pub(crate) struct Generation {
    /// The timing of the run that succeeded.
    pub(crate) run: Option<Run>,
    /// How many runs it took (one more per round of products set aside).
    pub(crate) attempts: usize,
    /// Products whose specs `gen` refused, set aside so the others are generated: module → first line.
    pub(crate) set_aside: BTreeMap<String, String>,
    /// When `gen` failed and no product could be blamed: its first lines.
    pub(crate) failed: Option<Vec<String>>,
}

/// Generates the scratch workspace. `gen` writes nothing when any product has a problem, so a product its
/// diagnostics name (`specs/<module>/…`) is moved aside and `gen` run again, until it succeeds or blames
/// no product.
pub(crate) fn generate(xtask: &str, scratch: &Path) -> Result<Generation, String> {
    let root = scratch.to_string_lossy().into_owned();
    let specs = scratch.join("specs");
    let mut out = Generation::default();
    loop {
        out.attempts += 1;
        let run = measure::outcome(scratch, &[], xtask, &["gen", "--root", &root])?;
        if run.ok {
            out.run = run.run;
            return Ok(out);
        }
        let text = format!("{}\n{}", run.stderr, run.stdout);
        let modules: Vec<String> = sorted_dirs(&specs)
            .map_err(|e| e.to_string())?
            .iter()
            .filter_map(|p| p.file_name().and_then(|n| n.to_str()).map(str::to_owned))
            .collect();
        let mut blamed = false;
        for module in modules {
            let needle = format!("specs/{module}/");
            if let Some(line) = text.lines().find(|l| l.contains(&needle)) {
                let aside = scratch.join(SET_ASIDE).join(&module);
                fs::create_dir_all(scratch.join(SET_ASIDE)).map_err(|e| e.to_string())?;
                fs::rename(specs.join(&module), aside).map_err(|e| e.to_string())?;
                out.set_aside.insert(module, line.trim().to_owned());
                blamed = true;
            }
        }
        if !blamed {
            out.failed = Some(super::first_lines(&text, 5));
            return Ok(out);
        }
    }
}

/// The generated product crates: module → (package, library name).
pub(crate) fn crates(scratch: &Path) -> io::Result<BTreeMap<String, (String, String)>> {
    let mut out = BTreeMap::new();
    for dir in sorted_dirs(&scratch.join("generated/products"))? {
        let Some(module) = dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Ok(manifest) = fs::read_to_string(dir.join("Cargo.toml")) else {
            continue;
        };
        if let Some(names) = batch::names(&manifest) {
            out.insert(module.to_owned(), names);
        }
    }
    Ok(out)
}
