//! `cargo xtask gen [--check]`: writes the generated client crate from `specs/`, or proves it fresh.
//! `cargo xtask import ...`: writes operation specs from Alibaba's metadata (see [`import`]).
//! `cargo xtask bench`: measures and writes `BENCHMARKS.md` (see [`mod@bench`]).
//!
//! Two outputs, both generated and nothing else: `generated/` (the `acs-sdk` crate, from `specs/`) and
//! `tests/fixtures/generated/` (a product module from the fixture specs in `tests/fixtures/specs/`, which
//! the tests crate compiles to prove an operation is added by YAML alone).

mod bench;
mod cache;
mod import;
mod sync;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use acs_codegen::emit::Cache;
use acs_codegen::{Files, GenerateError, emit, ir, profile, spec};

use cache::DiskCache;

const USAGE: &str = "usage: cargo xtask gen [--check] [--no-cache] [--root DIR]
       cargo xtask import [<api-docs.json> (--ops A,B,... | --all)] [--check] [--strict] [--root DIR]
       cargo xtask bench [--quick] [--out FILE]
       cargo xtask bench catalogue [DIR] [--out FILE] | cargo xtask bench runtime [--out FILE]

  gen          regenerate generated/ (and the test fixture) from specs/
  gen --check  change nothing; fail if any generated file is stale
  --no-cache   render every file (by default a file whose inputs and generator are unchanged since it
               was rendered, and which is intact on disk, is not rendered again; target/xtask-gen-cache)
  import       write specs/ from metadata/ and overlays/ (`cargo xtask import --help`)
  bench        measure generation, compilation and per-call cost; write BENCHMARKS.md
  --root DIR   work in DIR instead of this workspace (used by tests)";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut root = workspace_root();
    if let Some(i) = args.iter().position(|a| a == "--root") {
        match args.get(i + 1) {
            Some(dir) => root = PathBuf::from(dir),
            None => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
        args.drain(i..=i + 1);
    }
    let mut use_cache = true;
    if args.first().is_some_and(|a| a == "gen")
        && let Some(i) = args.iter().position(|a| a == "--no-cache")
    {
        use_cache = false;
        args.remove(i);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["gen"] => run(&root, false, use_cache),
        ["gen", "--check"] | ["--check", "gen"] => run(&root, true, use_cache),
        ["import", "--help" | "-h"] => {
            println!("usage: {}", import::USAGE);
            ExitCode::SUCCESS
        }
        ["import", rest @ ..] => import::run(&root, rest),
        ["bench", rest @ ..] => bench::run(&root, rest),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// Where the time of `gen` goes, by phase, printed with `ACS_GEN_PROFILE=1`.
#[derive(Default)]
struct Phases(Vec<(String, f64)>);

impl Phases {
    fn time<T>(&mut self, label: &str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.0
            .push((label.to_owned(), start.elapsed().as_secs_f64() * 1000.0));
        out
    }

    fn print(&self) {
        eprintln!("gen profile (wall ms by phase):");
        for (label, ms) in &self.0 {
            eprintln!("  {ms:>9.1} ms  {label}");
        }
        eprintln!("render stages, summed over the workers:");
        eprint!("{}", profile::stages());
    }
}

/// The generated crate from `specs/`.
fn sdk_files(
    root: &Path,
    cache: Option<&dyn Cache>,
    phases: &mut Phases,
) -> Result<Files, GenerateError> {
    let specs = root.join("specs");
    let set = phases
        .time("generated: read and parse the YAML", || {
            spec::load_dir(&specs)
        })
        .map_err(GenerateError::Specs)?;
    phases
        .time("generated: validate", || acs_codegen::check(&set))
        .map_err(GenerateError::Specs)?;
    let krate = phases.time("generated: lower to the IR", || ir::lower(&set));
    phases
        .time(
            "generated: emit (keys, cache, tokens, format, check)",
            || emit::emit_crate_cached(&krate, cache),
        )
        .map_err(GenerateError::Emit)
}

/// The fixture products, each as a module folder (none when the workspace has no fixture specs).
fn fixture_files(
    root: &Path,
    cache: Option<&dyn Cache>,
    phases: &mut Phases,
) -> Result<Files, GenerateError> {
    let dir = root.join("tests/fixtures/specs");
    if !dir.is_dir() {
        return Ok(Files::new());
    }
    phases.time("fixtures: load, validate, lower, emit", || {
        let set = spec::load_dir(&dir).map_err(GenerateError::Specs)?;
        acs_codegen::check(&set).map_err(GenerateError::Specs)?;
        let krate = ir::lower(&set);
        let mut files = Files::new();
        for product in &krate.products {
            // The tests crate mounts each fixture product as a module of its own name.
            let krate = format!("acs_tests::{}", product.module);
            let prefixed = cache.map(|inner| cache::Prefixed {
                inner,
                prefix: product.module.clone(),
            });
            let cache = prefixed.as_ref().map(|c| c as &dyn Cache);
            let product_files =
                emit::emit_product_cached(product, &krate, cache).map_err(GenerateError::Emit)?;
            for (path, text) in product_files {
                files.insert(format!("{}/{path}", product.module), text);
            }
        }
        Ok(files)
    })
}

/// Produces the files of one output folder.
type Producer = fn(&Path, Option<&dyn Cache>, &mut Phases) -> Result<Files, GenerateError>;

fn run(root: &Path, check: bool, use_cache: bool) -> ExitCode {
    let outputs: [(&str, Producer); 2] = [
        ("generated", sdk_files),
        ("tests/fixtures/generated", fixture_files),
    ];
    let mut phases = Phases::default();
    let generator = if use_cache {
        match phases.time("cache: hash the generator's binary", cache::generator) {
            Ok(key) => Some(key),
            Err(e) => {
                // The cache only saves time: without it every file is rendered, as with `--no-cache`.
                eprintln!("note: rendering every file (cannot identify the generator: {e})");
                None
            }
        }
    } else {
        None
    };
    // Every output is produced before anything is written: a problem anywhere leaves the tree untouched.
    let mut produced = Vec::new();
    for (dir, produce) in outputs {
        let cache = generator.map(|g| {
            phases.time(&format!("{dir}: open the cache"), || {
                DiskCache::open(root, dir, g)
            })
        });
        match produce(root, cache.as_ref().map(|c| c as &dyn Cache), &mut phases) {
            Ok(files) => produced.push((dir, files, cache)),
            Err(GenerateError::Specs(problems)) => {
                // Paths relative to the workspace read better and match what editors accept.
                for d in problems.iter() {
                    let mut d = d.clone();
                    if let Ok(relative) = d.file.strip_prefix(root) {
                        d.file = relative.to_path_buf();
                    }
                    eprintln!("{d}");
                }
                eprintln!("{} problem(s) found", problems.len());
                eprintln!("error: the specs have problems; nothing was written");
                return ExitCode::from(1);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let mut stale = Vec::new();
    for (dir, files, cache) in &produced {
        match phases.time(&format!("{dir}: compare with (and write to) disk"), || {
            sync::sync(root, dir, files, check)
        }) {
            Ok(changes) => stale.extend(changes),
            Err(e) => {
                eprintln!("error: {dir}: {e}");
                return ExitCode::from(1);
            }
        }
        if let Some(cache) = cache
            && let Err(e) = phases.time(&format!("{dir}: save the cache"), || cache.save())
        {
            // Only the next run's speed depends on it.
            eprintln!("note: could not save the generation cache: {e}");
        }
    }
    if profile::enabled() {
        phases.print();
    }
    if check {
        if stale.is_empty() {
            println!("generated files are fresh");
            ExitCode::SUCCESS
        } else {
            for change in &stale {
                eprintln!("stale: {change}");
            }
            eprintln!("error: generated files are out of date: run `cargo xtask gen` and commit");
            ExitCode::from(1)
        }
    } else {
        if stale.is_empty() {
            println!("generated files were already up to date");
        }
        for change in &stale {
            println!("{change}");
        }
        ExitCode::SUCCESS
    }
}
