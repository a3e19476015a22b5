//! `cargo xtask gen [--check]`: writes the generated client crate from `specs/`, or proves it fresh.
//! `cargo xtask import ...`: writes operation specs from Alibaba's metadata (see [`import`]).
//! `cargo xtask bench`: measures and writes `BENCHMARKS.md` (see [`mod@bench`]).
//!
//! Two outputs, both generated and nothing else: `generated/` (the `acs-sdk` crate, from `specs/`) and
//! `tests/fixtures/generated/` (a product module from the fixture specs in `tests/fixtures/specs/`, which
//! the tests crate compiles to prove an operation is added by YAML alone).

mod bench;
mod import;
mod sync;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use acs_codegen::{Files, GenerateError, emit, ir, spec};

const USAGE: &str = "usage: cargo xtask gen [--check] [--root DIR]
       cargo xtask import [<api-docs.json> (--ops A,B,... | --all)] [--check] [--strict] [--root DIR]
       cargo xtask bench [--quick] [--out FILE]

  gen          regenerate generated/ (and the test fixture) from specs/
  gen --check  change nothing; fail if any generated file is stale
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
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["gen"] => run(&root, false),
        ["gen", "--check"] | ["--check", "gen"] => run(&root, true),
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

/// The generated crate from `specs/`.
fn sdk_files(root: &Path) -> Result<Files, GenerateError> {
    acs_codegen::generate(&root.join("specs"))
}

/// The fixture products, each as a module folder (none when the workspace has no fixture specs).
fn fixture_files(root: &Path) -> Result<Files, GenerateError> {
    let dir = root.join("tests/fixtures/specs");
    if !dir.is_dir() {
        return Ok(Files::new());
    }
    let set = spec::load_dir(&dir).map_err(GenerateError::Specs)?;
    acs_codegen::check(&set).map_err(GenerateError::Specs)?;
    let krate = ir::lower(&set);
    let mut files = Files::new();
    for product in &krate.products {
        // The tests crate mounts each fixture product as a module of its own name.
        let krate = format!("acs_tests::{}", product.module);
        for (path, text) in emit::emit_product(product, &krate).map_err(GenerateError::Emit)? {
            files.insert(format!("{}/{path}", product.module), text);
        }
    }
    Ok(files)
}

/// Produces the files of one output folder.
type Producer = fn(&Path) -> Result<Files, GenerateError>;

fn run(root: &Path, check: bool) -> ExitCode {
    let outputs: [(&str, Producer); 2] = [
        ("generated", sdk_files),
        ("tests/fixtures/generated", fixture_files),
    ];
    // Every output is produced before anything is written: a problem anywhere leaves the tree untouched.
    let mut produced = Vec::new();
    for (dir, produce) in outputs {
        match produce(root) {
            Ok(files) => produced.push((dir, files)),
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
    for (dir, files) in &produced {
        match sync::sync(root, dir, files, check) {
            Ok(changes) => stale.extend(changes),
            Err(e) => {
                eprintln!("error: {dir}: {e}");
                return ExitCode::from(1);
            }
        }
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
