//! `cargo check` of the generated crate: the real specs with all products, each product feature alone,
//! and the 1,000-operation catalogue; each measured after its dependencies are built, so the figure is
//! the generated crate's own cost.

use std::path::Path;

use super::{Check, measure, must};

/// Every check measurement.
pub(crate) fn all(
    root: &Path,
    bench: &Path,
    cargo: &str,
    real_ops: usize,
) -> Result<Vec<Check>, String> {
    let target = bench.join("check-target");
    let target = target.to_string_lossy().into_owned();
    let env = [("CARGO_TARGET_DIR", target.as_str())];
    let mut out = Vec::new();

    // Dependencies first, so what follows measures the generated crate alone.
    must(root, &env, cargo, &["check", "-q", "-p", "acs-sdk"])?;
    let products = products(&root.join("specs"))?;
    let mut configs: Vec<(String, Vec<String>, usize, usize)> = vec![(
        "real specs, every product".to_owned(),
        vec![],
        real_ops,
        lines(&root.join("generated/src"), None),
    )];
    for (module, ops) in &products {
        configs.push((
            format!("real specs, feature `{module}` alone"),
            vec![
                "--no-default-features".to_owned(),
                "--features".to_owned(),
                module.clone(),
            ],
            *ops,
            lines(&root.join("generated/src"), Some(module)),
        ));
    }
    for (label, extra, ops, lines) in configs {
        touch(&root.join("generated/src/lib.rs"))?;
        let mut args = vec!["check", "-q", "-p", "acs-sdk"];
        args.extend(extra.iter().map(String::as_str));
        let run = measure::run(root, &env, cargo, &args)?;
        out.push(Check {
            label,
            operations: ops,
            lines,
            run,
        });
    }

    let catalogue = bench.join("catalogue-1000");
    if catalogue.is_dir() {
        must(&catalogue, &env, cargo, &["check", "-q", "-p", "acs-sdk"])?;
        touch(&catalogue.join("generated/src/lib.rs"))?;
        let run = measure::run(&catalogue, &env, cargo, &["check", "-q", "-p", "acs-sdk"])?;
        out.push(Check {
            label: "catalogue of 1,000 operations".to_owned(),
            operations: 1000,
            lines: lines(&catalogue.join("generated/src"), None),
            run,
        });
    }
    Ok(out)
}

/// The products of a spec tree and how many operations each has.
fn products(specs: &Path) -> Result<Vec<(String, usize)>, String> {
    let set = acs_codegen::spec::load_dir(specs).map_err(|d| d.to_string())?;
    Ok(set
        .products
        .iter()
        .map(|p| (p.product.spec.module.clone(), p.operations.len()))
        .collect())
}

/// Lines of the generated Rust below `src`: every file, or the crate root files and one product's folder.
fn lines(src: &Path, only: Option<&str>) -> usize {
    let mut total = 0;
    let Ok(entries) = std::fs::read_dir(src) else {
        return 0;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if only.is_none_or(|m| m == name) {
                total += lines(&path, None);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            total += std::fs::read_to_string(&path)
                .map(|t| t.lines().count())
                .unwrap_or(0);
        }
    }
    total
}

/// Marks a file changed so cargo rebuilds its crate.
fn touch(path: &Path) -> Result<(), String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
