//! `cargo check` of the generated crates: the real specs with all products, each product feature alone,
//! and the 1,000-operation catalogue; each measured after its dependencies are built (and with the
//! generated crates' roots touched, so they alone are checked again), so the figure is the generated
//! code's own cost. Incremental compilation is off, as in CI and release builds: its cache would make
//! a second check of unchanged code nearly free and the figure meaningless.

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
    let env = [
        ("CARGO_TARGET_DIR", target.as_str()),
        ("CARGO_INCREMENTAL", "0"),
    ];
    let mut out = Vec::new();

    // Dependencies first, so what follows measures the generated crate alone.
    must(root, &env, cargo, &["check", "-q", "-p", "acs-sdk"])?;
    let products = products(&root.join("specs"))?;
    let mut configs: Vec<(String, Vec<String>, usize, usize)> = vec![(
        "real specs, every product".to_owned(),
        vec![],
        real_ops,
        generated_lines(&root.join("generated"), None),
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
            generated_lines(&root.join("generated"), Some(module)),
        ));
    }
    for (label, extra, ops, lines) in configs {
        touch_crates(&root.join("generated"))?;
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
        touch_crates(&catalogue.join("generated"))?;
        let run = measure::run(&catalogue, &env, cargo, &["check", "-q", "-p", "acs-sdk"])?;
        out.push(Check {
            label: "catalogue of 1,000 operations".to_owned(),
            operations: 1000,
            lines: generated_lines(&catalogue.join("generated"), None),
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

/// Lines of generated Rust: the facade crate's and every product crate's, or the facade's and one
/// product's.
fn generated_lines(generated: &Path, only: Option<&str>) -> usize {
    let mut total = lines(&generated.join("src"));
    let Ok(products) = std::fs::read_dir(generated.join("products")) else {
        return total;
    };
    for product in products.flatten() {
        let name = product.file_name();
        if only.is_none_or(|m| name.to_str() == Some(m)) {
            total += lines(&product.path());
        }
    }
    total
}

/// Lines of every `.rs` file below `src`.
fn lines(src: &Path) -> usize {
    let mut total = 0;
    let Ok(entries) = std::fs::read_dir(src) else {
        return 0;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            total += lines(&path);
        } else if path.extension().is_some_and(|e| e == "rs") {
            total += std::fs::read_to_string(&path)
                .map(|t| t.lines().count())
                .unwrap_or(0);
        }
    }
    total
}

/// Marks the root of the facade crate and of every product crate changed, so cargo checks them again.
fn touch_crates(generated: &Path) -> Result<(), String> {
    touch(&generated.join("src/lib.rs"))?;
    if let Ok(products) = std::fs::read_dir(generated.join("products")) {
        for product in products.flatten() {
            touch(&product.path().join("lib.rs"))?;
        }
    }
    Ok(())
}

/// Marks a file changed so cargo rebuilds its crate.
fn touch(path: &Path) -> Result<(), String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}
