//! `BENCHMARKS.md` from the results: the machine, the commands, and tables of min / median / max with
//! every comparison a ratio measured in the same run.

use std::fmt::Write as _;

use super::Results;

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / 1024.0 / 1024.0)
}

/// The whole report.
pub(crate) fn render(r: &Results) -> String {
    let mut s = String::new();
    s.push_str("# Benchmarks\n\n");
    s.push_str("Written by `cargo xtask bench` (do not edit by hand; run it again). Figures are min / median / max\n");
    s.push_str("over the runs; ratios compare two things measured in the same run on the same machine.\n\n");
    s.push_str("## Machine\n\n| | |\n|---|---|\n");
    for (k, v) in &r.machine {
        let _ = writeln!(s, "| {k} | {v} |");
    }
    s.push_str("\n## Commands\n\n");
    for c in &r.commands {
        let _ = writeln!(s, "- `{c}`");
    }

    s.push_str("\n## Importing the metadata (`cargo xtask import`)\n\n");
    s.push_str("| what | operations | wall s | CPU s | ms per operation (wall) | peak memory |\n");
    s.push_str("|---|---:|---|---|---|---:|\n");
    for g in &r.import {
        let per = g.wall.scaled(1000.0 / g.operations.max(1) as f64);
        let _ = writeln!(
            s,
            "| {} | {} | {:.2} | {:.2} | {:.2} | {} |",
            g.label,
            g.operations,
            g.wall,
            g.cpu,
            per,
            mib(g.peak)
        );
    }

    s.push('\n');
    s.push_str(&super::generation::section(&r.generation));
    s.push('\n');
    s.push_str("\n## Compiling the generated crate (`cargo check -p acs-sdk`)\n\n");
    s.push_str("| build | operations | generated lines | wall s | CPU s | peak compiler memory | s per operation |\n");
    s.push_str("|---|---:|---:|---:|---:|---:|---:|\n");
    for c in &r.checks {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {:.2} | {:.2} | {} | {:.3} |",
            c.label,
            c.operations,
            c.lines,
            c.run.wall,
            c.run.cpu,
            mib(c.run.peak),
            c.run.wall / c.operations.max(1) as f64
        );
    }
    s.push('\n');
    targets(&mut s, r);
    s.push_str(&r.catalogue);
    s.push_str("\n\n");
    s.push_str(&r.runtime);
    s
}

/// The targets of the generated code, each met or missed by how much, and why.
fn targets(s: &mut String, r: &Results) {
    s.push_str(
        "## Targets

",
    );
    if let Some(c) = r.checks.iter().find(|c| c.label.starts_with("catalogue")) {
        let gib = c.run.peak as f64 / 1024.0 / 1024.0 / 1024.0;
        let verdict = |ok: bool, got: String, miss: String| {
            if ok {
                format!("met ({got})")
            } else {
                format!("missed ({got}, {miss})")
            }
        };
        let _ = writeln!(
            s,
            "- `cargo check` of a 1,000-operation catalogue ≤ 60 s: {}; ≤ 3 GB peak compiler memory: {}.",
            verdict(
                c.run.wall <= 60.0,
                format!("{:.1} s", c.run.wall),
                format!("{:.0} % over", (c.run.wall / 60.0 - 1.0) * 100.0)
            ),
            verdict(
                gib <= 3.0,
                format!("{gib:.2} GB"),
                format!("{:.0} % over", (gib / 3.0 - 1.0) * 100.0)
            ),
        );
    }
    let _ = writeln!(s, "{}", super::generation::target_line(&r.generation));
    s.push('\n');
}
