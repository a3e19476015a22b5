//! Insta snapshots of the generated code of the four seed operations and of the fixture products, so a
//! change in the generator or a seed spec shows up as a reviewed diff. The seeds' files are compiled as
//! part of the `acs-sdk` crate (and the fixtures as part of this crate).

use acs_tests::workspace_root;

fn snapshot_name(prefix: &str, path: &str) -> String {
    format!("{prefix}__{}", path.replace(['/', '.'], "_"))
}

/// The four seed operations: the first hand-made specs, now imported with their overlays. The rest of
/// the catalogue is proven fresh by `cargo xtask gen --check` and `cargo xtask import --check`, and each
/// request form and response type by the fixture products below.
const SEEDS: [&str; 4] = [
    "dbs/DescribePreCheckProgressList",
    "dbs/DescribeRestoreTaskList",
    "dts/DescribePreCheckStatus",
    "sas/QueryPreCheckDatabase",
];

#[test]
fn the_seed_operations_are_snapshotted() {
    // A spec tree of the seeds alone, generated as a crate of its own: their files, shapes and enums.
    let specs = workspace_root().join("specs");
    let tree = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("seed-specs");
    let _ = std::fs::remove_dir_all(&tree);
    for seed in SEEDS {
        let (module, _) = seed.split_once('/').unwrap_or_default();
        std::fs::create_dir_all(tree.join(module)).expect("mkdir");
        for file in [
            "_product.yaml".to_owned(),
            format!("{}.yaml", &seed[module.len() + 1..]),
        ] {
            std::fs::copy(
                specs.join(module).join(&file),
                tree.join(module).join(&file),
            )
            .unwrap_or_else(|e| panic!("{seed}: {file}: {e}"));
        }
    }
    let files = acs_codegen::generate(&tree).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        files.len() >= 12,
        "expected the whole crate, got {:?}",
        files.keys()
    );
    for (path, text) in &files {
        insta::assert_snapshot!(snapshot_name("seeds", path), text);
    }
}

#[test]
fn the_fixture_product_is_snapshotted() {
    let root = workspace_root().join("tests/fixtures/specs");
    let krate = acs_codegen::load(&root).unwrap_or_else(|e| panic!("{e}"));
    for product in &krate.products {
        let krate = format!("acs_tests::{}", product.module);
        let files =
            acs_codegen::emit::emit_product(product, &krate).unwrap_or_else(|e| panic!("{e}"));
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
