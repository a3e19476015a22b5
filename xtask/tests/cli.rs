//! `cargo xtask gen` as a user runs it: writes, proves fresh, names stale files, and refuses broken
//! specs with every problem listed and exit code 1.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("specs/demo")).expect("scratch");
    dir
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("xtask runs")
}

const PRODUCT: &str = "code: Demo\ntitle: Demo\nmodule: demo\nversion: \"2020-01-01\"\nendpoints:\n  fallback: demo.aliyuncs.com\n";
const OPERATION: &str = "name: Ping\nsummary: Pings.\nresponse:\n  fields:\n    - name: RequestId\n      type: string\n";

#[test]
fn writes_then_checks_then_names_stale_files() {
    let root = scratch("fresh");
    fs::write(root.join("specs/demo/_product.yaml"), PRODUCT).expect("write");
    fs::write(root.join("specs/demo/Ping.yaml"), OPERATION).expect("write");

    let out = xtask(&root, &["gen", "--check"]);
    assert_eq!(out.status.code(), Some(1), "nothing generated yet");

    let out = xtask(&root, &["gen"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        printed.contains("created generated/products/demo/ping.rs"),
        "{printed}"
    );
    assert!(root.join("generated/Cargo.toml").is_file());

    let out = xtask(&root, &["gen", "--check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    fs::write(
        root.join("generated/products/demo/ping.rs"),
        "// edited by hand\n",
    )
    .expect("edit");
    fs::write(root.join("generated/src/stray.rs"), "").expect("stray");
    let out = xtask(&root, &["gen", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("stale: updated generated/products/demo/ping.rs"),
        "{err}"
    );
    assert!(
        err.contains("stale: removed generated/src/stray.rs"),
        "{err}"
    );
    assert!(err.contains("run `cargo xtask gen` and commit"), "{err}");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_broken_spec_lists_every_problem_and_exits_1() {
    let root = scratch("broken");
    fs::write(root.join("specs/demo/_product.yaml"), PRODUCT).expect("write");
    // A keyword as a wire name is fine (it becomes `r#type`); a range on a string is not.
    let broken = "name: Pong\nsummary: Pongs.\nrequest:\n  - name: Type\n    type: string\n    range: { min: 1 }\nresponse:\n  fields:\n    - name: Items\n      type: array\n";
    fs::write(root.join("specs/demo/Ping.yaml"), broken).expect("write");
    let out = xtask(&root, &["gen"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("specs/demo/Ping.yaml:1:1: name: the operation is `Pong`"),
        "{err}"
    );
    assert!(
        err.contains(
            "Ping.yaml:6:5: request[0].range: `range` applies to integer, long and double fields"
        ),
        "{err}"
    );
    assert!(
        err.contains("Ping.yaml:9:5: response.fields[0]: `type: array` needs `items`"),
        "{err}"
    );
    assert!(err.contains("3 problem(s) found"), "{err}");
    assert!(
        !err.contains(&*root.to_string_lossy()),
        "paths are shown relative to the workspace: {err}"
    );
    assert!(!root.join("generated").exists(), "nothing is written");
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_broken_fixture_leaves_the_generated_crate_untouched() {
    let root = scratch("all-or-nothing");
    fs::write(root.join("specs/demo/_product.yaml"), PRODUCT).expect("write");
    fs::write(root.join("specs/demo/Ping.yaml"), OPERATION).expect("write");
    let fixture = root.join("tests/fixtures/specs/demo");
    fs::create_dir_all(&fixture).expect("fixture dir");
    fs::write(fixture.join("_product.yaml"), PRODUCT).expect("write");
    fs::write(fixture.join("Ping.yaml"), "name: Ping\n").expect("write");
    let out = xtask(&root, &["gen"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing field `summary`"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        !root.join("generated").exists(),
        "the specs were fine, but nothing is written while the fixture is broken"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn an_empty_spec_tree_is_refused() {
    let root = scratch("empty");
    let out = xtask(&root, &["gen"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no spec files found"), "{err}");
    let _ = fs::remove_dir_all(&root);
}
