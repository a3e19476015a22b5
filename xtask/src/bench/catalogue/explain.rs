//! The lists under the catalogue's table: the product versions the importer refused (its first lines),
//! the modules that did not compile (their first errors), and what was left out, grouped by reason.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::report::label;
use super::{Catalogue, Checked, Imported, State, Version, notes};

pub(crate) fn refused(s: &mut String, c: &Catalogue) {
    let refused: Vec<(&Version, &Vec<String>)> = c
        .versions
        .iter()
        .filter_map(|v| match &v.state {
            State::Refused { output, .. } => Some((v, output)),
            _ => None,
        })
        .collect();
    if refused.is_empty() {
        return;
    }
    s.push_str("### Refused by the importer\n\nThe importer's first lines of output for each:\n\n");
    for (v, output) in refused {
        let _ = writeln!(
            s,
            "- {} ({} operations):\n\n  ```text",
            label(v),
            v.operations
        );
        for line in output {
            let _ = writeln!(s, "  {line}");
        }
        s.push_str("  ```\n\n");
    }
}

pub(crate) fn not_compiled(s: &mut String, c: &Catalogue) {
    let mut rows = String::new();
    for v in &c.versions {
        let State::Imported(imp) = &v.state else {
            continue;
        };
        for m in &imp.modules {
            if let Checked::No(why) = &m.checked {
                let _ = writeln!(
                    rows,
                    "- {} → `{}`: {}",
                    label(v),
                    m.name,
                    why.replace('`', "'")
                );
            }
        }
    }
    if !rows.is_empty() {
        s.push_str("### Imported but not compiled\n\n");
        s.push_str(&rows);
        s.push('\n');
    }
}

pub(crate) fn left_out(s: &mut String, c: &Catalogue) {
    s.push_str("### Left out, by reason\n\n");
    let rows = grouped_rows(c, |imp| (&imp.left_out, !imp.listed));
    if rows.is_empty() {
        s.push_str("No operation of an imported product version was left out.\n\n");
    } else {
        s.push_str(
            "Reasons from each module's `LEFT_OUT.md`, grouped without the parameter path they start with; an \
             operation missing from the specs that no row names is counted as left out \"without a reason listed\", \
             and one with several reasons under each.\n\n",
        );
        s.push_str("| product version | reason | operations | e.g. |\n|---|---|---:|---|\n");
        s.push_str(&rows);
        s.push('\n');
    }
    let rows = grouped_rows(c, |imp| (&imp.parts, false));
    if !rows.is_empty() {
        s.push_str(
            "Parts left out of operations that were imported (the operation is in the specs without them), by \
             reason:\n\n",
        );
        s.push_str("| product version | reason | operations | e.g. |\n|---|---|---:|---|\n");
        s.push_str(&rows);
        s.push('\n');
    }
}

/// Table rows of (operation → reasons) grouped by reason, per imported product version; `pick` gives the
/// map and whether the version has no `LEFT_OUT.md` (which an unexplained row then says).
fn grouped_rows(
    c: &Catalogue,
    pick: impl Fn(&Imported) -> (&BTreeMap<String, Vec<String>>, bool),
) -> String {
    let mut rows = String::new();
    for v in &c.versions {
        let State::Imported(imp) = &v.state else {
            continue;
        };
        let (map, unlisted) = pick(imp);
        for (mut reason, ops) in notes::grouped(map) {
            if reason == notes::NO_REASON && unlisted {
                reason.push_str(" (the module has no `LEFT_OUT.md`)");
            }
            let mut shown: Vec<String> = ops.iter().take(4).map(|o| format!("`{o}`")).collect();
            if ops.len() > 4 {
                shown.push("…".to_owned());
            }
            let _ = writeln!(
                rows,
                "| {} | {} | {} | {} |",
                label(v),
                reason.replace('|', "\\|"),
                ops.len(),
                shown.join(", ")
            );
        }
    }
    rows
}
