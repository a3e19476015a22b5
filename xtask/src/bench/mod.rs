//! `cargo xtask bench`: measures the generator, the generated crate's compile cost and the runtime's
//! per-call cost, and writes `BENCHMARKS.md`. Every comparison is a ratio against a floor measured in the
//! same run on the same machine; nothing here asserts a timing.
//!
//! - Generation: `xtask gen` (release build) on the real specs and on synthetic catalogues of 100, 1,000
//!   and 5,000 operations made from them ([`synth`]): time, CPU and peak memory, per operation, and the
//!   growth from 100 to 5,000.
//! - Compilation: `cargo check -p acs-sdk` for the real specs, each product feature alone, and the
//!   1,000-operation catalogue: time, peak compiler memory, generated lines.
//! - Runtime: the `acs-bench` binary of the tests crate (in-process signing and decoding against minimal
//!   floors; calls per second and CPU per call against raw reqwest on a loopback server).
//! - The whole catalogue ([`catalogue`]): every product version of `metadata/` imported, generated and
//!   checked in a scratch workspace; coverage and cost per product. `cargo xtask bench catalogue [DIR]`
//!   runs it alone and replaces only its section of `BENCHMARKS.md`.
//! - The command line ([`cli_build`]): `acs` built from nothing, its growth per 1,000 operations and its
//!   start-up; `cargo xtask bench cli` runs it and replaces only its section.

mod catalogue;
mod cli_build;
mod generation;
mod machine;
mod measure;
mod report;
mod runtime;
mod synth;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use measure::{Run, Spread};

/// What `cargo xtask bench` accepts.
pub const USAGE: &str = "cargo xtask bench [--quick] [--out FILE]
       cargo xtask bench catalogue [DIR] [--out FILE] [--budget OPERATIONS]
       cargo xtask bench runtime [--out FILE]
       cargo xtask bench cli [--out FILE]
       cargo xtask bench gen [--quick] [--out FILE]
  --quick     fewer repetitions and no 5,000-operation catalogue (for iterating; not for BENCHMARKS.md)
  --out FILE  where to write the report (default BENCHMARKS.md at the workspace root)
  catalogue   import, generate and check every product version below DIR (default metadata/) and
              replace only the catalogue section of the report
  cli         build `acs` from nothing in a scratch workspace, measure its growth with the catalogue and
              its start-up, and replace only the command line's section of the report
  gen         measure generation alone (cold, warm, one operation edited) and replace only its section
              and its target line in the report";

/// How much to measure.
#[derive(Clone, Copy)]
pub(crate) struct Plan {
    /// Repetitions of the cheap measurements.
    pub(crate) runs: usize,
    /// Catalogue sizes for generation.
    pub(crate) sizes: &'static [usize],
}

/// The results, for the report.
pub(crate) struct Results {
    pub(crate) machine: Vec<(String, String)>,
    /// Importing the metadata: the whole catalogue, then each product.
    pub(crate) import: Vec<Generation>,
    pub(crate) generation: generation::Measured,
    pub(crate) checks: Vec<Check>,
    /// The catalogue's section, markers included (or what stopped it).
    pub(crate) catalogue: String,
    /// The runtime benchmark's own Markdown section.
    pub(crate) runtime: String,
    pub(crate) commands: Vec<String>,
}

/// Generating (or importing) one spec tree.
pub(crate) struct Generation {
    pub(crate) label: String,
    pub(crate) operations: usize,
    pub(crate) wall: Spread,
    pub(crate) cpu: Spread,
    pub(crate) peak: u64,
}

/// Checking one build of the generated crate.
pub(crate) struct Check {
    pub(crate) label: String,
    pub(crate) operations: usize,
    pub(crate) lines: usize,
    pub(crate) run: Run,
}

