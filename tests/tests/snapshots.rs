//! Insta snapshots of every generated file, so a change in the generator or a spec shows up as a reviewed
//! diff. The files themselves are compiled as the `acs-sdk` crate (and the fixture as part of this crate).

use acs_tests::workspace_root;

fn snapshot_name(prefix: &str, path: &str) -> String {
    format!("{prefix}__{}", path.replace(['/', '.'], "_"))
}

#[test]
fn every_generated_sdk_file_is_snapshotted() {
    let files =
        acs_codegen::generate(&workspace_root().join("specs")).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        files.len() >= 10,
        "expected the whole crate, got {:?}",
        files.keys()
    );
    for (path, text) in &files {
        insta::assert_snapshot!(snapshot_name("sdk", path), text);
    }
}

#[test]
fn the_fixture_product_is_snapshotted() {
    let root = workspace_root().join("tests/fixtures/specs");
    let krate = acs_codegen::load(&root).unwrap_or_else(|e| panic!("{e}"));
    for product in &krate.products {
        let files = acs_codegen::emit::emit_product(product).unwrap_or_else(|e| panic!("{e}"));
        for (path, text) in &files {
            insta::assert_snapshot!(snapshot_name(&product.module, path), text);
        }
    }
}

#[test]
fn generated_files_on_disk_are_fresh() {
    let root = workspace_root();
    let files = acs_codegen::generate(&root.join("specs")).unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &files {
        let on_disk =
            std::fs::read_to_string(root.join("generated").join(path)).unwrap_or_default();
        assert!(
            on_disk == *text,
            "generated/{path} is stale: run `cargo xtask gen` and commit"
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let root = workspace_root().join("specs");
    let first = acs_codegen::generate(&root).unwrap_or_else(|e| panic!("{e}"));
    let second = acs_codegen::generate(&root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first, second);
    for text in first.values() {
        assert!(
            text.starts_with("# @generated") || text.starts_with("// @generated"),
            "missing preamble:\n{text}"
        );
    }
}
