//! The catalogue section of `BENCHMARKS.md`: coverage and cost per product version, totals, what was
//! refused and left out and why, the batches, and the targets met or missed by how much. The
//! section sits between two markers, so `cargo xtask bench catalogue` can replace it alone and keep the
//! rest of the file ([`super::splice`]).

use std::fmt::Write as _;

use super::splice::{END, START};
use super::{Catalogue, Checked, Imported, State, Version, explain};

/// Megabytes (10⁶ bytes), as the targets count them.
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// `12345` → `12,345`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn minutes(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s >= 60 {
        format!("{} min {} s", s / 60, s % 60)
    } else {
        format!("{s} s")
    }
}

/// `ecs` 2014-05-26.
pub(crate) fn label(v: &Version) -> String {
    format!("`{}` {}", v.found.product, v.found.version)
}

/// Check figures of an imported version over its modules, when every module compiled and was measured.
#[derive(Clone, Copy, Default)]
struct Figures {
    wall: f64,
    cpu: f64,
    peak: u64,
    operations: usize,
}

fn check_figures(imp: &Imported) -> Option<Figures> {
    let mut out = Figures::default();
    for m in &imp.modules {
        let Checked::Yes(Some(run)) = &m.checked else {
            return None;
        };
        out.wall += run.wall;
        out.cpu += run.cpu;
        out.peak = out.peak.max(run.peak);
        out.operations += m.operations;
    }
    (!imp.modules.is_empty()).then_some(out)
}

fn compiled(imp: &Imported) -> bool {
    !imp.modules.is_empty()
        && imp
            .modules
            .iter()
            .all(|m| matches!(m.checked, Checked::Yes(_)))
}

/// The whole section, markers included (no newline after the end marker).
pub(crate) fn section(c: &Catalogue) -> String {
    let mut s = String::new();
    let rpc = c
        .versions
        .iter()
        .filter(|v| !matches!(v.state, State::Skipped(_)))
        .count();
    let _ = writeln!(s, "{START}\n");
    s.push_str("## The whole catalogue (`cargo xtask bench catalogue`)\n\n");
    let _ = writeln!(
        s,
        "Every `<product>/<version>/api-docs.json` below `{}/` ({} file(s), {rpc} RPC-style) imported one by one into the \
         scratch workspace `{}` (`target/release/xtask import FILE --all --root …`, with this workspace's overlays), \
         generated once (`xtask gen --root …`), and its product crates checked in batches of at most {} operations \
         (`CARGO_INCREMENTAL=0 cargo check -p A -p B …`; the runtime and its dependencies built first and not timed). \
         From the first import to the last check, the dependencies' build included, it took {}.\n",
        c.dir.trim_end_matches('/'),
        c.versions.len(),
        c.scratch,
        thousands(c.budget),
        minutes(c.seconds)
    );
    s.push_str(
        "Check figures are each crate's own, not a share of its batch: every rustc of a generated crate ran under \
         `/usr/bin/time` (a `RUSTC_WORKSPACE_WRAPPER`), so its seconds and peak memory are measured inside the batch. \
         Per operation, and against the targets, the CPU time counts: rustc checks a crate on one thread, so its CPU \
         time is its own work, while its wall time also holds waiting for a core (a batch runs two rustc at once on \
         two cores, and the machine may be busy with other work). Memory in MB of 10⁶ bytes. One run each: the import \
         and check medians of the committed products are in the sections above.\n\n",
    );
    if let Some(load) = &c.load {
        let _ = writeln!(
            s,
            "Load average (1, 5, 15 min) when the checks began: {load}.\n"
        );
    }
    table(&mut s, c);
    skipped(&mut s, c);
    explain::refused(&mut s, c);
    explain::not_compiled(&mut s, c);
    explain::left_out(&mut s, c);
    batches(&mut s, c);
    super::targets::targets(&mut s, c);
    s.push_str(END);
    s
}

