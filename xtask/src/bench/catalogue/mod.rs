//! `cargo xtask bench catalogue [DIR]`: the whole catalogue as a benchmark. Every
//! `<product>/<version>/api-docs.json` below DIR (default `metadata/`) is imported into a scratch
//! workspace, the scratch workspace is generated once, and its product crates are checked in batches;
//! the coverage (operations imported, left out by reason, compiled) and the cost (seconds, peak memory)
//! go into the catalogue section of `BENCHMARKS.md` ([`report`]), replacing only that section.
//!
//! The importer and the generator are run as black boxes (the release `xtask` binary), and what they
//! wrote is read back from files, so changes inside them do not break the benchmark: a product version
//! the importer refuses, a product `gen` refuses and a crate that does not compile are each reported,
//! never a reason for the command to fail.

mod batch;
mod compile;
mod explain;
mod notes;
pub(crate) mod report;
mod scratch;
pub(crate) mod splice;
mod targets;
#[cfg(test)]
mod tests;
mod walk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::measure::Run;
use super::{cargo, must};
pub(crate) use batch::BUDGET;
pub(crate) use compile::{Batch, Checked};
pub(crate) use walk::Found;

/// What `cargo xtask bench catalogue` accepts.
pub const USAGE: &str = "cargo xtask bench catalogue [DIR] [--out FILE] [--budget OPERATIONS]
  DIR         a directory laid out as Alibaba's metadata, <product>/<version>/api-docs.json
              (default metadata/ of the workspace)
  --out FILE  the report whose catalogue section is replaced (default BENCHMARKS.md)
  --budget N  the most operations one `cargo check` batch holds (default 1,500)";

/// The whole run, for the report.
pub(crate) struct Catalogue {
    /// DIR as shown (relative to the workspace when inside it).
    pub(crate) dir: String,
    /// The scratch workspace, as shown.
    pub(crate) scratch: String,
    pub(crate) budget: usize,
    pub(crate) versions: Vec<Version>,
    pub(crate) generation: scratch::Generation,
    /// Operations in the generated crates.
    pub(crate) generated_operations: usize,
    pub(crate) batches: Vec<Batch>,
    /// `/proc/loadavg`'s three figures when the checks began: how busy the machine was.
    pub(crate) load: Option<String>,
    /// Wall seconds of the whole command, builds included.
    pub(crate) seconds: f64,
}

/// One metadata file and what became of it.
pub(crate) struct Version {
    pub(crate) found: Found,
    /// Operations in the metadata (none when skipped).
    pub(crate) operations: usize,
    pub(crate) state: State,
}

/// What became of a metadata file.
pub(crate) enum State {
    /// Not imported: not RPC, or not readable.
    Skipped(String),
    /// The importer refused it (exit status not 0): its timing and its first lines of output.
    Refused {
        import: Option<Run>,
        output: Vec<String>,
    },
    Imported(Imported),
}

/// An imported product version.
pub(crate) struct Imported {
    pub(crate) import: Option<Run>,
    /// The modules it went into (one, unless the importer splits it), each with its crate's outcome.
    pub(crate) modules: Vec<Module>,
    /// Operations imported (spec files), over its modules.
    pub(crate) imported: usize,
    /// Operations of the metadata not imported → their reasons.
    pub(crate) left_out: BTreeMap<String, Vec<String>>,
    /// Imported operations with parts left out (an error example, say) → the reasons.
    pub(crate) parts: BTreeMap<String, Vec<String>>,
    /// Whether a `LEFT_OUT.md` was there to give reasons.
    pub(crate) listed: bool,
    /// Operations with a paginator, when `PAGINATORS.md` says.
    pub(crate) paginators: Option<usize>,
}

/// A module of an imported product version.
pub(crate) struct Module {
    pub(crate) name: String,
    pub(crate) operations: usize,
    pub(crate) checked: Checked,
}

