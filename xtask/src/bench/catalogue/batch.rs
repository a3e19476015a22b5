//! Grouping the generated product crates into `cargo check` batches, and reading back each crate's own
//! rustc time and memory from inside a batch.
//!
//! A batch is one `cargo check -p A -p B …`: cargo runs at most one rustc per core (two here), so a
//! batch's peak memory is that of its two largest crates at worst, and the operation budget bounds even
//! that. Each rustc of a generated crate runs under `/usr/bin/time` (a `RUSTC_WORKSPACE_WRAPPER`, which
//! cargo applies to workspace members only, so the prebuilt dependencies are not touched), so every
//! crate's seconds and peak memory are its own, measured in its batch, not a share of the batch's.

use std::collections::BTreeMap;

use super::super::measure::{self, Run};

/// The most operations one batch checks. The checks so far (BENCHMARKS.md) peak at about 1.8 MB of
/// compiler memory per operation, so 1,500 operations stay under 3 GB even if every crate of the batch
/// compiled at once, an eighth of the machine's 24 GB; and a batch is then about a minute on two cores,
/// so a failing crate costs little and progress shows. A crate larger than the budget is a batch alone
/// (a crate is never split).
pub(crate) const BUDGET: usize = 1_500;

/// A crate to check: its package name and operations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Crate {
    pub(crate) package: String,
    pub(crate) operations: usize,
}

/// The batches of `crates` under `budget` operations each: first-fit by decreasing size (ties by name),
/// so the large crates are spread over batches and the small ones fill the gaps; each batch's crates
/// then in name order. The same crates always give the same batches.
pub(crate) fn batches(crates: &[Crate], budget: usize) -> Vec<Vec<Crate>> {
    let mut order: Vec<&Crate> = crates.iter().collect();
    order.sort_by(|a, b| {
        b.operations
            .cmp(&a.operations)
            .then_with(|| a.package.cmp(&b.package))
    });
    let mut out: Vec<(usize, Vec<Crate>)> = Vec::new();
    for c in order {
        match out
            .iter_mut()
            .find(|(total, _)| total + c.operations <= budget)
        {
            Some((total, batch)) => {
                *total += c.operations;
                batch.push(c.clone());
            }
            None => out.push((c.operations, vec![c.clone()])),
        }
    }
    out.into_iter()
        .map(|(_, mut batch)| {
            batch.sort_by(|a, b| a.package.cmp(&b.package));
            batch
        })
        .collect()
}

/// The package name and library name (rustc's crate name) of a generated crate's `Cargo.toml`; the
/// library name defaults to the package name with `-` as `_`, as cargo's does.
pub(crate) fn names(manifest: &str) -> Option<(String, String)> {
    let mut section = "";
    let (mut package, mut lib) = (None, None);
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        if key.trim() != "name" {
            continue;
        }
        let value = value.trim().trim_matches('"').to_owned();
        match section {
            "[package]" if package.is_none() => package = Some(value),
            "[lib]" if lib.is_none() => lib = Some(value),
            _ => {}
        }
    }
    let package = package?;
    let lib = lib.unwrap_or_else(|| package.replace('-', "_"));
    Some((package, lib))
}

/// The wrapper cargo runs instead of rustc for the generated crates: rustc under `/usr/bin/time`, its
/// figures written to `$ACS_BENCH_RUSTC_TIMES/<crate>.<pid>` (one file per rustc, so the two running at
/// once do not interleave their lines).
pub(crate) const WRAPPER: &str = r#"#!/bin/sh
# Written by `cargo xtask bench catalogue`: runs rustc under /usr/bin/time, so each generated crate's own
# seconds and peak memory are known inside a batch of several crates.
if [ -z "$ACS_BENCH_RUSTC_TIMES" ]; then exec "$@"; fi
crate=unknown
prev=
for a in "$@"; do
  if [ "$prev" = "--crate-name" ]; then crate=$a; fi
  prev=$a
done
# Cargo's own questions to rustc (`-vV`) name no crate: nothing to measure.
if [ "$crate" = unknown ]; then exec "$@"; fi
exec /usr/bin/time -o "$ACS_BENCH_RUSTC_TIMES/$crate.$$" -f "ACS-RUSTC %e %U %S %M %x" "$@"
"#;

/// One rustc of a crate: its figures and whether it succeeded.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rustc {
    pub(crate) run: Run,
    pub(crate) ok: bool,
}