fn table(s: &mut String, c: &Catalogue) {
    s.push_str("| product version | module | operations | imported | left out | paginators | import s | import peak MB | compiled | check wall s | check CPU s | CPU ms / operation | check peak MB | MB / operation |\n");
    s.push_str("|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
    let dash = "—";
    let (mut ops, mut imported, mut left, mut import_s, mut import_peak) = (0, 0, 0, 0.0, 0);
    let (mut total, mut compiled_n, mut imported_n) = (Figures::default(), 0, 0);
    for v in &c.versions {
        let import = match &v.state {
            State::Skipped(_) => continue,
            State::Refused { import, .. } => *import,
            State::Imported(imp) => imp.import,
        };
        ops += v.operations;
        if let Some(r) = import {
            import_s += r.wall;
            import_peak = import_peak.max(r.peak);
        }
        let import_cells = format!(
            "{} | {}",
            import.map_or(dash.to_owned(), |r| format!("{:.2}", r.wall)),
            import.map_or(dash.to_owned(), |r| format!("{:.0}", mb(r.peak)))
        );
        let State::Imported(imp) = &v.state else {
            left += v.operations;
            let _ = writeln!(
                s,
                "| {} | {dash} | {} | 0 | {} (refused) | {dash} | {import_cells} | refused | {dash} | {dash} | {dash} | {dash} | {dash} |",
                label(v),
                v.operations,
                v.operations,
            );
            continue;
        };
        imported_n += 1;
        imported += imp.imported;
        left += imp.left_out.len();
        let modules: Vec<String> = imp
            .modules
            .iter()
            .map(|m| format!("`{}`", m.name))
            .collect();
        let figures = check_figures(imp);
        if let Some(f) = figures {
            total.wall += f.wall;
            total.cpu += f.cpu;
            total.peak = total.peak.max(f.peak);
            total.operations += f.operations;
        }
        let is_compiled = compiled(imp);
        compiled_n += usize::from(is_compiled);
        let check_cells = match figures {
            Some(f) if f.operations > 0 => format!(
                "{:.2} | {:.2} | {:.2} | {:.0} | {:.2}",
                f.wall,
                f.cpu,
                f.cpu * 1000.0 / f.operations as f64,
                mb(f.peak),
                mb(f.peak) / f.operations as f64
            ),
            _ => format!("{dash} | {dash} | {dash} | {dash} | {dash}"),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {import_cells} | {} | {check_cells} |",
            label(v),
            if modules.is_empty() {
                dash.to_owned()
            } else {
                modules.join(", ")
            },
            v.operations,
            imp.imported,
            imp.left_out.len(),
            imp.paginators.map_or(dash.to_owned(), |n| n.to_string()),
            if is_compiled { "yes" } else { "**no**" },
        );
    }
    let rpc = c
        .versions
        .iter()
        .filter(|v| !matches!(v.state, State::Skipped(_)))
        .count();
    let _ = writeln!(
        s,
        "| **total**: {rpc} product versions, {imported_n} imported, {compiled_n} compiled | | {} | {} | {} | | {:.2} | {:.0} (largest) | {compiled_n} of {rpc} | {:.2} | {:.2} | {} | {:.0} (largest) | |\n",
        thousands(ops),
        thousands(imported),
        thousands(left),
        import_s,
        mb(import_peak),
        total.wall,
        total.cpu,
        if total.operations == 0 {
            dash.to_owned()
        } else {
            format!("{:.2}", total.cpu * 1000.0 / total.operations as f64)
        },
        mb(total.peak),
    );
}

fn skipped(s: &mut String, c: &Catalogue) {
    let list: Vec<String> = c
        .versions
        .iter()
        .filter_map(|v| match &v.state {
            State::Skipped(reason) => Some(format!("{}: {reason}", label(v))),
            _ => None,
        })
        .collect();
    if list.is_empty() {
        s.push_str("Skipped: none (every metadata file is RPC-style).\n\n");
    } else {
        let _ = writeln!(s, "Skipped: {}.\n", list.join("; "));
    }
}

fn batches(s: &mut String, c: &Catalogue) {
    s.push_str("### Generation and batches\n\n");
    let g = &c.generation;
    match (&g.failed, g.run) {
        (Some(lines), _) => {
            let _ = writeln!(
                s,
                "`xtask gen` failed and named no product to set aside, so nothing was checked: `{}`\n",
                lines.join(" / ").replace('`', "'")
            );
        }
        (None, Some(run)) => {
            let _ = writeln!(
                s,
                "`xtask gen --root {}`: {} operations, {:.2} s wall, {:.2} s CPU, {:.0} MB peak ({:.2} ms per operation){}.",
                c.scratch,
                thousands(c.generated_operations),
                run.wall,
                run.cpu,
                mb(run.peak),
                run.wall * 1000.0 / c.generated_operations.max(1) as f64,
                if g.attempts > 1 {
                    format!(
                        "; the run after {} refused, with the products below set aside",
                        g.attempts - 1
                    )
                } else {
                    String::new()
                }
            );
        }
        (None, None) => s.push_str("`xtask gen` gave no timing."),
    }
    for (module, line) in &g.set_aside {
        let _ = writeln!(
            s,
            "\n- `{module}` set aside (its specs refused by `gen`): `{}`",
            line.replace('`', "'")
        );
    }
    s.push('\n');
    if c.batches.is_empty() {
        return;
    }
    s.push_str("| batch | crates | operations | wall s | CPU s | peak compiler MB | result |\n|---:|---|---:|---:|---:|---:|---|\n");
    for (i, b) in c.batches.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            b.packages.join(", "),
            thousands(b.operations),
            b.run.map_or("—".to_owned(), |r| format!("{:.2}", r.wall)),
            b.run.map_or("—".to_owned(), |r| format!("{:.2}", r.cpu)),
            b.run
                .map_or("—".to_owned(), |r| format!("{:.0}", mb(r.peak))),
            if b.ok {
                "ok"
            } else {
                "failed (its crates checked again alone)"
            }
        );
    }
    s.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1500), "1,500");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(minutes(59.4), "59 s");
        assert_eq!(minutes(125.0), "2 min 5 s");
    }
}
