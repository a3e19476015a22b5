//! The broken-spec corpus: each folder of `tests/broken/` is a spec tree with problems, and the exact
//! report (every problem at once, each with file, line, column and key) is an insta snapshot beside this
//! file. Also: the real specs and the fixtures are valid, an empty tree and an oversized file are refused.

use std::fs;
use std::path::{Path, PathBuf};

use acs_codegen::spec::load_dir;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

/// Everything the loader and validator say about the tree at `dir`, paths relative to it.
fn report(dir: &Path) -> String {
    let problems = match load_dir(dir) {
        Err(problems) => problems,
        Ok(set) => match acs_codegen::check(&set) {
            Err(problems) => problems,
            Ok(()) => return "no problems".to_owned(),
        },
    };
    let lines: Vec<String> = problems
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.file = d.file.strip_prefix(dir).unwrap_or(&d.file).to_path_buf();
            // Messages may name another file of the tree; keep the snapshot free of this machine's paths.
            d.message = d.message.replace(&format!("{}/", dir.display()), "");
            d.to_string()
        })
        .collect();
    format!("{}\n{} problem(s)", lines.join("\n"), lines.len())
}

#[test]
fn every_broken_tree_reports_exactly_its_problems() {
    let mut cases: Vec<PathBuf> = fs::read_dir(corpus())
        .expect("tests/broken")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 9, "{cases:?}");
    for case in cases {
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = report(&case);
        assert_ne!(text, "no problems", "{name} should be refused");
        insta::assert_snapshot!(format!("broken__{name}"), text);
    }
}

#[test]
fn an_empty_tree_and_an_oversized_file_are_refused() {
    let dir = std::env::temp_dir().join(format!("acs-broken-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    let empty = report(&dir);
    assert!(empty.contains("no spec files found"), "{empty}");
    assert!(
        empty.contains("refusing to generate an empty crate"),
        "{empty}"
    );

    let product = dir.join("big");
    fs::create_dir_all(&product).expect("product dir");
    fs::write(
        product.join("_product.yaml"),
        "code: Big\ntitle: Big\nmodule: big\nversion: \"2020-01-01\"\nendpoints:\n  fallback: big.aliyuncs.com\n",
    )
    .expect("write");
    let huge = format!(
        "name: Huge\nsummary: \"{}\"\nresponse: {{}}\n",
        "a".repeat(5 << 20)
    );
    fs::write(product.join("Huge.yaml"), huge).expect("write");
    let big = report(&dir);
    assert!(
        big.contains(
            "big/Huge.yaml: the file is 5242916 bytes; spec files are limited to 4194304 bytes"
        ),
        "{big}"
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_real_specs_and_fixtures_are_valid() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    for tree in ["specs", "tests/fixtures/specs"] {
        if let Err(d) = acs_codegen::load(&root.join(tree)) {
            panic!("{tree}: {d}");
        }
    }
}
