//! Hostile metadata for `cargo xtask import`, run by `cargo test`: seeded mutations of the real
//! `api-docs.json` of a small product (keys deleted, types changed, values swapped, keys written twice,
//! names that are paths, `$ref` cycles), each imported into a scratch workspace by the `xtask` binary, as
//! `xtask/tests/support` runs it.
//!
//! What must hold for every input: the importer exits with 0 or 1 (never a panic, a signal or a hang),
//! within a time and memory bound; a failed import lists its problems and writes nothing; a successful one
//! writes only below `specs/<module>/`, its specs load with the generator's loader, and importing them
//! again with `--check` finds them fresh. Each input is imported twice: with `--strict` (all or nothing)
//! and without, where an operation with a problem is left out and listed in `LEFT_OUT.md`: what the
//! strict import takes the lenient one takes whole, and what the strict one refuses for one operation the
//! lenient one imports without it, listed. The same input space is fuzzed unbounded in `fuzz/`
//! (`importer` target).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod fuzz_input;

use fuzz_input::{Json, METADATA, Rng, entries, mutate, one_operation, reference, seed, set};

/// How many mutated metadata files `mutated_metadata_imports_or_reports` imports.
const ROUNDS: usize = 60;

/// How long one import may take. An import of these few operations takes about 0.1 s in a debug build;
/// the bound tells a loop from a slow machine.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The address space one import may use, so an input that makes it allocate without bound fails the
/// test instead of the machine.
const MEMORY_KIB: u64 = 2 * 1024 * 1024;

/// A scratch workspace: `metadata/` with the input, `specs/` empty before each import.
struct Scratch {
    /// Holds the workspace and nothing else, so files written beside it are seen.
    outer: PathBuf,
    root: PathBuf,
}