/// The wrapper's files, `(file name, text)`: rustc crate name → its rustc (the longest one if cargo ran
/// several). Cargo's own probes of rustc (`___`) and unreadable files are ignored.
pub(crate) fn read_times(files: &[(String, String)]) -> BTreeMap<String, Rustc> {
    let mut out: BTreeMap<String, Rustc> = BTreeMap::new();
    for (name, text) in files {
        let Some((krate, _pid)) = name.rsplit_once('.') else {
            continue;
        };
        if krate == "___" || krate == "unknown" {
            continue;
        }
        let Some(line) = text.lines().rev().find(|l| l.starts_with("ACS-RUSTC ")) else {
            continue;
        };
        let Some(run) = measure::parse_line(line) else {
            continue;
        };
        let ok = line.split_whitespace().nth(5) == Some("0");
        let rustc = Rustc { run, ok };
        match out.get(krate) {
            Some(old) if old.run.wall >= run.wall => {}
            _ => {
                out.insert(krate.to_owned(), rustc);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(package: &str, operations: usize) -> Crate {
        Crate {
            package: package.to_owned(),
            operations,
        }
    }

    #[test]
    fn batches_respect_the_budget_and_hold_every_crate_once() {
        let crates = vec![
            c("a", 900),
            c("b", 400),
            c("c", 700),
            c("d", 2000),
            c("e", 100),
            c("f", 100),
            c("g", 600),
        ];
        let got = batches(&crates, 1500);
        let names: Vec<Vec<&str>> = got
            .iter()
            .map(|b| b.iter().map(|c| c.package.as_str()).collect())
            .collect();
        // d alone (over the budget); a + g; c + b + e + f.
        assert_eq!(
            names,
            vec![vec!["d"], vec!["a", "g"], vec!["b", "c", "e", "f"]]
        );
        for batch in &got {
            let total: usize = batch.iter().map(|c| c.operations).sum();
            assert!(batch.len() == 1 || total <= 1500);
        }
        let mut all: Vec<&str> = got.iter().flatten().map(|c| c.package.as_str()).collect();
        all.sort();
        assert_eq!(all, ["a", "b", "c", "d", "e", "f", "g"]);
        // The same crates in another order give the same batches.
        let mut reversed = crates.clone();
        reversed.reverse();
        assert_eq!(batches(&reversed, 1500), got);
        assert!(batches(&[], 1500).is_empty());
        // A budget of zero still checks every crate, one per batch.
        assert_eq!(batches(&crates, 0).len(), crates.len());
    }

    #[test]
    fn names_from_manifests() {
        let toml = "# x\n[package]\nname = \"acs-sdk-r-kvstore\"\n\n[lib]\nname = \"acs_sdk_r_kvstore\"\npath = \"lib.rs\"\n[dependencies]\nname = \"no\"\n";
        assert_eq!(
            names(toml),
            Some((
                "acs-sdk-r-kvstore".to_owned(),
                "acs_sdk_r_kvstore".to_owned()
            ))
        );
        assert_eq!(
            names("[package]\nname = \"acs-sdk-dbs\"\n"),
            Some(("acs-sdk-dbs".to_owned(), "acs_sdk_dbs".to_owned()))
        );
        assert_eq!(names("[lib]\nname = \"x\"\n"), None);
    }

    #[test]
    fn rustc_times() {
        let files = vec![
            (
                "acs_sdk_dbs.10".to_owned(),
                "ACS-RUSTC 2.5 2.0 0.3 204800 0\n".to_owned(),
            ),
            (
                "acs_sdk_sas.11".to_owned(),
                "Command exited with non-zero status 1\nACS-RUSTC 40 39 1 1638400 1\n".to_owned(),
            ),
            (
                "___.12".to_owned(),
                "ACS-RUSTC 0.1 0.1 0 1000 0\n".to_owned(),
            ),
            ("acs_sdk_x.13".to_owned(), "garbage".to_owned()),
            ("nodot".to_owned(), "ACS-RUSTC 1 1 0 1 0\n".to_owned()),
        ];
        let got = read_times(&files);
        assert_eq!(got.len(), 2);
        let dbs = got["acs_sdk_dbs"];
        assert!(dbs.ok);
        assert_eq!(dbs.run.peak, 204800 * 1024);
        assert!((dbs.run.cpu - 2.3).abs() < 1e-9);
        assert!(!got["acs_sdk_sas"].ok);
    }
}
