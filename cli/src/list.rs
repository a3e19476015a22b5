//! `acs list [module]`: the operations of the catalogue as an aligned table, one per line, with the
//! columns a caller needs before calling: module, action, API version, HTTP method, the RAM action to
//! grant, and whether the operation is deprecated.

use crate::catalog;
use acs_runtime::OperationInfo;

use crate::failure::Failure;
use crate::lookup;
use crate::output::write_out;

const HEADER: [&str; 6] = [
    "MODULE",
    "ACTION",
    "VERSION",
    "METHOD",
    "RAM ACTION",
    "DEPRECATED",
];

/// Prints every operation, or those of `module` (a usage failure when it has none).
pub fn run(module: Option<&str>) -> Result<(), Failure> {
    let ops = match module {
        Some(m) => lookup::module(m)?,
        None => catalog::operations(),
    };
    write_out(&table(&ops))
}

/// The table of `ops`, header first, columns separated by two spaces, without trailing spaces.
fn table(ops: &[&OperationInfo]) -> String {
    let mut rows: Vec<[String; 6]> = vec![HEADER.map(str::to_owned)];
    rows.extend(ops.iter().map(|o| {
        [
            o.service.module.to_owned(),
            o.action.to_owned(),
            o.service.version.to_owned(),
            o.method.as_str().to_owned(),
            o.ram_action.unwrap_or("-").to_owned(),
            if o.deprecated { "yes" } else { "no" }.to_owned(),
        ]
    }));
    let mut widths = [0usize; 6];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                line.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths[i] - cell.chars().count();
                    line.extend(std::iter::repeat_n(' ', pad));
                }
            }
            line.trim_end().to_owned()
        })
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_a_row_per_operation_aligned_under_the_header() {
        let ops = catalog::operations();
        let text = table(&ops);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), ops.len() + 1);
        // The module column is as wide as the longest module name (`resourcemanager`).
        assert!(
            lines[0].starts_with("MODULE ") && lines[0].contains(" ACTION "),
            "{}",
            lines[0]
        );
        let column = lines[0].find("VERSION").expect("header");
        for (line, op) in lines[1..].iter().zip(&ops) {
            assert!(line.starts_with(op.service.module), "{line}");
            assert_eq!(
                &line[column..column + op.service.version.len()],
                op.service.version,
                "{line}"
            );
            assert!(line.ends_with(" no") || line.ends_with(" yes"), "{line}");
        }
    }
}
