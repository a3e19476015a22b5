//! `cargo xtask bench runtime`: builds and runs the `acs-bench` binary alone and replaces only the
//! runtime section of `BENCHMARKS.md` (per-call cost: signing, decoding, whole calls against raw
//! reqwest, each with its target met or missed), keeping every other section as it stands.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use super::catalogue::splice;

/// The line that opens the section (recognised by its start, so its wording may change).
pub(crate) const START: &str = "<!-- runtime: start. Written by `cargo xtask bench runtime` (and `cargo xtask bench`); only what lies between these markers is replaced. -->";
const START_PREFIX: &str = "<!-- runtime: start";
/// The line that closes the section.
pub(crate) const END: &str = "<!-- runtime: end -->";
/// The heading `acs-bench` writes first.
const HEADING: &str = "## Runtime (`acs-bench`)";

/// `acs-bench`'s output between the section's markers.
pub(crate) fn section(output: &str) -> String {
    format!("{START}\n\n{}\n\n{END}", output.trim_end())
}

/// Puts `section` (markers included) into `existing`: between the markers when they are there; in place
/// of an unmarked runtime section (from its heading to the next `## ` heading or marker line, or the end);
/// at the end otherwise.
pub(crate) fn replace(existing: &str, section: &str) -> Result<String, String> {
    if !existing.contains(START_PREFIX)
        && !existing.contains(END)
        && let Some(start) = existing.find(HEADING)
    {
        let after = start + HEADING.len();
        let end = [
            existing[after..].find("\n## "),
            existing[after..].find("\n<!-- "),
        ]
        .into_iter()
        .flatten()
        .min()
        .map_or(existing.len(), |n| after + n + 1);
        let rest = &existing[end..];
        return Ok(if rest.is_empty() {
            format!("{}{section}\n", &existing[..start])
        } else {
            format!("{}{section}\n\n{rest}", &existing[..start])
        });
    }
    if !existing.contains(START_PREFIX) && !existing.contains(END) {
        return Ok(format!("{}\n\n{section}\n", existing.trim_end()));
    }
    splice::replace_marked(existing, section, START_PREFIX, END)
}

/// Builds `acs-bench` (release) and runs it; its Markdown section.
pub(crate) fn measure(root: &Path, cargo: &str) -> Result<String, String> {
    eprintln!("== building acs-bench (release)");
    super::must(
        root,
        &[],
        cargo,
        &[
            "build",
            "--release",
            "-q",
            "-p",
            "acs-tests",
            "--bin",
            "acs-bench",
        ],
    )?;
    run_bench(root)
}

/// Runs the built `acs-bench`; its Markdown section.
pub(crate) fn run_bench(root: &Path) -> Result<String, String> {
    eprintln!("== runtime (acs-bench, about two minutes)");
    let out = Command::new(root.join("target/release/acs-bench"))
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run acs-bench: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "acs-bench failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `cargo xtask bench runtime [--out FILE]`.
pub fn run(root: &Path, args: &[&str]) -> ExitCode {
    let mut out = root.join("BENCHMARKS.md");
    match args {
        [] => {}
        ["--out", file] => out = PathBuf::from(file),
        _ => {
            eprintln!("usage: {}", super::USAGE);
            return ExitCode::from(2);
        }
    }
    let text = match measure(root, &super::cargo()) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let existing = std::fs::read_to_string(&out).unwrap_or_default();
    let new = match replace(&existing, &section(&text)) {
        Ok(new) => new,
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            return ExitCode::from(1);
        }
    };
    if let Err(e) = std::fs::write(&out, new) {
        eprintln!("error: cannot write {}: {e}", out.display());
        return ExitCode::from(1);
    }
    println!("wrote the runtime section of {}", out.display());
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_an_unmarked_runtime_section_to_the_end() {
        let old = "# Benchmarks\n\n## Targets\n\nx\n\n## Runtime (`acs-bench`)\n\n### a\n\nold\n";
        let new = replace(old, &section("## Runtime (`acs-bench`)\n\nnew\n")).unwrap();
        assert!(new.starts_with("# Benchmarks\n\n## Targets\n\nx\n\n<!-- runtime: start"));
        assert!(new.contains("\nnew\n"));
        assert!(!new.contains("old"));
        assert!(new.ends_with("<!-- runtime: end -->\n"));
    }

    #[test]
    fn keeps_what_follows_an_unmarked_section() {
        let old = "# B\n\n## Runtime (`acs-bench`)\n\nold\n\n## CLI\n\nkept\n";
        let new = replace(old, &section("## Runtime (`acs-bench`)\n\nnew")).unwrap();
        assert!(!new.contains("old"));
        assert!(
            new.ends_with("<!-- runtime: end -->\n\n## CLI\n\nkept\n"),
            "{new}"
        );
    }

    #[test]
    fn replaces_between_markers_and_nothing_else() {
        let first = replace("# B\n\n## Other\n\nkept\n", &section("one")).unwrap();
        let second = replace(&first, &section("two")).unwrap();
        assert!(second.contains("## Other\n\nkept\n"));
        assert!(second.contains("two") && !second.contains("one"));
        assert_eq!(second.matches(START_PREFIX).count(), 1);
    }
}
