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

    s.push_str("\n## Generation (`cargo xtask gen`)\n\n");
    s.push_str(
        "| spec tree | operations | wall s | CPU s | ms per operation (wall) | peak memory |\n",
    );
    s.push_str("|---|---:|---|---|---|---:|\n");
    for g in &r.generation {
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
    let catalogues: Vec<_> = r
        .generation
        .iter()
        .filter(|g| g.label.starts_with("catalogue"))
        .collect();
    if let (Some(first), Some(last)) = (catalogues.first(), catalogues.last())
        && first.operations < last.operations
    {
        let per = |g: &super::Generation| g.wall.median / g.operations as f64;
        let _ = writeln!(
            s,
            "\nGrowth: {:.2}× the operations ({} → {}) took {:.2}× the time per operation and {:.2}× the peak memory.",
            last.operations as f64 / first.operations as f64,
            first.operations,
            last.operations,
            per(last) / per(first),
            last.peak as f64 / first.peak.max(1) as f64
        );
    }

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
    s.push_str(&r.runtime);
    s
}
