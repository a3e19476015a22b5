//! The `spec_loader` target: arbitrary bytes written as one operation file into a scratch spec tree
//! whose product file is valid (the demo product of the test fixtures, so its enums can be referred to),
//! then loaded, validated and generated with `acs_codegen::generate`.
//!
//! The file is named after the input's first `name:` line when that is a plain name, so real specs (the
//! seeds) stay valid and the fuzzer starts from accepted files; otherwise `Op.yaml`.
//!
//! Asserted for every input: no panic; a refused tree lists at least one diagnostic, each with a
//! message; an accepted tree generates (the generator re-parses every file it prints as Rust, so invalid
//! output is an `Emit` error here, and a failure). Time is bounded by libFuzzer's `-timeout`.

use std::fs;
use std::path::PathBuf;

use acs_codegen::GenerateError;

/// Bits of YAML the stable driver inserts: anchors, aliases, tags, explicit keys, flow collections.
pub const DICTIONARY: &[&str] = &[
    "&a ",
    "*a",
    "!t ",
    "? ",
    "<<: *a",
    "--- ",
    "[[[[",
    "{a: {a: ",
    "\n  - ",
    ": ",
    "type: object\n",
    "shape: ",
    "enum: WidgetColor",
    "{region_id}",
    "\"\\u0000\"",
    "|-\n",
];

/// The product file of every scratch tree.
const PRODUCT: &str = include_str!("../../tests/fixtures/specs/demo/_product.yaml");

/// The scratch spec tree of this process (libFuzzer's `-fork` and `-jobs` run several).
fn scratch() -> PathBuf {
    std::env::temp_dir().join(format!("acs-fuzz-spec_loader-{}", std::process::id()))
}

/// The operation name an input declares, if it can be a file name.
fn file_name(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    text.lines()
        .find_map(|l| l.strip_prefix("name:"))
        .map(|n| n.trim().trim_matches(|c| c == '"' || c == '\'').to_owned())
        .filter(|n| {
            !n.is_empty()
                && n.len() <= 100
                && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        })
        .unwrap_or_else(|| "Op".to_owned())
}

/// Runs every check on one input.
pub fn check(data: &[u8]) {
    let root = scratch();
    let product = root.join("demo");
    let _ = fs::remove_dir_all(&product);
    fs::create_dir_all(&product).expect("scratch spec folder");
    fs::write(product.join("_product.yaml"), PRODUCT).expect("product file");
    fs::write(product.join(format!("{}.yaml", file_name(data))), data).expect("operation file");
    let outcome = acs_codegen::generate(&root);
    if std::env::var_os("ACS_FUZZ_VERBOSE").is_some() {
        match &outcome {
            Ok(files) => eprintln!("accepted: {} files generated", files.len()),
            Err(e) => eprintln!("refused: {e}"),
        }
    }
    match outcome {
        Ok(files) => assert!(!files.is_empty(), "accepted specs generated no file"),
        Err(GenerateError::Specs(problems)) => {
            assert!(!problems.is_empty(), "refused with no problem listed");
            for d in problems.iter() {
                assert!(
                    !d.message.trim().is_empty(),
                    "a diagnostic without a message: {d:?}"
                );
            }
        }
        Err(GenerateError::Emit(e)) => panic!("accepted specs failed to emit: {e}"),
    }
}