impl Scratch {
    /// A fresh one named after the test (tests run in parallel in one process).
    fn new(test: &str) -> Scratch {
        let outer =
            std::env::temp_dir().join(format!("xtask-fuzz-import-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&outer);
        let root = outer.join("ws");
        fs::create_dir_all(root.join("metadata/dbs/2019-03-06")).expect("scratch");
        Scratch { outer, root }
    }

    fn metadata(&self) -> PathBuf {
        self.root.join(METADATA)
    }

    /// Every file below the workspace (and beside it), relative to the outer folder.
    fn files(&self) -> Vec<String> {
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
        walk(&self.outer, &self.outer, &mut out);
        out.sort();
        out
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.outer);
    }
}

/// What one run of the importer did.
struct Run {
    code: Option<i32>,
    stderr: String,
}

/// Runs `xtask import <args> --root <root>` with [`TIMEOUT`] and, on Unix, [`MEMORY_KIB`] of address
/// space.
fn xtask(root: &Path, args: &[&str]) -> Run {
    let exe = env!("CARGO_BIN_EXE_xtask");
    let mut command = if cfg!(unix) {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
            .arg(exe);
        c
    } else {
        Command::new(exe)
    };
    let mut child = command
        .arg("import")
        .args(args)
        .arg("--root")
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("xtask starts");
    // Read standard error on a thread, so a chatty child cannot block on a full pipe.
    let mut pipe = child.stderr.take().expect("stderr");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut pipe, &mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("xtask import {args:?} ran for more than {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        stderr: reader.join().expect("stderr"),
    }
}

/// Imports the metadata now in the scratch workspace (`--strict` when `strict`) and checks the outcome;
/// returns the operations `LEFT_OUT.md` lists when it was imported, standard error when it was refused.
fn import(scratch: &Scratch, what: &str, strict: bool) -> Result<Vec<String>, String> {
    let _ = fs::remove_dir_all(scratch.root.join("specs"));
    fs::create_dir_all(scratch.root.join("specs")).expect("specs");
    let metadata = scratch.metadata();
    let metadata = metadata.to_str().expect("utf-8 path");
    let mut args = vec![metadata, "--all"];
    if strict {
        args.push("--strict");
    }
    let run = xtask(&scratch.root, &args);
    let written: Vec<String> = scratch
        .files()
        .into_iter()
        .filter(|f| f != &format!("ws/{METADATA}"))
        .collect();
    match run.code {
        Some(0) => {
            for file in &written {
                assert!(
                    file.starts_with("ws/specs/dbs/"),
                    "{what}: wrote {file} outside specs/dbs/"
                );
            }
            if let Err(problems) = acs_codegen::load(&scratch.root.join("specs")) {
                panic!("{what}: imported specs that do not load:\n{problems}");
            }
            let again = xtask(&scratch.root, &[metadata, "--all", "--check"]);
            assert!(
                again.code == Some(0),
                "{what}: a second import differs from the first:\n{}",
                again.stderr
            );
            Ok(left_out(scratch))
        }
        Some(1) => {
            assert!(
                written.is_empty(),
                "{what}: a failed import wrote {written:?}\n{}",
                run.stderr
            );
            let count = run
                .stderr
                .lines()
                .find_map(|l| l.strip_suffix(" problem(s) found"))
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or_else(|| {
                    panic!("{what}: failed without a problem count:\n{}", run.stderr)
                });
            assert!(count > 0, "{what}: failed with no problem:\n{}", run.stderr);
            Err(run.stderr)
        }
        code => panic!(
            "{what}: xtask import ended with {code:?} (101 is a panic, none a signal):\n{}",
            run.stderr
        ),
    }
}

/// The operations the imported product's `LEFT_OUT.md` lists (its first column, in the section of
/// operations).
fn left_out(scratch: &Scratch) -> Vec<String> {
    let text = fs::read_to_string(scratch.root.join("specs/dbs/LEFT_OUT.md")).expect("LEFT_OUT.md");
    let section = text
        .split("## Operations left out")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter(|l| !l.starts_with("operation |"))
        .filter_map(|l| l.split(" |").next())
        .map(str::to_owned)
        .collect()
}

/// Mutated metadata is imported, or refused with its problems listed; never a panic, a hang, a write
/// outside `specs/<module>/` or a partial write. Without `--strict`, an operation with a problem is left
/// out and listed, and the rest imported.
#[test]
fn mutated_metadata_imports_or_reports() {
    let scratch = Scratch::new("mutated");
    let original = seed();
    fs::write(scratch.metadata(), original.text()).expect("metadata");
    let clean =
        import(&scratch, "the unmutated metadata", true).expect("the real metadata imports");
    assert!(clean.is_empty(), "{clean:?}");
    let mut rng = Rng(0x1e7a_da7a_5eed);
    let (mut imported, mut refused, mut partly) = (0, 0, 0);
    for round in 0..ROUNDS {
        let mut doc = original.clone();
        let changes = mutate(&mut doc, &mut rng);
        fs::write(scratch.metadata(), doc.text()).expect("metadata");
        let described: Vec<&str> = changes.iter().map(|c| c.what.as_str()).collect();
        let what = format!("round {round} ({})", described.join("; "));
        let strict = import(&scratch, &what, true);
        let lenient = import(&scratch, &format!("{what} without --strict"), false);
        let stderr = match (strict, lenient) {
            (Ok(_), Ok(left)) => {
                assert!(
                    left.is_empty(),
                    "{what}: imported whole with --strict, but {left:?} left out"
                );
                imported += 1;
                continue;
            }
            (Ok(_), Err(stderr)) => panic!("{what}: refused only without --strict:\n{stderr}"),
            (Err(stderr), Ok(left)) => {
                // Refused for its operations: the lenient import leaves them out, listed.
                assert!(
                    !left.is_empty(),
                    "{what}: refused with --strict, nothing left out without:\n{stderr}"
                );
                partly += 1;
                stderr
            }
            (Err(stderr), Err(_)) => stderr,
        };
        refused += 1;
        // The problems say where: the operation changed, or the very key written twice.
        let places: Vec<&str> = changes
            .iter()
            .flat_map(|c| c.places.iter().map(String::as_str))
            .collect();
        if let Some(action) = one_operation(&places) {
            assert!(
                stderr.contains(&action),
                "{what}: no problem names {action}:\n{stderr}"
            );
        }
        if let [only] = changes.as_slice()
            && only.what.contains(" written again ")
        {
            assert!(
                stderr.contains(&only.places[0]),
                "{what}: no problem names {}:\n{stderr}",
                only.places[0]
            );
        }
    }
    eprintln!(
        "{imported} mutated metadata files imported, {refused} refused with --strict ({partly} of them imported without it)"
    );
    // Every outcome must occur, or the mutations prove nothing.
    assert!(
        imported > 0 && refused > 0 && partly > 0,
        "{imported} imported, {refused} refused, {partly} partly"
    );
}

/// Inputs aimed at what the importer turns into paths and at what it follows: a product code or an
/// operation name that is a path, `$ref` cycles, not JSON at all, another API style.
#[test]
fn aimed_metadata_is_refused_or_imported_safely() {
    let scratch = Scratch::new("aimed");
    let mut original = seed();
    let first_api = entries(&mut original, "apis")[0].0.clone();
    // (what, metadata text, whether importing it is right)
    let mut cases: Vec<(&str, String, bool)> = Vec::new();
    for product in ["../escape", "a/b", "", ".", "Dbs\n"] {
        let mut doc = original.clone();
        set(&mut doc, &["info", "product"], Json::String(product.into()));
        cases.push(("a product code that is a path", doc.text(), false));
    }
    for action in ["../../Escape", "a/b", ".hidden", ""] {
        let mut doc = original.clone();
        entries(&mut doc, "apis")[0].0 = action.to_owned();
        cases.push(("an operation name that is a path", doc.text(), false));
    }
    let looped = |schemas: Vec<(String, Json)>| {
        let mut doc = original.clone();
        set(&mut doc, &["components", "schemas"], Json::Object(schemas));
        // A property of the response: a `$ref` for the whole response is refused before it is followed.
        set(
            &mut doc,
            &[
                "apis",
                &first_api,
                "responses",
                "200",
                "schema",
                "properties",
                "Loop",
            ],
            reference("A"),
        );
        doc.text()
    };
    cases.push((
        "a $ref to itself",
        looped(vec![("A".into(), reference("A"))]),
        false,
    ));
    cases.push((
        "two $refs to each other",
        looped(vec![
            ("A".into(), reference("B")),
            ("B".into(), reference("A")),
        ]),
        false,
    ));
    cases.push((
        "an object that holds itself",
        looped(vec![(
            "A".into(),
            Json::Object(vec![
                ("type".into(), Json::String("object".into())),
                (
                    "properties".into(),
                    Json::Object(vec![("Next".into(), reference("A"))]),
                ),
            ]),
        )]),
        true,
    ));
    for text in [
        "",
        "\u{feff}{}",
        "[]",
        "null",
        "{\"info\":{\"style\":\"ROA\"}}",
    ] {
        cases.push(("not RPC metadata", text.to_owned(), false));
    }
    cases.push((
        "nesting past serde_json's limit",
        "[".repeat(100_000),
        false,
    ));
    for (what, text, may_import) in cases {
        fs::write(scratch.metadata(), &text).expect("metadata");
        let what = format!("{what}: {:.80}", text.replace('\n', "\\n"));
        let outcome = import(&scratch, &what, true);
        assert!(
            may_import || outcome.is_err(),
            "{what}: imported, but should be refused"
        );
        // Without --strict, what --strict refuses is refused too, or imported with something left out.
        let lenient = import(&scratch, &format!("{what} without --strict"), false);
        if let (Err(_), Ok(left)) = (&outcome, &lenient) {
            assert!(!left.is_empty(), "{what}: nothing left out");
        }
    }
}
