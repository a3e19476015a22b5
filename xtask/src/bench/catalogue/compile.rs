//! `cargo check` of the catalogue's generated product crates, in the batches of [`batch`]: dependencies
//! built first and untimed, then each batch timed as a whole (wall, CPU, peak memory of its largest
//! process) and each crate through the rustc wrapper. Incremental compilation is off, as in the other
//! check measurements: a cached second check would measure nothing.
//!
//! A batch that fails stops cargo scheduling the rest of it, so each of its crates without a successful
//! rustc of its own is checked again alone: a failure is put on the crate that has it, with its first
//! errors, and the others are still measured.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use super::super::measure::{self, Run};
use super::super::must;
use super::batch::{self, Crate, Rustc};
use super::scratch::WRAPPER;

/// A batch as run.
pub(crate) struct Batch {
    pub(crate) packages: Vec<String>,
    pub(crate) operations: usize,
    pub(crate) run: Option<Run>,
    pub(crate) ok: bool,
}

/// How a crate's check went.
#[derive(Clone, Debug)]
pub(crate) enum Checked {
    /// It compiled; its own rustc's figures, when the wrapper recorded them.
    Yes(Option<Run>),
    /// It did not; the first error lines.
    No(String),
}

/// Checks `crates` (package, library name, operations) of the workspace at `scratch` in batches of
/// `budget` operations, with `target` as the target directory.
pub(crate) fn check(
    cargo: &str,
    scratch: &Path,
    target: &Path,
    crates: &[(String, String, usize)],
    budget: usize,
) -> Result<(Vec<Batch>, BTreeMap<String, Checked>), String> {
    let times = scratch.join("rustc-times");
    let wrapper = scratch.join(WRAPPER).to_string_lossy().into_owned();
    let target = target.to_string_lossy().into_owned();
    let times_text = times.to_string_lossy().into_owned();
    let env = [
        ("CARGO_TARGET_DIR", target.as_str()),
        ("CARGO_INCREMENTAL", "0"),
        ("RUSTC_WORKSPACE_WRAPPER", wrapper.as_str()),
        ("ACS_BENCH_RUSTC_TIMES", times_text.as_str()),
    ];
    fs::create_dir_all(&times).map_err(|e| format!("{}: {e}", times.display()))?;
    // Dependencies first (the runtime and what it pulls in), so the batches measure generated code only.
    must(scratch, &env, cargo, &["check", "-q", "-p", "acs-runtime"])?;

    let lib_of: BTreeMap<&str, &str> = crates
        .iter()
        .map(|(p, l, _)| (p.as_str(), l.as_str()))
        .collect();
    let list: Vec<Crate> = crates
        .iter()
        .map(|(package, _, operations)| Crate {
            package: package.clone(),
            operations: *operations,
        })
        .collect();
    let plan = batch::batches(&list, budget);
    let mut batches = Vec::new();
    let mut checked = BTreeMap::new();
    for (i, group) in plan.iter().enumerate() {
        let packages: Vec<String> = group.iter().map(|c| c.package.clone()).collect();
        let operations = group.iter().map(|c| c.operations).sum();
        eprintln!(
            "== catalogue: check batch {} of {} ({} crates, {operations} operations)",
            i + 1,
            plan.len(),
            packages.len()
        );
        let Pass {
            run, ok, rustcs, ..
        } = run_check(cargo, scratch, &env, &times, &packages)?;
        for package in &packages {
            let lib = lib_of.get(package.as_str()).copied().unwrap_or_default();
            let result = match rustcs.get(lib) {
                Some(r) if r.ok => Checked::Yes(Some(r.run)),
                None if ok => Checked::Yes(None),
                _ => alone(cargo, scratch, &env, &times, package, lib)?,
            };
            checked.insert(package.clone(), result);
        }
        batches.push(Batch {
            packages,
            operations,
            run,
            ok,
        });
    }
    Ok((batches, checked))
}

/// A crate checked again by itself after its batch failed.
fn alone(
    cargo: &str,
    scratch: &Path,
    env: &[(&str, &str)],
    times: &Path,
    package: &str,
    lib: &str,
) -> Result<Checked, String> {
    eprintln!("== catalogue: check {package} alone (its batch failed)");
    let Pass {
        ok, rustcs, stderr, ..
    } = run_check(cargo, scratch, env, times, &[package.to_owned()])?;
    Ok(match rustcs.get(lib) {
        Some(r) if r.ok => Checked::Yes(Some(r.run)),
        None if ok => Checked::Yes(None),
        _ => {
            let errors: Vec<&str> = stderr
                .lines()
                .filter(|l| l.contains("error"))
                .take(3)
                .collect();
            let text = if errors.is_empty() {
                super::first_lines(&stderr, 3).join(" / ")
            } else {
                errors.join(" / ")
            };
            Checked::No(text)
        }
    })
}

/// One `cargo check` as run.
struct Pass {
    run: Option<Run>,
    ok: bool,
    /// Each crate's rustc, by rustc crate name.
    rustcs: BTreeMap<String, Rustc>,
    /// Cargo's standard error.
    stderr: String,
}

/// One `cargo check -p …` with the generated crates' roots touched first (so they are checked again even
/// if the target directory has them from an earlier run).
fn run_check(
    cargo: &str,
    scratch: &Path,
    env: &[(&str, &str)],
    times: &Path,
    packages: &[String],
) -> Result<Pass, String> {
    let _ = fs::remove_dir_all(times);
    fs::create_dir_all(times).map_err(|e| format!("{}: {e}", times.display()))?;
    for dir in fs::read_dir(scratch.join("generated/products"))
        .map_err(|e| e.to_string())?
        .flatten()
    {
        let lib = dir.path().join("lib.rs");
        if let Ok(text) = fs::read(&lib) {
            fs::write(&lib, text).map_err(|e| format!("{}: {e}", lib.display()))?;
        }
    }
    let mut args = vec!["check", "--message-format=short"];
    for p in packages {
        args.push("-p");
        args.push(p);
    }
    let out = measure::outcome(scratch, env, cargo, &args)?;
    let mut files = Vec::new();
    for entry in fs::read_dir(times).map_err(|e| e.to_string())?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = fs::read_to_string(entry.path()).unwrap_or_default();
        files.push((name, text));
    }
    Ok(Pass {
        run: out.run,
        ok: out.ok,
        rustcs: batch::read_times(&files),
        stderr: out.stderr,
    })
}
