//! `cargo xtask bench cli`: what building and starting the `acs` command line costs, written into its own
//! section of `BENCHMARKS.md` (between markers, like the catalogue's).
//!
//! In a scratch copy of the workspace (the tracked and new files, so the committed build is what is
//! measured) with a target directory of its own:
//! - a release build of `acs-cli` from nothing: wall time, CPU and the largest process's peak memory;
//! - the growth per 1,000 operations: the same build again after the catalogue crate embeds every product
//!   twice (each product's catalogue under a second name), against a rebuild with the real catalogue,
//!   both incremental in the same target, so the difference is what more operations cost;
//! - start-up: `acs --version` (reads no product: the floor), `acs <largest module> <operation>
//!   --help` (reads one product) and `acs list` (reads every product), best and median of several runs.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use super::catalogue::splice::replace_marked;
use super::measure::{self, Run};

/// The line that opens the section.
const START: &str = "<!-- cli-build: start. Written by `cargo xtask bench cli`; only what lies between these markers is replaced. -->";
const START_PREFIX: &str = "<!-- cli-build: start";
const END: &str = "<!-- cli-build: end -->";

/// Targets of issue 19 for the command line.
const TARGET_BUILD_SECONDS: f64 = 180.0;
const TARGET_PEAK_BYTES: u64 = 2 * 1024 * 1024 * 1024;
const TARGET_GROWTH_SECONDS: f64 = 10.0;
const TARGET_START_MS: f64 = 50.0;

/// Runs of each start-up measurement.
const STARTS: usize = 15;

/// `cargo xtask bench cli [--out FILE]`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let out = match args {
        [] => root.join("BENCHMARKS.md"),
        ["--out", file] => PathBuf::from(file),
        _ => {
            eprintln!("usage: cargo xtask bench cli [--out FILE]");
            return ExitCode::from(2);
        }
    };
    let section = match measure_cli(root) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let existing = std::fs::read_to_string(&out).unwrap_or_default();
    match replace_marked(&existing, &section, START_PREFIX, END)
        .and_then(|text| std::fs::write(&out, text).map_err(|e| e.to_string()))
    {
        Ok(()) => {
            println!("wrote the command line's section of {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            ExitCode::from(1)
        }
    }
}

/// Copies the files git knows of (tracked, or new and not ignored) from `root` to `to`.
fn copy_workspace(root: &Path, to: &Path) -> Result<(), String> {
    let listed = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !listed.status.success() {
        return Err("`git ls-files` failed".to_owned());
    }
    let _ = std::fs::remove_dir_all(to);
    for name in listed.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name);
        let (from, dest) = (root.join(&*name), to.join(&*name));
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::copy(&from, &dest).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    Ok(())
}

/// `(module, operations)` of every product of the catalogue crate in `ws`.
fn products(ws: &Path) -> Result<Vec<(String, usize)>, String> {
    let dir = ws.join("generated/catalog");
    let mut out = Vec::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
        let count = text
            .lines()
            .find_map(|l| l.strip_prefix("product\t"))
            .and_then(|l| l.rsplit('\t').next()?.parse().ok())
            .ok_or_else(|| format!("{}: no product line", path.display()))?;
        let module = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push((module, count));
    }
    out.sort();
    Ok(out)
}

/// The catalogue crate's root embedding every product once, or twice (the second under `<module>_again`).
fn catalogue_lib(products: &[(String, usize)], twice: bool) -> String {
    let mut entries = Vec::new();
    for (m, _) in products {
        entries.push(format!("(\"{m}\", include_str!(\"{m}.txt\"))"));
        if twice {
            entries.push(format!("(\"{m}_again\", include_str!(\"{m}.txt\"))"));
        }
    }
    format!(
        "//! The catalogue, as `cargo xtask bench cli` rewrote it.\n\n/// Products.\npub static PRODUCTS: &[(&str, &str)] = &[{}];\n",
        entries.join(", ")
    )
}

fn build(ws: &Path, target: &str) -> Result<Run, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    measure::run(
        ws,
        &[("CARGO_TARGET_DIR", target), ("CARGO_INCREMENTAL", "0")],
        &cargo,
        &["build", "--release", "-q", "--locked", "-p", "acs-cli"],
    )
}

