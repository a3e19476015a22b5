//! The catalogue's targets (issue 16), each met or missed by how much, from the measured figures: no
//! product version refused; at most 1 % of any product's operations left out, each with its reason;
//! `cargo check` of every product at most 25 ms and 1 MB of compiler memory per operation. And a
//! least-squares line through the crates' figures, which separates what a crate costs whatever its size
//! from what each operation adds: the per-operation targets divide both by the operations, so a small
//! product misses them on the fixed part alone.

use std::fmt::Write as _;

use super::{Catalogue, Checked, State};

const MS_PER_OPERATION: f64 = 25.0;
const MB_PER_OPERATION: f64 = 1.0;
const LEFT_OUT_SHARE: f64 = 0.01;

/// A crate measured: (module, operations, CPU seconds, peak bytes).
type Measured = (String, usize, f64, u64);

fn verdict(ok: bool, text: String) -> String {
    if ok {
        format!("**met** ({text})")
    } else {
        format!("**missed** ({text})")
    }
}

/// Writes the targets subsection.
pub(crate) fn targets(s: &mut String, c: &Catalogue) {
    s.push_str("### Targets\n\n");
    let rpc: Vec<_> = c
        .versions
        .iter()
        .filter(|v| !matches!(v.state, State::Skipped(_)))
        .collect();
    let refused: Vec<String> = rpc
        .iter()
        .filter(|v| matches!(v.state, State::Refused { .. }))
        .map(|v| format!("`{}`", v.found.product))
        .collect();
    let _ = writeln!(
        s,
        "- Import, no product version refused: {}.",
        verdict(
            refused.is_empty(),
            if refused.is_empty() {
                format!("{} of {} imported", rpc.len(), rpc.len())
            } else {
                format!(
                    "{} of {} refused: {}",
                    refused.len(),
                    rpc.len(),
                    refused.join(", ")
                )
            }
        )
    );

    // Left out: the worst share over the imported versions, and operations without a reason.
    let mut over = Vec::new();
    let mut worst: Option<(f64, String)> = None;
    let mut unexplained = 0;
    let mut imported = 0;
    for v in &rpc {
        let State::Imported(imp) = &v.state else {
            continue;
        };
        imported += 1;
        let share = imp.left_out.len() as f64 / v.operations.max(1) as f64;
        if worst.as_ref().is_none_or(|(w, _)| share > *w) {
            worst = Some((share, format!("`{}` {}", v.found.product, v.found.version)));
        }
        if share > LEFT_OUT_SHARE {
            over.push(format!("`{}` {:.1} %", v.found.product, share * 100.0));
        }
        unexplained += imp
            .left_out
            .values()
            .filter(|r| r.iter().any(|r| r == super::notes::NO_REASON))
            .count();
    }
    match worst {
        None => s.push_str(
            "- Operations left out ≤ 1 % of any product, each with its reason: not measured (no product version imported).\n",
        ),
        Some((share, which)) => {
            let ok = over.is_empty() && unexplained == 0;
            let mut text = format!("worst {:.1} % ({which}), over {imported} imported product version(s)", share * 100.0);
            if !over.is_empty() {
                let _ = write!(text, "; over 1 %: {}", over.join(", "));
            }
            let _ = write!(text, "; {unexplained} left out without a reason listed");
            if !refused.is_empty() {
                text.push_str("; the refused ones are counted by the target above");
            }
            let _ = writeln!(s, "- Operations left out ≤ 1 % of any product, each with its reason: {}.", verdict(ok, text));
        }
    }

    // Check cost per operation, over the crates measured; an imported product that did not compile misses.
    let mut measured: Vec<Measured> = Vec::new();
    let mut failed = Vec::new();
    for v in &rpc {
        let State::Imported(imp) = &v.state else {
            continue;
        };
        for m in &imp.modules {
            match &m.checked {
                Checked::Yes(Some(run)) if m.operations > 0 => {
                    measured.push((m.name.clone(), m.operations, run.cpu, run.peak))
                }
                Checked::Yes(_) => {}
                Checked::No(_) => failed.push(format!("`{}`", m.name)),
            }
        }
    }
    let not_measured = if refused.is_empty() {
        String::new()
    } else {
        format!("; not measured for the {} refused", refused.len())
    };
    for (what, limit, unit, per) in [
        (
            "`cargo check` ≤ 25 ms (CPU) per operation for every product",
            MS_PER_OPERATION,
            "ms",
            (|m: &Measured| m.2 * 1000.0 / m.1 as f64) as fn(&Measured) -> f64,
        ),
        (
            "≤ 1 MB of compiler memory per operation",
            MB_PER_OPERATION,
            "MB",
            |m: &Measured| m.3 as f64 / 1e6 / m.1 as f64,
        ),
    ] {
        if measured.is_empty() {
            let _ = writeln!(s, "- {what}: not measured (no crate compiled).");
            continue;
        }
        let mut misses: Vec<(f64, String)> = measured
            .iter()
            .map(|m| (per(m), m.0.clone()))
            .filter(|(x, _)| *x > limit)
            .collect();
        misses.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let best = measured.iter().map(per).fold(f64::INFINITY, f64::min);
        let worst = measured.iter().map(per).fold(0.0, f64::max);
        let mut text = format!(
            "{:.2} to {:.2} {unit} per operation over {} crate(s)",
            best,
            worst,
            measured.len()
        );
        if !misses.is_empty() {
            let list: Vec<String> = misses
                .iter()
                .map(|(x, m)| format!("`{m}` {x:.2} ({:.2}×)", x / limit))
                .collect();
            let _ = write!(text, "; over {limit} {unit}: {}", list.join(", "));
        }
        if !failed.is_empty() {
            let _ = write!(text, "; did not compile: {}", failed.join(", "));
        }
        text.push_str(&not_measured);
        let _ = writeln!(
            s,
            "- {what}: {}.",
            verdict(misses.is_empty() && failed.is_empty(), text)
        );
    }
    if let (Some(time), Some(memory)) = (
        fit(&measured, |m| m.2),
        fit(&measured, |m| m.3 as f64 / 1e6),
    ) {
        let margin = |slope: f64, limit: f64, unit: &str| {
            if slope <= limit {
                format!("within the {limit} {unit} target")
            } else {
                format!("{:.2}× the {limit} {unit} target", slope / limit)
            }
        };
        let _ = write!(
            s,
            "\nA straight line through the {} crates' figures (least squares): check CPU time ≈ {:.2} s + {:.2} ms \
             per operation, compiler memory ≈ {:.0} MB + {:.2} MB per operation. What one more operation costs is the \
             slope: {:.2} ms, {}; {:.2} MB, {}.",
            measured.len(),
            time.0,
            time.1 * 1000.0,
            memory.0,
            memory.1,
            time.1 * 1000.0,
            margin(time.1 * 1000.0, MS_PER_OPERATION, "ms"),
            memory.1,
            margin(memory.1, MB_PER_OPERATION, "MB"),
        );
        if memory.0 > 0.0 {
            let _ = write!(
                s,
                " The {:.0} MB every crate pays whatever its size (rustc itself and the metadata of the runtime \
                 and its dependencies) is spread over few operations in a small product, which is why the smallest \
                 miss the memory target by the most.",
                memory.0
            );
        }
        s.push('\n');
    }
    s.push('\n');
}

/// Intercept and slope of `y` against operations, when at least two sizes differ.
fn fit(points: &[Measured], y: impl Fn(&Measured) -> f64) -> Option<(f64, f64)> {
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let mx = points.iter().map(|p| p.1 as f64).sum::<f64>() / n;
    let my = points.iter().map(&y).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.1 as f64 - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = points.iter().map(|p| (p.1 as f64 - mx) * (y(p) - my)).sum();
    let slope = sxy / sxx;
    Some((my - slope * mx, slope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_a_line() {
        let points: Vec<Measured> = vec![
            ("a".into(), 10, 1.0 + 0.1, 0),
            ("b".into(), 100, 1.0 + 1.0, 0),
            ("c".into(), 1000, 1.0 + 10.0, 0),
        ];
        let (a, b) = fit(&points, |p| p.2).unwrap();
        assert!((a - 1.0).abs() < 1e-9 && (b - 0.01).abs() < 1e-12);
        assert!(fit(&points[..1], |p| p.2).is_none());
        let same: Vec<Measured> = vec![("a".into(), 5, 1.0, 0), ("b".into(), 5, 2.0, 0)];
        assert!(fit(&same, |p| p.2).is_none());
    }
}
