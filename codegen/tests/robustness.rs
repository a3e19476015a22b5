//! No input makes the loader, validator, lowering or emitters panic: thousands of mangled copies of the
//! real specs go through the whole pipeline, and each must end in files or in diagnostics.

use std::fs;
use std::path::{Path, PathBuf};

use acs_codegen::{emit, ir, spec};

/// A small deterministic generator, so a failure reproduces.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// The real specs, or the collision fixture of the tests crate.
fn spec_files(tree: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(tree);
    let mut out = Vec::new();
    for product in fs::read_dir(&root).expect("specs/").flatten() {
        if product.path().is_dir() {
            for file in fs::read_dir(product.path())
                .expect("product folder")
                .flatten()
            {
                let text = fs::read_to_string(file.path()).expect("spec text");
                out.push((file.path(), text));
            }
        }
    }
    out.sort();
    out
}

const SNIPPETS: &[&str] = &[
    ":",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "#",
    "|",
    "  ",
    "\n",
    "type: object",
    "shape: X",
    "enum: Y",
    "{region_id}",
    "name: type",
    "value: \"\"",
    "\t",
    "é",
    "*",
    "\r",
    "\u{feff}",
    "\u{7}",
    "name: New",
    "name: Types",
    "name: ConfigOverride",
    "name: SetPageSize",
    "name: Self",
    "name: 2FA",
    "shape: String",
    "shape: Option",
    "module: client",
    "module: new",
    "version: \"2020-01-01\\r\"",
    "rust_name: send",
    "Option:\n    fields: []",
];

fn mangle(text: &str, rng: &mut Lcg) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..=rng.next(3) {
        if lines.is_empty() {
            break;
        }
        let i = rng.next(lines.len());
        match rng.next(6) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            2 => lines[i] = format!("  {}", lines[i]),
            3 => lines[i] = lines[i].trim_start().to_owned(),
            4 => {
                let line = &lines[i];
                let cut = line
                    .char_indices()
                    .map(|(k, _)| k)
                    .nth(rng.next(line.chars().count() + 1))
                    .unwrap_or(line.len());
                lines[i] = format!(
                    "{}{}{}",
                    &line[..cut],
                    SNIPPETS[rng.next(SNIPPETS.len())],
                    &line[cut..]
                );
            }
            _ => lines.truncate(i),
        }
    }
    lines.join("\n")
}

/// Accepted ⇒ generated: every mangled tree the loader and validator accept must emit, and emitting
/// includes the generator's own check that each printed file parses as Rust.
#[test]
fn mangled_specs_never_panic() {
    for (tree, seed) in [("specs", 0x5eed), ("tests/fixtures/specs", 0xed9e)] {
        mangle_tree(tree, seed);
    }
}

/// How many operation files each round takes: the cost of a round stays the same however large the
/// catalogue grows.
const OPERATIONS_PER_ROUND: usize = 6;

fn mangle_tree(tree: &str, seed: u64) {
    let originals = spec_files(tree);
    let (products, operations): (Vec<_>, Vec<_>) = originals
        .into_iter()
        .partition(|(path, _)| path.ends_with("_product.yaml"));
    let mut rng = Lcg(seed);
    let mut rejected = 0;
    for round in 0..300 {
        let mut files = products.clone();
        for _ in 0..OPERATIONS_PER_ROUND.min(operations.len()) {
            let pick = operations[rng.next(operations.len())].clone();
            if !files.iter().any(|(p, _)| p == &pick.0) {
                files.push(pick);
            }
        }
        let victim = rng.next(files.len());
        files[victim].1 = mangle(&files[victim].1, &mut rng);
        match spec::load_files(files) {
            Err(problems) => {
                assert!(
                    !problems.is_empty(),
                    "round {round}: an error with no problem listed"
                );
                rejected += 1;
            }
            Ok(set) => match acs_codegen::check(&set) {
                Err(_) => rejected += 1,
                Ok(()) => {
                    let krate = ir::lower(&set);
                    emit::emit_crate(&krate).unwrap_or_else(|e| {
                        panic!("{tree} round {round}: valid specs failed to emit: {e}")
                    });
                }
            },
        }
    }
    // The mutations must actually break things, or the test proves nothing.
    assert!(
        rejected > 60,
        "{tree}: only {rejected} of 300 mangled spec sets were rejected"
    );
}