/// Best and median wall milliseconds of `acs args` over [`STARTS`] runs.
fn start(acs: &Path, args: &[&str]) -> Result<(f64, f64), String> {
    let mut times = Vec::new();
    for _ in 0..STARTS {
        let began = Instant::now();
        let out = Command::new(acs)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run acs: {e}"))?;
        times.push(began.elapsed().as_secs_f64() * 1000.0);
        if !out.status.success() {
            return Err(format!(
                "`acs {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    times.sort_by(f64::total_cmp);
    Ok((times[0], times[times.len() / 2]))
}

fn measure_cli(root: &Path) -> Result<String, String> {
    let scratch = root.join("target/bench/cli-build");
    let ws = scratch.join("workspace");
    let target = scratch.join("target");
    let _ = std::fs::remove_dir_all(&target);
    eprintln!("== copying the workspace to {}", ws.display());
    copy_workspace(root, &ws)?;
    let target_text = target.to_string_lossy().into_owned();
    let products = products(&ws)?;
    let operations: usize = products.iter().map(|(_, n)| n).sum();

    eprintln!("== release build of acs-cli from nothing ({operations} operations)");
    let clean = build(&ws, &target_text)?;

    let lib = ws.join("generated/catalog/lib.rs");
    let original = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    eprintln!("== the catalogue twice ({} operations)", 2 * operations);
    std::fs::write(&lib, catalogue_lib(&products, true)).map_err(|e| e.to_string())?;
    let twice = build(&ws, &target_text)?;
    eprintln!("== the catalogue once again");
    std::fs::write(&lib, catalogue_lib(&products, false)).map_err(|e| e.to_string())?;
    let once = build(&ws, &target_text)?;
    std::fs::write(&lib, original).map_err(|e| e.to_string())?;
    let once_again = build(&ws, &target_text)?;
    let growth = (twice.wall - once.wall) / operations as f64 * 1000.0;

    let acs = target.join("release/acs");
    let (largest, largest_ops) = products
        .iter()
        .max_by_key(|(_, n)| *n)
        .cloned()
        .unwrap_or_default();
    let op = first_operation(&acs, &largest)?;
    eprintln!("== start-up");
    let floor = start(&acs, &["--version"])?;
    let help = start(&acs, &[&largest, &op, "--help"])?;
    let list = start(&acs, &["list"])?;

    let gib = |b: u64| b as f64 / (1024.0 * 1024.0 * 1024.0);
    let met = |ok: bool| if ok { "met" } else { "missed" };
    let machine = format!(
        "{} cores",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    Ok(format!(
        "{START}
## The command line (`cargo xtask bench cli`)

`acs` embeds the catalogue (`generated/catalog`, {operations} operations of {} products) and compiles no
per-operation code. Measured on this machine ({machine}) in a scratch copy of the workspace with a target
directory of its own; the release build runs `cargo build --release --locked -p acs-cli` with incremental
compilation off, as CI builds.

| Measure | Value | Target | |
|---|---|---|---|
| Release build of `acs` from nothing (every dependency) | {:.0} s wall, {:.0} s CPU | ≤ 180 s | {} |
| Peak memory of the largest process of that build | {:.2} GiB | ≤ 2 GiB | {} |
| Rebuild after the catalogue changed, {operations} operations | {:.1} s | | |
| Rebuild with every product embedded twice, {} operations | {:.1} s | | |
| Growth per 1,000 further operations (difference of the two rebuilds) | {:+.2} s | ≤ 10 s | {} |
| Start-up, `acs --version` (reads no product; the floor) | {:.1} ms best, {:.1} ms median | | |
| Start-up, `acs {largest} {op} --help` (reads the largest product, {largest_ops} operations) | {:.1} ms best, {:.1} ms median | ≤ 50 ms | {} |
| `acs list` (reads every product) | {:.1} ms best, {:.1} ms median | | |

The last release with the typed crates linked into `acs` took 8 min 35 s and 2.66 GB for 1,080 operations
(issue 19). A rebuild with the real catalogue restored took {:.1} s (the same as the first rebuild
but for noise).
{END}",
        products.len(),
        clean.wall,
        clean.cpu,
        met(clean.wall <= TARGET_BUILD_SECONDS),
        gib(clean.peak),
        met(clean.peak <= TARGET_PEAK_BYTES),
        once.wall,
        2 * operations,
        twice.wall,
        growth,
        met(growth <= TARGET_GROWTH_SECONDS),
        floor.0,
        floor.1,
        help.0,
        help.1,
        met(help.1 <= TARGET_START_MS),
        list.0,
        list.1,
        once_again.wall,
    ))
}

/// The first operation's subcommand of `module`, from `acs list <module>`.
fn first_operation(acs: &Path, module: &str) -> Result<String, String> {
    let out = Command::new(acs)
        .args(["list", module])
        .output()
        .map_err(|e| format!("cannot run acs: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let action = text
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().nth(1))
        .ok_or_else(|| format!("`acs list {module}` listed nothing"))?;
    Ok(kebab(action))
}

/// `DescribeInstances` → `describe-instances`, as the command line names subcommands.
fn kebab(action: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = action.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if i > 0 && (prev_lower || (next_lower && chars[i - 1].is_ascii_uppercase())) {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(*c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_twice_embeds_each_product_under_a_second_name() {
        let p = vec![("dts".to_owned(), 3)];
        let once = catalogue_lib(&p, false);
        let twice = catalogue_lib(&p, true);
        assert!(once.contains("(\"dts\", include_str!(\"dts.txt\"))"));
        assert!(!once.contains("dts_again"));
        assert!(twice.contains("(\"dts_again\", include_str!(\"dts.txt\"))"));
    }

    #[test]
    fn subcommands_are_kebab_case() {
        assert_eq!(kebab("DescribeInstances"), "describe-instances");
        assert_eq!(kebab("DescribeDBInstances"), "describe-db-instances");
        assert_eq!(kebab("createInstance"), "create-instance");
    }
}
