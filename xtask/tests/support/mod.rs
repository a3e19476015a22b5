//! Shared by the import tests: a scratch workspace holding the `demo` product, the fixture metadata
//! (`xtask/tests/fixtures/import/api-docs.json`, one operation per construct) and overlays, and a way to
//! run `cargo xtask import` in it.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Where the fixture metadata goes in a scratch workspace.
pub const METADATA: &str = "metadata/demo/2020-01-01/api-docs.json";

const PRODUCT: &str = "code: Demo\ntitle: Demo\nmodule: demo\nversion: \"2020-01-01\"\nendpoints:\n  fallback: demo.aliyuncs.com\n";

/// A scratch workspace.
pub struct Workspace {
    /// Its root.
    pub root: PathBuf,
}

impl Workspace {
    /// A fresh workspace named after the test.
    pub fn new(name: &str) -> Self {
        let root = std::env::temp_dir().join(format!("xtask-import-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("specs/demo")).expect("scratch");
        fs::write(root.join("specs/demo/_product.yaml"), PRODUCT).expect("product");
        let metadata = root.join(METADATA);
        fs::create_dir_all(metadata.parent().expect("folder")).expect("metadata folder");
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/api-docs.json");
        fs::copy(fixture, metadata).expect("metadata");
        Workspace { root }
    }

    /// Runs `cargo xtask import ARGS --root ROOT`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("import")
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .output()
            .expect("xtask runs")
    }

    /// Imports `ops` (comma-separated) of the fixture metadata.
    pub fn import(&self, ops: &str, extra: &[&str]) -> Output {
        let metadata = self.root.join(METADATA);
        let mut args = vec![metadata.to_str().expect("utf-8 path"), "--ops", ops];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// The text of `specs/demo/<action>.yaml`.
    pub fn spec(&self, action: &str) -> String {
        fs::read_to_string(self.spec_path(action)).unwrap_or_else(|e| panic!("{action}: {e}"))
    }

    /// The path of `specs/demo/<action>.yaml`.
    pub fn spec_path(&self, action: &str) -> PathBuf {
        self.root.join(format!("specs/demo/{action}.yaml"))
    }

    /// The parsed `specs/demo/<action>.yaml`.
    pub fn yaml(&self, action: &str) -> serde_yaml::Value {
        serde_yaml::from_str(&self.spec(action)).expect("the spec is YAML")
    }

    /// Writes `overlays/demo/<action>.yaml`.
    pub fn overlay(&self, action: &str, text: &str) {
        let dir = self.root.join("overlays/demo");
        fs::create_dir_all(&dir).expect("overlay folder");
        fs::write(dir.join(format!("{action}.yaml")), text).expect("overlay");
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

/// Stdout of a run that must have succeeded.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of `specs/demo/LEFT_OUT.md`.
pub fn left_out(ws: &Workspace) -> String {
    fs::read_to_string(ws.root.join("specs/demo/LEFT_OUT.md")).expect("LEFT_OUT.md")
}

/// Rewrites the scratch workspace's metadata with `change` applied to its text.
pub fn edit_metadata(ws: &Workspace, change: impl FnOnce(String) -> String) {
    let path = ws.root.join(METADATA);
    let text = fs::read_to_string(&path).expect("metadata");
    fs::write(&path, change(text)).expect("metadata written");
}

/// Stderr of a run that must have failed with exit code 1.
pub fn failed(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout:\n{}\nstderr:\n{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
}

/// The field called `name` in a list of fields.
pub fn field<'a>(fields: &'a serde_yaml::Value, name: &str) -> &'a serde_yaml::Value {
    fields
        .as_sequence()
        .and_then(|list| list.iter().find(|f| f["name"].as_str() == Some(name)))
        .unwrap_or_else(|| panic!("no field {name} in {fields:?}"))
}