/// `cargo xtask bench catalogue ...` (`args` after `catalogue`).
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let mut dir = root.join("metadata");
    let mut out = root.join("BENCHMARKS.md");
    let mut budget = BUDGET;
    let mut dir_given = false;
    let mut i = 0;
    while i < args.len() {
        match (args[i], args.get(i + 1)) {
            ("--out", Some(file)) => {
                out = PathBuf::from(file);
                i += 1;
            }
            ("--budget", Some(n)) if n.replace(',', "").parse::<usize>().is_ok() => {
                budget = n.replace(',', "").parse().unwrap_or(BUDGET);
                i += 1;
            }
            (other, _) if !other.starts_with("--") && !dir_given => {
                dir = PathBuf::from(other);
                dir_given = true;
            }
            _ => {
                eprintln!("usage: {USAGE}");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }
    let cargo = cargo();
    eprintln!("== building the generator (release)");
    if let Err(e) = must(
        root,
        &[],
        &cargo,
        &["build", "--release", "-q", "-p", "xtask", "--bin", "xtask"],
    ) {
        eprintln!("error: {e}");
        return ExitCode::from(1);
    }
    let xtask = root.join("target/release/xtask");
    let result = measure(root, &dir, &xtask.to_string_lossy(), &cargo, budget)
        .map(|c| report::section(&c))
        .and_then(|section| {
            let existing = std::fs::read_to_string(&out).unwrap_or_default();
            splice::replace_section(&existing, &section)
        })
        .and_then(|text| {
            std::fs::write(&out, text).map_err(|e| format!("cannot write {}: {e}", out.display()))
        });
    match result {
        Ok(()) => {
            println!("wrote the catalogue section of {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// Measures the catalogue below `dir` with the release `xtask` binary (already built).
pub(crate) fn measure(
    root: &Path,
    dir: &Path,
    xtask: &str,
    cargo: &str,
    budget: usize,
) -> Result<Catalogue, String> {
    let started = Instant::now();
    let found = walk::find(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dir".to_owned());
    let scratch_dir = root.join("target/bench").join(format!("catalogue-{name}"));
    let mut versions = Vec::new();
    let mut to_import = Vec::new();
    for f in found {
        let (operations, state) = match walk::classify(&dir.join(&f.relative)) {
            walk::Kind::Rpc(ops) => {
                to_import.push((versions.len(), ops.clone()));
                (ops.len(), State::Skipped(String::new()))
            }
            walk::Kind::Skipped(reason) => (0, State::Skipped(reason)),
        };
        versions.push(Version {
            found: f,
            operations,
            state,
        });
    }
    let files: Vec<&str> = to_import
        .iter()
        .map(|(i, _)| versions[*i].found.relative.as_str())
        .collect();
    scratch::prepare(root, dir, &scratch_dir, &files)
        .map_err(|e| format!("{}: {e}", scratch_dir.display()))?;

    for (i, ops) in &to_import {
        let relative = versions[*i].found.relative.clone();
        eprintln!("== catalogue: import {relative}");
        let outcome = scratch::import(xtask, &scratch_dir, &relative)?;
        versions[*i].state = if outcome.ok {
            let written = scratch::written(&scratch_dir, &relative).map_err(|e| e.to_string())?;
            State::Imported(imported(outcome.run, ops, written))
        } else {
            let text = format!("{}\n{}", outcome.stderr, outcome.stdout);
            let mut output = first_lines(&text, 3);
            // The importer ends with how many problems it found: worth more than a fourth line.
            if let Some(count) = text.lines().find(|l| l.contains("problem(s) found"))
                && !output.iter().any(|l| l == count.trim())
            {
                output.push(count.trim().to_owned());
            }
            State::Refused {
                import: outcome.run,
                output,
            }
        };
    }

    eprintln!("== catalogue: generate");
    let generation = scratch::generate(xtask, &scratch_dir)?;
    let crates = scratch::crates(&scratch_dir).map_err(|e| e.to_string())?;
    let operations_of = module_operations(&versions);
    let list: Vec<(String, String, usize)> = crates
        .iter()
        .map(|(module, (package, lib))| {
            let ops = operations_of.get(module).copied().unwrap_or(0);
            (package.clone(), lib.clone(), ops)
        })
        .collect();
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(", "));
    let (batches, checked) = if generation.failed.is_none() && !list.is_empty() {
        let target = root.join("target/bench/check-target");
        compile::check(cargo, &scratch_dir, &target, &list, budget)?
    } else {
        (Vec::new(), BTreeMap::new())
    };
    for v in &mut versions {
        let State::Imported(imp) = &mut v.state else {
            continue;
        };
        for m in &mut imp.modules {
            m.checked = if let Some(reason) = generation.set_aside.get(&m.name) {
                Checked::No(format!("not generated: {reason}"))
            } else if generation.failed.is_some() {
                Checked::No("not generated: `xtask gen` failed".to_owned())
            } else if let Some((package, _)) = crates.get(&m.name) {
                checked
                    .get(package)
                    .cloned()
                    .unwrap_or_else(|| Checked::No("not checked".to_owned()))
            } else {
                Checked::No("no crate generated".to_owned())
            };
        }
    }
    Ok(Catalogue {
        dir: shown(root, dir),
        scratch: shown(root, &scratch_dir),
        budget,
        versions,
        generation,
        generated_operations: list.iter().map(|(_, _, n)| n).sum(),
        batches,
        load,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// An imported product version from what the import wrote; `metadata` is its operations.
fn imported(import: Option<Run>, metadata: &[String], written: scratch::Written) -> Imported {
    let all: std::collections::BTreeSet<&String> = written.modules.values().flatten().collect();
    let mut listed_reasons: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut parts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for text in written.left_out.values() {
        let listed = notes::parse_left_out(text);
        for (action, reasons) in listed.operations {
            listed_reasons.entry(action).or_default().extend(reasons);
        }
        for (action, reasons) in listed.parts {
            parts.entry(action).or_default().extend(reasons);
        }
    }
    let left_out = metadata
        .iter()
        .filter(|op| !all.contains(op))
        .map(|op| {
            let reasons = listed_reasons
                .get(op)
                .cloned()
                .unwrap_or_else(|| vec![notes::NO_REASON.to_owned()]);
            (op.clone(), reasons)
        })
        .collect();
    let paginators = written
        .paginators
        .values()
        .map(|t| notes::parse_paginators(t))
        .try_fold(0, |sum, n| n.map(|n| sum + n));
    Imported {
        import,
        modules: written
            .modules
            .iter()
            .map(|(name, ops)| Module {
                name: name.clone(),
                operations: ops.len(),
                checked: Checked::No("not checked".to_owned()),
            })
            .collect(),
        imported: all.len(),
        left_out,
        parts,
        listed: !written.left_out.is_empty(),
        paginators: paginators.filter(|_| !written.paginators.is_empty()),
    }
}

/// Operations per module, over every imported product version.
fn module_operations(versions: &[Version]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for v in versions {
        if let State::Imported(imp) = &v.state {
            for m in &imp.modules {
                *out.entry(m.name.clone()).or_insert(0) += m.operations;
            }
        }
    }
    out
}

/// `path` relative to the workspace when inside it.
fn shown(root: &Path, path: &Path) -> String {
    let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, path) = (absolute(root), absolute(path));
    path.strip_prefix(&root)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| path.display().to_string())
}

/// The first `n` non-empty lines of `text`, each cut to a readable length.
pub(crate) fn first_lines(text: &str, n: usize) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(n)
        .map(|l| {
            if l.chars().count() > 300 {
                let cut: String = l.chars().take(300).collect();
                format!("{cut}…")
            } else {
                l.to_owned()
            }
        })
        .collect()
}