/// `cargo xtask bench ...`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    if let ["catalogue", rest @ ..] = args {
        return catalogue::run(root, rest);
    }
    if let ["runtime", rest @ ..] = args {
        return runtime::run(root, rest);
    }
    if let ["cli", rest @ ..] = args {
        return cli_build::run(root, rest);
    }
    if let ["gen", rest @ ..] = args {
        return generation::run(root, rest);
    }
    let mut plan = Plan {
        runs: 3,
        sizes: &[100, 1000, 5000],
    };
    let mut out = root.join("BENCHMARKS.md");
    let mut i = 0;
    while i < args.len() {
        match args[i] {
            "--quick" => {
                plan = Plan {
                    runs: 1,
                    sizes: &[100, 1000],
                }
            }
            "--out" if i + 1 < args.len() => {
                out = PathBuf::from(args[i + 1]);
                i += 1;
            }
            _ => {
                eprintln!("usage: {USAGE}");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }
    match measure_all(root, plan) {
        Ok(results) => {
            let text = report::render(&results);
            if let Err(e) = std::fs::write(&out, text) {
                eprintln!("error: cannot write {}: {e}", out.display());
                return ExitCode::from(1);
            }
            println!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs a command that must succeed, without timing it.
fn must(dir: &Path, env: &[(&str, &str)], program: &str, args: &[&str]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed", args.join(" ")))
    }
}

fn measure_all(root: &Path, plan: Plan) -> Result<Results, String> {
    let bench = root.join("target/bench");
    std::fs::create_dir_all(&bench).map_err(|e| e.to_string())?;
    let cargo = cargo();
    let mut commands = Vec::new();

    eprintln!("== building the generator (release)");
    must(
        root,
        &[],
        &cargo,
        &[
            "build",
            "--release",
            "-q",
            "-p",
            "xtask",
            "-p",
            "acs-tests",
            "--bin",
            "xtask",
            "--bin",
            "acs-bench",
        ],
    )?;
    let xtask = root.join("target/release/xtask");
    let xtask = xtask.to_string_lossy().into_owned();

    let real_ops = operations_in(&root.join("specs"))?;
    let products = products(root)?;
    let mut import = Vec::new();
    eprintln!("== import: the whole catalogue");
    let runs = measure::repeat(plan.runs, root, &[], &xtask, &["import", "--check"])?;
    commands.push(
        "target/release/xtask import --check   (every imported operation; writes nothing)"
            .to_owned(),
    );
    import.push(summary("whole catalogue", real_ops, &runs));
    for (module, metadata, ops) in &products {
        eprintln!("== import: {module}");
        let args = ["import", metadata.as_str(), "--all", "--check"];
        let runs = measure::repeat(plan.runs, root, &[], &xtask, &args)?;
        import.push(summary(&format!("product `{module}`"), *ops, &runs));
    }
    commands.push("target/release/xtask import metadata/<product>/<version>/api-docs.json --all --check   (one product)".to_owned());

    let mut generation = generation::measure(root, &xtask, plan)?;
    commands.append(&mut generation.commands);
    for (module, _, ops) in &products {
        eprintln!("== generation: {module} alone");
        let dir = bench.join(format!("product-{module}"));
        synth::product(root, &dir, module).map_err(|e| e.to_string())?;
        let dir_text = dir.to_string_lossy().into_owned();
        let args = ["gen", "--no-cache", "--root", dir_text.as_str()];
        let runs = measure::repeat(plan.runs, root, &[], &xtask, &args)?;
        generation.rows.push(summary(
            &format!("real specs, `{module}` alone, cold (no cache)"),
            *ops,
            &runs,
        ));
    }
    commands.push("target/release/xtask gen --no-cache --root target/bench/product-<module>   (a copy of specs/<module> alone)".to_owned());
    // `cargo check` of the 1,000-operation catalogue needs its lock file.
    let catalogue_1000 = bench.join("catalogue-1000");
    if catalogue_1000.is_dir() {
        std::fs::copy(root.join("Cargo.lock"), catalogue_1000.join("Cargo.lock"))
            .map_err(|e| e.to_string())?;
    }

    eprintln!("== cargo check of the generated crate");
    let checks = check::all(root, &bench, &cargo, real_ops)?;
    commands.push("CARGO_INCREMENTAL=0 cargo check -p acs-sdk [--no-default-features --features <product>]   (after touching the generated crates' roots; dependencies built before)".to_owned());
    commands.push(
        "CARGO_INCREMENTAL=0 cargo check -p acs-sdk   (in target/bench/catalogue-1000)".to_owned(),
    );

    eprintln!("== the whole catalogue");
    let catalogue = catalogue::measure(
        root,
        &root.join("metadata"),
        &xtask,
        &cargo,
        catalogue::BUDGET,
    )
    .map(|c| catalogue::report::section(&c))
    // The rest of the report stands without it; say what stopped it, between the markers, so
    // `cargo xtask bench catalogue` can replace it later.
    .unwrap_or_else(|e| {
        format!(
            "{}\n\n## The whole catalogue\n\nNot measured: {e}\n\n{}",
            catalogue::splice::START,
            catalogue::splice::END
        )
    });
    commands.push("target/release/xtask import <scratch>/metadata/<product>/<version>/api-docs.json --all --root target/bench/catalogue-metadata; xtask gen --root …; cargo check -p <crates> …   (the whole catalogue)".to_owned());

    let runtime = runtime::section(&runtime::run_bench(root)?);
    commands.push("target/release/acs-bench   (the tests crate's benchmark binary)".to_owned());
    Ok(Results {
        machine: machine::describe(),
        import,
        generation,
        checks,
        catalogue,
        runtime,
        commands,
    })
}

fn summary(label: &str, operations: usize, runs: &[Run]) -> Generation {
    Generation {
        label: label.to_owned(),
        operations,
        wall: Spread::of(&runs.iter().map(|r| r.wall).collect::<Vec<_>>()),
        cpu: Spread::of(&runs.iter().map(|r| r.cpu).collect::<Vec<_>>()),
        peak: runs.iter().map(|r| r.peak).max().unwrap_or(0),
    }
}

/// The imported products: module, metadata file (relative to the workspace) and operations.
fn products(root: &Path) -> Result<Vec<(String, String, usize)>, String> {
    let mut out = Vec::new();
    let set = acs_codegen::spec::load_dir(&root.join("specs")).map_err(|d| d.to_string())?;
    for product in &set.products {
        let module = product.product.spec.module.clone();
        let dir = root.join("metadata").join(&module);
        let Ok(versions) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<String> = versions
            .filter_map(|v| v.ok())
            .map(|v| v.path().join("api-docs.json"))
            .filter(|p| p.exists())
            .filter_map(|p| {
                p.strip_prefix(root)
                    .ok()
                    .map(|p| p.to_string_lossy().into_owned())
            })
            .collect();
        files.sort();
        if let Some(file) = files.pop() {
            out.push((module, file, product.operations.len()));
        }
    }
    Ok(out)
}

/// How many operation files a spec tree has.
fn operations_in(specs: &Path) -> Result<usize, String> {
    acs_codegen::spec::load_dir(specs)
        .map(|set| set.products.iter().map(|p| p.operations.len()).sum())
        .map_err(|d| d.to_string())
}

mod check;
